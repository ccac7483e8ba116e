// Authority over approvals (trust-format.md §3 and §6), tried as an attacker
// would — which approvals a copy takes: signed by Node's own keys (jws.mjs)
// for offices that may not lock a month (a child, a sibling, an unknown key,
// one a roster vouched for above its issuer), dated in the future or at
// equal instants written with other offsets, or made by this copy's own key
// under another own office.
// Judged by what the database holds: a full export of every office, the
// approvals kept in the `meta` store's settings (`approvals_taken` and
// `approvals_given`, or one `approvals` list in builds before §6), and
// whether a form save of a record of the month is refused. Helpers:
// authority-approval.mjs and authority-approval-forms.mjs.
// Run against another build with TAIZHANG_DIST=/path/to/dist.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serveDist, launch, loadSample, exportJson, download, inner, CITY, DISTRICT } from './harness.mjs';
import { officeKey } from './jws.mjs';
import { monthHash } from './month-hash.mjs';
import {
  share, PROVINCE, SIBLING, COURT, APRIL, MAY, HOUR, iso, atOffset, freshCopy, fullExport, storedApprovals, holds,
  snapshot, changes, choose, trustRoster, approvalFile, districtCopy, approveButton, reopenButton, reporting, sendBack,
  header, exchangeFile,
} from './authority-approval.mjs';
import { pickCase, lockedOn, addOffice, chooseOwnOffice } from './authority-approval-forms.mjs';

let server, browser;
before(async () => { server = await serveDist(); browser = await launch(); share({ server, browser }); });
after(async () => { await browser?.close(); await server?.close(); });

// ---- 1. Keys that must not lock ----

test('1. keys that may not lock the district\'s April: the court\'s (a child), a sibling\'s, an unknown one, one a roster vouched for above its issuer — each refused, nothing stored, April open; the city\'s own key locks it', async () => {
  const sibling = officeKey();
  const court = officeKey();
  const { page, context, city, errors } = await districtCopy({
    setUp: (p) => addOffice(p, { code: SIBLING, name: '芦淞区委政法委', level: 'county', system: 'committee', parent: CITY }),
    keys: [sibling.listed(SIBLING)],
  });
  // The court's key, trusted on the user's word from a file the court signed.
  const courtFile = exchangeFile({ offices: [] }, {}, { source: COURT });
  const preview = await choose(page, '法院.json', court.sign(courtFile, COURT, 'taizhang-exchange'));
  assert.equal(preview.kind, 'preview', preview.text);
  await page.click('[data-testid="accept-key"]');
  await page.waitForFunction(() => document.querySelector('[data-testid="import-sender"]')?.dataset.trust === 'verified');
  await page.click('[data-testid="import-cancel"]');

  const start = await snapshot(page);
  const sha = monthHash(start.file, DISTRICT, APRIL);
  const at = iso(Date.now() - HOUR);
  const failures = [];
  const attempt = async (label, key, signAs, fields) => {
    const file = approvalFile(key, signAs, { at, sha, ...fields });
    const out = await choose(page, file.name, file.text);
    if (out.kind !== 'errors') failures.push(`${label}: not refused (${out.kind} ${out.taken ?? ''}: ${out.text.slice(0, 120)})`);
    else if (out.pointers.length === 0) failures.push(`${label}: refused without a JSON Pointer`);
    const now = await snapshot(page);
    for (const c of changes(start, now)) failures.push(`${label}: ${c}`);
  };
  await attempt('(a) the court\'s key as the court, by the court', court, COURT, { by: COURT });
  await attempt('(a) the court\'s key as the court, naming the city', court, COURT, { by: CITY });
  await attempt('(a) the court\'s key in the city\'s name', court, CITY, { by: CITY });
  await attempt('(b) a sibling\'s key, by the sibling', sibling, SIBLING, { by: SIBLING });
  await attempt('(b) a sibling\'s key, naming the city', sibling, SIBLING, { by: CITY });
  await attempt('(c) an unknown key as the city', officeKey(), CITY, { by: CITY });

  // (d) The trusted city lists a key for the province (above itself): the whole roster is refused.
  const upward = officeKey();
  const d = await trustRoster(page, city, CITY, [city.listed(CITY), upward.listed(PROVINCE)], '2021-06-01T08:00:00Z');
  if (d.kind !== 'errors') failures.push(`(d) a roster of the city listing a province key: ${d.kind} taken=${d.taken}`);
  await attempt('(d) the key the city vouched for as the province', upward, PROVINCE, { by: PROVINCE });
  // (e) The court (trusted on the user's word) lists a key for the city; the user is fooled into accepting it.
  const fake = officeKey();
  const e = await trustRoster(page, court, COURT, [court.listed(COURT), fake.listed(CITY)], '2021-06-02T08:00:00Z');
  if (e.kind !== 'errors') failures.push(`(e) a roster of the court listing a city key: ${e.kind} taken=${e.taken}`);
  await attempt('(e) the key the court vouched for as the city', fake, CITY, { by: CITY });

  const aprilCase = pickCase(start.file, APRIL, []);
  const lockedNow = await lockedOn(page, aprilCase);
  if (lockedNow) failures.push(`April is locked after the refused approvals: ${lockedNow}`);
  assert.deepEqual(failures, [], 'no key that may not lock the month locked it');

  // Control: the city's key, trusted from its roster, locks April as it is now.
  const real = approvalFile(city, CITY, { at, sha: monthHash(await fullExport(page), DISTRICT, APRIL) });
  const out = await choose(page, real.name, real.text);
  assert.equal(out.kind, 'approval', out.text);
  assert.equal(out.taken, 'locked');
  assert.ok(holds((await storedApprovals(page)).taken, real.approval), 'the city\'s approval is kept as taken');
  assert.match(await lockedOn(page, aprilCase) ?? 'not locked', /2021-04/);
  assert.deepEqual(errors, []);
  await context.close();
});

