// Authority over approvals (trust-format.md §3 and §6), tried as an attacker
// would — the approvals a copy gives: they lock the month in the approver's
// own copy too (an import into it changing that month is refused there
// until it sends the month back); approving with no own office asks which
// it is; a copy approves only offices strictly under its own.
// Judged by what the database holds: a full export of every office, the
// approvals kept in the `meta` store's settings (`approvals_taken` and
// `approvals_given`, or one `approvals` list in builds before §6), and
// whether a form save of a record of the month is refused. Helpers:
// authority-approval.mjs and authority-approval-forms.mjs.
// Run against another build with TAIZHANG_DIST=/path/to/dist.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { serveDist, launch, loadSample, exportJson, download, inner, cityAndDistrict, CITY, DISTRICT } from './harness.mjs';
import { monthHash } from './month-hash.mjs';
import {
  share, COURT, APRIL, freshCopy, pause, fullExport, storedApprovals, holds, snapshot, changes, choose, importFile,
  approveButton, reporting, sendBack, header, exchangeFile, changed,
} from './authority-approval.mjs';
import { pickCase, editCase, lockedOn } from './authority-approval-forms.mjs';

let server, browser;
before(async () => { server = await serveDist(); browser = await launch(); share({ server, browser }); });
after(async () => { await browser?.close(); await server?.close(); });

// ---- 5. Given approvals lock in the approver's copy ----

test('5. the city\'s approval of the district\'s April locks it in the city too: a district file changing April is refused there at the row\'s pointer, until the city sends April back', async () => {
  const { district, city, file } = await cityAndDistrict(browser, server.url);
  for (const copy of [district, city]) copy.context.setDefaultTimeout(15000);
  const aprilCase = pickCase(file, APRIL, []);
  const failures = [];

  // The city approves April (the district never takes it).
  const approval = await download(city.page, () => city.page.click(approveButton(DISTRICT, APRIL)));
  const approved = JSON.parse(inner(approval.text));
  assert.equal(approved.records_sha256, monthHash(file, DISTRICT, APRIL));
  const kept = await storedApprovals(city.page);
  if (!holds(kept.given, approved)) failures.push('the approval is not kept as given at the city');
  if (holds(kept.taken, approved) && kept.split) failures.push('the approval the city gave is kept as taken');
  if (!kept.split) failures.push('approvals given and taken are not kept apart (one "approvals" list)');

  // The district changes an April case and sends its file again.
  const edited = await editCase(district.page, aprilCase, { notes: '区里在审核后改动' });
  assert.ok(edited.saved, 'the district\'s own April is open: it never took the approval');
  const resent = await exportJson(district.page);
  const index = JSON.parse(resent.text).cases.findIndex((c) => c.id === aprilCase.id);
  const cityBefore = await snapshot(city.page);
  const out = await choose(city.page, resent.name, resent.raw);
  if (out.kind !== 'errors') failures.push(`the district's changed April was not refused at the city: ${out.kind}`);
  else {
    if (!out.pointers.includes(`/cases/${index}`)) failures.push(`not located at /cases/${index}: ${out.pointers}`);
    if (!/2021-04/.test(out.text)) failures.push(`the refusal does not name 2021-04: ${out.text.slice(0, 200)}`);
  }
  if (out.kind === 'preview') await city.page.click('[data-testid="import-cancel"]');
  // A Node-made variant: a new April case (unsigned).
  const extra = { ...aprilCase, id: randomUUID(), reference: `${aprilCase.reference}-补`, revision: 1 };
  const sneaked = await choose(city.page, '补报.json', exchangeFile(file, { cases: [extra] }));
  if (sneaked.kind !== 'errors' || !sneaked.pointers.includes('/cases/0')) failures.push(`a new April case not refused at /cases/0: ${sneaked.kind} ${sneaked.pointers}`);
  if (sneaked.kind === 'preview') await city.page.click('[data-testid="import-cancel"]');
  const cityAfter = await snapshot(city.page);
  for (const c of changes(cityBefore, cityAfter)) failures.push(`the city's copy: ${c}`);
  if (monthHash(cityAfter.file, DISTRICT, APRIL) !== approved.records_sha256) failures.push('the city\'s April is not the April it approved');
  assert.deepEqual(failures, []);

  // The city sends April back: the same file now imports.
  await reporting(city.page, CITY);
  const reopen = await sendBack(city.page, DISTRICT, APRIL, '请补充案件备注');
  assert.equal(JSON.parse(inner(reopen.text)).action, 'reopen');
  const now = await importFile(city.page, resent.name, resent.raw);
  assert.equal(now.kind, 'applied', now.text);
  const taken = await fullExport(city.page);
  assert.equal(taken.cases.find((c) => c.id === aprilCase.id).notes, '区里在审核后改动');
  assert.deepEqual([...district.errors, ...city.errors], []);
  await district.context.close();
  await city.context.close();
});