// ---- 2. Time ----

test('2a. an approval dated in 2099 or more than a day ahead of this copy\'s clock is refused and nothing is stored; 23 hours ahead is taken', async () => {
  const { page, context, city, errors } = await districtCopy();
  const start = await snapshot(page);
  const sha = monthHash(start.file, DISTRICT, APRIL);
  const aprilCase = pickCase(start.file, APRIL, []);
  const failures = [];
  for (const [label, at] of [
    ['2099-01-01T00:00:00Z', '2099-01-01T00:00:00Z'],
    ['now + 25 h', iso(Date.now() + 25 * HOUR)],
    ['now + 25 h written at +08:00', atOffset(Date.now() + 25 * HOUR, 8)],
    ['now + 24 h 10 min written at -05:00', atOffset(Date.now() + 24 * HOUR + 10 * 60 * 1000, -5)],
  ]) {
    const file = approvalFile(city, CITY, { at, sha });
    const out = await choose(page, file.name, file.text);
    if (out.kind !== 'errors') failures.push(`${label}: not refused (${out.kind} ${out.taken ?? ''})`);
    for (const c of changes(start, await snapshot(page))) failures.push(`${label}: ${c}`);
  }
  const open = await lockedOn(page, aprilCase);
  if (open) failures.push(`April locked by a future approval: ${open}`);
  assert.deepEqual(failures, [], 'approvals from the future lock nothing');

  const soon = approvalFile(city, CITY, { at: iso(Date.now() + 23 * HOUR), sha: monthHash(await fullExport(page), DISTRICT, APRIL) });
  const out = await choose(page, soon.name, soon.text);
  assert.equal(out.kind, 'approval', out.text);
  assert.equal(out.taken, 'locked');
  assert.ok(holds((await storedApprovals(page)).taken, soon.approval), 'stored as taken');
  assert.match(await lockedOn(page, aprilCase) ?? 'not locked', /2021-04/);
  assert.deepEqual(errors, []);
  await context.close();
});

test('2b. times compare as instants: an approval and a sending back at the same instant written with other offsets — the approval wins, in either order; one second later the sending back wins; a later instant that sorts first as text wins too', async () => {
  const { page, context, city, errors } = await districtCopy();
  const start = await snapshot(page);
  const used = [];
  const aprilCase = pickCase(start.file, APRIL, used);
  const mayCase = pickCase(start.file, MAY, used);
  const failures = [];
  const send = async (label, fields) => {
    const sha = monthHash(await fullExport(page), DISTRICT, fields.month);
    const file = approvalFile(city, CITY, { sha, ...fields });
    const out = await choose(page, file.name, file.text);
    return { out, file, label };
  };
  const expectLocked = async (record, label, want) => {
    const refusal = await lockedOn(page, record);
    if (want && !refusal) failures.push(`${label}: open, should be locked`);
    if (!want && refusal) failures.push(`${label}: locked, should be open (${refusal.slice(0, 80)})`);
  };

  // April: the approval first, then a sending back at the same instant, +08:00.
  const a1 = await send('approve April 00:00Z', { month: APRIL, at: '2021-05-10T00:00:00Z' });
  assert.equal(a1.out.taken, 'locked', `April's approval is taken: ${a1.out.text}`);
  await send('reopen April 08:00+08:00', { month: APRIL, action: 'reopen', at: '2021-05-10T08:00:00+08:00' });
  await expectLocked(aprilCase, 'April after an equal-instant sending back (approve first)', true);

  // May: the sending back first, then the approval at the same instant.
  const r2 = await send('reopen May 08:00+08:00', { month: MAY, action: 'reopen', at: '2021-06-10T08:00:00+08:00' });
  if (r2.out.kind === 'errors') failures.push(`a sending back written at +08:00 refused: ${r2.out.text.slice(0, 120)}`);
  const a2 = await send('approve May 00:00Z', { month: MAY, at: '2021-06-10T00:00:00Z' });
  await expectLocked(mayCase, 'May after an equal-instant approval (reopen first)', true);
  // A later approval written so that it sorts after the next sending back as text, then that sending back, later as an instant.
  await send('approve May 09:00+08:00 (01:00Z)', { month: MAY, at: '2021-06-10T09:00:00+08:00' });
  await expectLocked(mayCase, 'May after a later approval at +08:00', true);
  await send('reopen May 02:00Z', { month: MAY, action: 'reopen', at: '2021-06-10T02:00:00Z' });
  await expectLocked(mayCase, 'May after a sending back at 02:00Z (later than 09:00+08:00)', false);

  // April: a sending back one second after the approval, written at +08:00.
  const r3 = await send('reopen April 08:00:01+08:00', { month: APRIL, action: 'reopen', at: '2021-05-10T08:00:01+08:00' });
  if (r3.out.kind === 'errors') failures.push(`a sending back at 08:00:01+08:00 refused: ${r3.out.text.slice(0, 120)}`);
  await expectLocked(aprilCase, 'April after a sending back one second later', false);

  const { taken } = await storedApprovals(page);
  for (const kept of [a1, a2]) if (!holds(taken, kept.file.approval)) failures.push(`${kept.label} not stored as taken`);
  assert.deepEqual(failures, []);
  assert.deepEqual(errors, []);
  await context.close();
});

// ---- 3. Own key ----

test('3. this copy\'s own key never approves: the district chooses the city as its own office (warned of a new key; the old fingerprint stays shown), sends April back as the city; back as the district April stays locked and that sending back, imported, is refused', async () => {
  const copy = await freshCopy();
  const { page, context, errors } = copy;
  await loadSample(page);
  const first = await exportJson(page); // the district's key is made
  const oldKid = header(first.raw).kid;
  const city = officeKey();
  assert.equal((await trustRoster(page, city, CITY, [city.listed(CITY)])).taken, 'true');
  const start = await fullExport(page);
  const aprilCase = pickCase(start, APRIL, []);
  const real = approvalFile(city, CITY, { at: iso(Date.now() - 2 * HOUR), sha: monthHash(start, DISTRICT, APRIL) });
  assert.equal((await choose(page, real.name, real.text)).taken, 'locked', 'the real city\'s approval locks April');

  const failures = [];
  // Become the city.
  const asCity = await chooseOwnOffice(page, CITY, '株洲市委政法委');
  if (!asCity.warned) failures.push('no [data-testid="new-key-warning"] before the own office changed');
  else if (!asCity.inDialog) failures.push('the new-key warning is not in a dialog');
  // Right after the change: the district's key is no longer shown as this (the city's) copy's key, but as a former one.
  const former = page.locator(`[data-testid="former-key"][data-kid="${oldKid}"]`);
  if (!(await former.waitFor({ timeout: 5000 }).then(() => true, () => false))) {
    const shownAsOwn = await page.locator(`[data-testid="own-key"] [data-kid="${oldKid}"]`).count();
    failures.push(`right after choosing the city: the old fingerprint is not shown as [data-testid="former-key"]${shownAsOwn ? ' (it is still shown as [data-testid="own-key"], the key of the city)' : ''}`);
  }

  // Approve (if offered) and send back the district's April as the city, with this copy's key.
  await reporting(page, CITY);
  let approvedByOwn = null;
  if (await page.locator(approveButton(DISTRICT, APRIL)).count()) {
    approvedByOwn = await download(page, () => page.click(approveButton(DISTRICT, APRIL)));
    await page.locator(reopenButton(DISTRICT, APRIL)).waitFor();
  }
  const reopenOwn = await sendBack(page, DISTRICT, APRIL, '本机冒充市委退回');
  const signed = header(reopenOwn.text);
  assert.equal(signed.office, CITY, 'the sending back is signed as the city');
  if (signed.kid === oldKid) failures.push('the district\'s key signed as the city (one key speaks for two offices)');
  await page.click('[data-nav="offices"]');
  if (!(await former.waitFor({ timeout: 5000 }).then(() => true, () => false))) failures.push('after signing as the city: the old fingerprint is not shown as [data-testid="former-key"]');
  const given = await storedApprovals(page);
  if (given.split && holds(given.taken, JSON.parse(inner(reopenOwn.text)))) failures.push('the sending back this copy gave is kept as taken');

  // Back to the district.
  await chooseOwnOffice(page, DISTRICT, '石峰区委政法委');
  const refusal = await lockedOn(page, aprilCase);
  if (!refusal) failures.push('(a) April opened by this copy\'s own sending back');
  const held3 = await snapshot(page);
  // (b) The sending back this copy signed as the city, imported: refused, nothing changes.
  for (const [label, file] of [['(b) its own sending back', reopenOwn], ['(b) its own approval', approvedByOwn]]) {
    if (!file) continue;
    const out = await choose(page, file.name, file.text);
    if (out.kind !== 'errors') failures.push(`${label}, imported: ${out.kind} ${out.taken ?? ''}`);
    for (const c of changes(held3, await snapshot(page))) failures.push(`${label}: ${c}`);
  }
  if (!(await lockedOn(page, aprilCase))) failures.push('(b) April open after importing the own sending back');
  assert.deepEqual(failures, []);
  assert.deepEqual(errors, []);
  await context.close();
});