// ---- 6. Approving asks for the own office; only for offices under it ----

test('6. approving on a copy with no own office asks which office it is (as export does) instead of doing nothing', async () => {
  const source = await freshCopy();
  await loadSample(source.page);
  const sent = await exportJson(source.page);
  await source.context.close();
  const { page, context, errors } = await freshCopy();
  assert.equal((await importFile(page, sent.name, sent.raw)).kind, 'applied');
  assert.equal((await storedApprovals(page)).own, null, 'no own office yet');
  await reporting(page, CITY);
  const dialog = page.locator('[data-testid="own-office-dialog"]');
  const downloaded = page.waitForEvent('download', { timeout: 20000 }).catch(() => null);
  await page.click(approveButton(DISTRICT, APRIL));
  assert.ok(await dialog.waitFor({ timeout: 5000 }).then(() => true, () => false), 'the own-office dialog is shown');
  await dialog.locator('select').selectOption(CITY);
  await page.click('[data-testid="own-office-save"]');
  const file = await downloaded;
  assert.ok(file, 'the approval is written once the office is chosen');
  const { readFile } = await import('node:fs/promises');
  const approval = JSON.parse(inner(await readFile(await file.path(), 'utf8')));
  assert.deepEqual([approval.office, approval.month, approval.by, approval.action], [DISTRICT, APRIL, CITY, 'approve']);
  assert.deepEqual(errors, []);
  await context.close();
});

test('7. a copy approves only offices strictly under its own: the district cannot approve its own April (nothing written, April open); it can approve the court\'s, kept as given, and an import changing the court\'s April is refused there', async () => {
  const { page, context, errors } = await freshCopy();
  await loadSample(page);
  const start = await snapshot(page);
  const used = [];
  const probe = pickCase(start.file, APRIL, used, (c) => c.office !== COURT);
  const courtCase = pickCase(start.file, APRIL, used, (c) => c.office === COURT);
  const failures = [];

  await reporting(page, CITY);
  const own = page.locator(approveButton(DISTRICT, APRIL));
  if (await own.count()) {
    const downloaded = page.waitForEvent('download', { timeout: 4000 }).catch(() => null);
    await own.click();
    const file = await downloaded;
    if (file) failures.push(`an approval of its own office was written: ${file.suggestedFilename()}`);
    await pause(500);
  }
  const dialog = page.locator('[data-testid="own-office-dialog"]');
  if (await dialog.count()) await page.keyboard.press('Escape');
  for (const c of changes(start, await snapshot(page))) failures.push(`approving its own office: ${c}`);
  const refusal = await lockedOn(page, probe);
  if (refusal) failures.push(`April locked by this copy's own approval: ${refusal}`);

  // The court's April: the district is strictly above it.
  await reporting(page, DISTRICT);
  const given = await download(page, () => page.click(approveButton(COURT, APRIL)));
  const approval = JSON.parse(inner(given.text));
  assert.deepEqual([approval.office, approval.by, approval.action], [COURT, DISTRICT, 'approve']);
  assert.equal(header(given.text).office, DISTRICT);
  const kept = await storedApprovals(page);
  if (!holds(kept.given, approval)) failures.push('the court\'s approval not kept as given');
  if (kept.split && holds(kept.taken, approval)) failures.push('the court\'s approval kept as taken');
  const before = await snapshot(page);
  const file = exchangeFile(before.file, { cases: [changed(before.file.cases.find((c) => c.id === courtCase.id), { notes: '法院四月改动' })] });
  const out = await importFile(page, '法院改动.json', file);
  if (out.kind !== 'errors' || !out.pointers.includes('/cases/0')) failures.push(`a change to the court's approved April imported: ${out.kind} ${out.pointers ?? ''}`);
  for (const c of changes(before, await snapshot(page))) failures.push(`the court's April: ${c}`);
  assert.deepEqual(failures, []);
  assert.deepEqual(errors, []);
  await context.close();
});