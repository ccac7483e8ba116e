// Authority over approvals (trust-format.md §3 and §6), tried as an attacker
// would: approvals signed by Node's own keys (jws.mjs) for offices that may
// not lock a month, dated in the future or at equal instants written with
// other offsets, made by this copy's own key under another own office; undo,
// office removal and re-parenting, date and office moves and imports that
// would change a locked month; an import into the approver's own copy; and
// approving with no own office, or for an office not under one's own.
// Judged by what the database holds: a full export of every office, the
// approvals kept in the `meta` store's settings (`approvals_taken` and
// `approvals_given`, or one `approvals` list in builds before §6), and
// whether a form save of a record of the month is refused.
// Run against another build with TAIZHANG_DIST=/path/to/dist.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import {
  serveDist, launch, openApp, loadSample, exportJson, chooseText, download, rawDatabase, inner,
  cityAndDistrict, CITY, DISTRICT, DIST,
} from './harness.mjs';
import { officeKey, roster } from './jws.mjs';
import { monthHash } from './month-hash.mjs';

const PROVINCE = '430000-committee';
const SIBLING = '430203-committee';
const COURT = '430204-court';
const PROCURATORATE = '430204-procuratorate';
const APRIL = '2021-04';
const MAY = '2021-05';
const LEDGERS = ['training_sessions', 'honoured_models', 'cases'];

let server, browser;
before(async () => { server = await serveDist(); browser = await launch(); });
after(async () => { await browser?.close(); await server?.close(); });


// ---- Time ----

const HOUR = 3600 * 1000;
/** An instant as RFC 3339 in UTC, whole seconds. */
const iso = (ms) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
/** The same instant written at another offset (`hours` east of UTC). */
function atOffset(ms, hours) {
  const local = new Date(ms + hours * HOUR).toISOString().replace(/\.\d{3}Z$/, '');
  const sign = hours < 0 ? '-' : '+';
  return `${local}${sign}${String(Math.abs(hours)).padStart(2, '0')}:00`;
}
const sameInstant = (a, b) => Date.parse(a) === Date.parse(b);

// ---- Copies, files and what they hold ----

/** A fresh copy (a fresh browser profile). */
async function freshCopy() {
  const context = await browser.newContext({ locale: 'zh-CN', acceptDownloads: true, viewport: { width: 1280, height: 900 } });
  context.setDefaultTimeout(15000);
  return openApp(browser, server.url, { context });
}

/** Every promise's outcome raced; the losers' later failures are swallowed. */
function race(...promises) {
  return Promise.race(promises.map((p) => p.catch(() => new Promise(() => {}))));
}
const pause = (ms) => new Promise((r) => setTimeout(r, ms));

/** The full exchange file of every office (office filter "": everything), parsed. */
async function fullExport(page) {
  await page.click('[data-nav="exchange"]');
  const filter = page.locator('[data-testid="export-office"], [data-screen="exchange"] [data-testid="office-filter"]');
  if (await filter.count()) await filter.first().selectOption('');
  for (const name of ['export-from', 'export-to']) {
    const input = page.locator(`input[name="${name}"]`);
    if (await input.count() && await input.inputValue()) await input.fill('');
  }
  return JSON.parse((await exportJson(page)).text);
}

/** The offices and records of a file (what "nothing changed" compares). */
const held = (file) => Object.fromEntries(['offices', ...LEDGERS].map((k) => [k, file[k]]));

/** The settings JSON in the `meta` store, read by this code. */
async function storedSettings(page) {
  const db = await rawDatabase(page);
  const entry = (db.meta ?? []).find((e) => e.key === '"settings"');
  if (!entry) return {};
  const { value } = entry;
  assert.ok(typeof value.text === 'string', `settings stored as text (the app lock is off): ${JSON.stringify(value).slice(0, 200)}`);
  return JSON.parse(value.text);
}

/** Approvals as stored: taken and given (before §6, one list serves as both). */
async function storedApprovals(page) {
  const settings = await storedSettings(page);
  const flat = (list) => (list ?? []).map((a) => a.approval ?? a);
  const split = 'approvals_taken' in settings || 'approvals_given' in settings;
  return {
    taken: flat(split ? settings.approvals_taken : settings.approvals),
    given: flat(split ? settings.approvals_given : settings.approvals),
    split,
    own: settings.own_office ?? null,
  };
}

const holds = (list, a) => list.some((s) => s.office === a.office && s.month === a.month && s.action === a.action
  && s.by === a.by && sameInstant(s.at, a.at));

/** What the copy holds: its records and offices, and its approvals. */
async function snapshot(page) {
  const file = await fullExport(page);
  const { taken, given } = await storedApprovals(page);
  return { file, data: held(file), taken, given };
}

/** Differences between two snapshots, in words (empty: nothing changed). */
function changes(before, now) {
  const out = [];
  for (const key of ['offices', ...LEDGERS]) {
    const a = before.data[key], b = now.data[key];
    if (JSON.stringify(a) === JSON.stringify(b)) continue;
    const byId = (list) => new Map(list.map((r) => [r.id ?? r.code, JSON.stringify(r)]));
    const [x, y] = [byId(a), byId(b)];
    const differ = [...new Set([...x.keys(), ...y.keys()])].filter((k) => x.get(k) !== y.get(k));
    out.push(`${key} changed: ${differ.slice(0, 5).join(', ')}${differ.length > 5 ? ` … (${differ.length})` : ''}`);
  }
  if (JSON.stringify(before.taken) !== JSON.stringify(now.taken)) out.push(`approvals taken changed: ${JSON.stringify(before.taken.length)} → ${JSON.stringify(now.taken.map((a) => [a.action, a.by, a.at]))}`);
  if (JSON.stringify(before.given) !== JSON.stringify(now.given)) out.push(`approvals given changed: ${before.given.length} → ${JSON.stringify(now.given.map((a) => [a.office, a.action, a.by, a.at]))}`);
  return out;
}

const OUTCOMES = [
  ['errors', '[data-testid="import-errors"]'],
  ['approval', '[data-testid="approval-taken"]'],
  ['roster', '[data-testid="roster"]'],
  ['receipt', '[data-testid="receipt-taken"]'],
  ['preview', '[data-testid="import-preview"]'],
];

/**
 * Chooses a file on the exchange screen and waits for what it became: { kind,
 * text, taken, pointers }. The page reuses the card's element from one file to
 * the next, so "new" is told by the progress shown in between (watched here).
 */
async function choose(page, name, text) {
  await page.click('[data-nav="exchange"]');
  await page.evaluate(() => {
    window.__working = false;
    window.__watch?.disconnect();
    const progress = (n) => n.nodeType === 1 && (n.matches('[data-testid="import-progress"]') || n.querySelector('[data-testid="import-progress"]'));
    window.__watch = new MutationObserver((records) => {
      for (const r of records) {
        if (r.type === 'attributes' && (r.oldValue === 'import-progress' || r.target.getAttribute('data-testid') === 'import-progress')) window.__working = true;
        if (r.type === 'childList' && ([...r.addedNodes].some(progress) || [...r.removedNodes].some(progress))) window.__working = true;
      }
    });
    window.__watch.observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-testid'], attributeOldValue: true });
  });
  await chooseText(page, name, text);
  await page.waitForFunction(({ selectors, name }) => {
    const found = selectors.map((s) => document.querySelector(s)).find(Boolean);
    return found && !document.querySelector('[data-testid="import-progress"]') && (window.__working || found.innerText.includes(name));
  }, { selectors: OUTCOMES.map(([, s]) => s), name }).catch(async (error) => {
    const shown = await page.evaluate((selectors) => selectors.filter((s) => document.querySelector(s)), OUTCOMES.map(([, s]) => s));
    const said = await page.locator('[data-screen="exchange"]').innerText().catch(() => '');
    throw new Error(`${name}: no outcome (${shown.join(' ')}): ${said.slice(-600)}\n${error.message}`);
  });
  await pause(150); // a preview and its errors render together
  for (const [kind, selector] of OUTCOMES) {
    const found = page.locator(selector).first();
    if (await found.count()) {
      return {
        kind,
        text: await found.innerText(),
        taken: await found.getAttribute('data-taken'),
        pointers: await found.locator('[data-pointer]').evaluateAll((items) => items.map((i) => i.dataset.pointer)),
      };
    }
  }
  throw new Error('no outcome');
}

/** Applies a previewed import: { kind: 'applied' } or how it was refused. */
async function confirmImport(page, { takeTheirs = false } = {}) {
  if (takeTheirs && await page.locator('[data-testid="conflicts-take-all"]').count()) await page.click('[data-testid="conflicts-take-all"]');
  await page.click('[data-testid="import-confirm"]');
  const notice = page.locator('[data-testid="notice"]');
  const errors = page.locator('[data-testid="import-errors"]');
  const out = await race(
    page.locator('[data-testid="import-summary"]').waitFor().then(() => ({ kind: 'applied' })),
    errors.waitFor().then(async () => ({ kind: 'errors', text: await errors.innerText(), pointers: await errors.locator('[data-pointer]').evaluateAll((i) => i.map((x) => x.dataset.pointer)) })),
    notice.waitFor().then(async () => ({ kind: 'notice', text: await notice.innerText() })),
  );
  if (out.kind === 'notice') await closeNotice(page);
  return out;
}

/** Chooses a file and, when previewed, applies it. */
async function importFile(page, name, text, options) {
  const out = await choose(page, name, text);
  return out.kind === 'preview' ? confirmImport(page, options) : out;
}

async function closeNotice(page) {
  const notice = page.locator('[data-testid="notice"]');
  if (await notice.count()) {
    await notice.locator('button').first().click();
    await notice.waitFor({ state: 'detached' }).catch(() => {});
  }
}

/** Trusts the keys of a roster signed by `issuer` as `office` (on the user's word when asked): the outcome. */
async function trustRoster(page, issuer, office, keys, issuedAt) {
  const out = await choose(page, `名册-${office}.json`, roster(issuer, office, keys, issuedAt));
  if (out.kind === 'roster' && out.taken !== 'true' && await page.locator('[data-testid="accept-roster"]').count()) {
    await page.click('[data-testid="accept-roster"]');
    await page.waitForFunction(() => document.querySelector('[data-testid="roster"]')?.dataset.taken === 'true');
    return { ...out, taken: 'true' };
  }
  return out;
}

/** An approval file signed by `key` as `signAs`. */
function approvalFile(key, signAs, { office = DISTRICT, month = APRIL, action = 'approve', by = CITY, at, sha, reason }) {
  const approval = {
    format: 'taizhang-approval', version: 1, office, month, action, by, at,
    records_sha256: sha, reason: reason ?? (action === 'reopen' ? '请更正后重报' : ''),
  };
  return { approval, name: `${action === 'approve' ? '审核' : '退回'}-${office}-${month}.json`, text: key.sign(JSON.stringify(approval, null, 2), signAs, 'taizhang-approval') };
}

/** A district copy (the sample; its own office 430204) trusting a Node key for the city through the city's roster. */
async function districtCopy({ setUp, keys = [] } = {}) {
  const copy = await freshCopy();
  await loadSample(copy.page);
  if (setUp) await setUp(copy.page);
  const city = officeKey();
  const taken = await trustRoster(copy.page, city, CITY, [city.listed(CITY), ...keys]);
  assert.equal(taken.taken, 'true', `the city's roster is trusted: ${taken.text}`);
  return { ...copy, city };
}

// ---- Forms ----

/** A case whose reference no other case's contains (so a search finds it alone). */
function pickCase(file, month, taken, accept = () => true) {
  const found = file.cases.find((c) => !c.deleted && c.received_on.startsWith(month) && !taken.includes(c.id) && accept(c)
    && file.cases.filter((o) => o.reference.includes(c.reference)).length === 1);
  assert.ok(found, `the sample has a case of ${month} to try`);
  taken.push(found.id);
  return found;
}

async function openCase(page, record) {
  await closeNotice(page);
  await page.click('[data-nav="cases"]');
  await page.fill('[data-testid="search"]', record.reference);
  const row = page.locator(`[data-row="${record.id}"]`);
  if (!(await row.waitFor({ timeout: 5000 }).then(() => true, () => false))) return null;
  await row.locator('[data-action="edit"]').click();
  const form = page.locator('form[data-form="cases"]');
  await form.waitFor();
  return form;
}

/** Submits an open form: { saved } or { refused: the notice's text } or { invalid: the field messages }. */
async function submit(page, kind) {
  const form = page.locator(`form[data-form="${kind}"]`);
  await form.locator('[type=submit]').click();
  const notice = page.locator('[data-testid="notice"]');
  const out = await race(
    page.waitForFunction((k) => !document.querySelector(`form[data-form="${k}"]`), kind).then(() => ({ saved: true })),
    notice.waitFor().then(async () => ({ refused: await notice.innerText() })),
    form.locator('[data-error-for]:not(:empty)').first().waitFor().then(async () => ({ invalid: await form.locator('[data-error-for]:not(:empty)').allInnerTexts() })),
  );
  if (!out.saved) {
    await closeNotice(page);
    if (await form.count()) await form.locator('button[type=button]').first().click();
  }
  return out;
}

/** Edits a case in its form: `fields` by name (selects chosen, inputs filled). */
async function editCase(page, record, fields) {
  const form = await openCase(page, record);
  if (!form) return { missing: `case ${record.id} is gone` };
  for (const [name, value] of Object.entries(fields)) {
    const control = form.locator(`[name="${name}"]`);
    if (await control.evaluate((e) => e.tagName === 'SELECT')) await control.selectOption(value);
    else await control.fill(value);
  }
  return submit(page, 'cases');
}

let probes = 0;
/** Whether a record's month is locked: a form save of its notes is refused (the refusal's text), else null (and it saved). */
async function lockedOn(page, record) {
  const out = await editCase(page, record, { notes: `探测改动 ${++probes}` });
  assert.ok(!out.invalid, `the probe's form is valid: ${out.invalid}`);
  return out.refused ?? null;
}

// ---- Offices ----

async function addOffice(page, office) {
  await page.click('[data-nav="offices"]');
  await page.click('[data-testid="new-offices"]');
  const form = page.locator('form[data-form="offices"]');
  await form.locator('[name="code"]').fill(office.code);
  await form.locator('[name="name"]').fill(office.name);
  await form.locator('[name="level"]').selectOption(office.level);
  await form.locator('[name="system"]').selectOption(office.system);
  await form.locator('[name="parent"]').selectOption(office.parent);
  const out = await submit(page, 'offices');
  assert.ok(out.saved, `office ${office.code} added: ${JSON.stringify(out)}`);
  await page.locator(`[data-row="${office.code}"]`).waitFor();
}

/** Removes an office on the offices screen, answering yes: { removed } or { refused }. */
async function removeOffice(page, code) {
  await closeNotice(page);
  await page.click('[data-nav="offices"]');
  await page.click(`[data-row="${code}"] [data-action="delete"]`);
  const refusal = page.locator('[data-testid="refusal"]');
  const asked = await race(
    page.locator('[data-testid="confirm-yes"]').waitFor().then(() => 'asked'),
    refusal.waitFor().then(() => 'refused'),
  );
  if (asked === 'refused') return { refused: await refusal.innerText() };
  await page.click('[data-testid="confirm-yes"]');
  const notice = page.locator('[data-testid="notice"]');
  const out = await race(
    notice.waitFor().then(async () => ({ refused: await notice.innerText() })),
    refusal.waitFor().then(async () => ({ refused: await refusal.innerText() })),
    page.locator(`[data-row="${code}"]`).waitFor({ state: 'detached' }).then(() => ({ removed: true })),
    pause(8000).then(() => ({ nothing: true })),
  );
  await closeNotice(page);
  return out;
}

/** Puts an office under another parent with its form. */
async function reparent(page, code, parent) {
  await closeNotice(page);
  await page.click('[data-nav="offices"]');
  if (!(await page.locator(`[data-row="${code}"]`).waitFor({ timeout: 5000 }).then(() => true, () => false))) return { missing: `office ${code} is gone` };
  await page.click(`[data-row="${code}"] [data-action="edit"]`);
  const form = page.locator('form[data-form="offices"]');
  await form.locator('[name="parent"]').selectOption(parent);
  return submit(page, 'offices');
}

/** Chooses this copy's own office; answers yes to a warning about a new key: whether it was warned. */
async function chooseOwnOffice(page, code, name) {
  await closeNotice(page);
  await page.click('[data-nav="offices"]');
  await page.selectOption('[data-testid="own-office-select"]', code);
  const warning = page.locator('[data-testid="new-key-warning"]');
  const warned = await warning.waitFor({ state: 'attached', timeout: 5000 }).then(() => true, () => false);
  let inDialog = false;
  if (warned) {
    const dialog = '[role="dialog"], [role="alertdialog"], dialog, .dialog';
    inDialog = await warning.first().evaluate((e, d) => Boolean(e.closest(d) || e.querySelector(d)), dialog);
    await page.click('[data-testid="confirm-yes"]');
  }
  await page.locator('div[data-testid="own-office"]', { hasText: name }).waitFor();
  return { warned, inDialog };
}

// ---- The reporting screen ----

const approveButton = (office, month) => `[data-testid="approve"][data-office="${office}"][data-month="${month}"]`;
const reopenButton = (office, month) => `[data-testid="reopen"][data-office="${office}"][data-month="${month}"]`;

async function reporting(page, office) {
  await closeNotice(page);
  await page.goto(`${server.url}#/submissions?office=${office}&from=2021-04-01&to=2021-05-31`);
  await page.waitForSelector('[data-testid="app-ready"]', { state: 'attached' });
  await page.locator('[data-submission]').first().waitFor();
}

/** Sends a month back from the reporting screen: the signed file. */
async function sendBack(page, office, month, reason) {
  await page.click(reopenButton(office, month));
  await page.fill('[data-testid="reopen-reason"]', reason);
  return download(page, () => page.click('[data-testid="reopen-send"]'));
}

const header = (raw) => JSON.parse(Buffer.from(JSON.parse(raw).protected, 'base64url').toString());

/** An unsigned exchange file from the district with `file`'s offices and the given records. */
function exchangeFile(file, records, { offices = file.offices, source = DISTRICT } = {}) {
  return JSON.stringify({
    format: 'taizhang-exchange', version: 1, exported_at: iso(Date.now() - HOUR), source_office: source, offices,
    training_sessions: records.training_sessions ?? [], honoured_models: records.honoured_models ?? [], cases: records.cases ?? [],
  });
}

const changed = (record, fields) => ({ ...record, ...fields, revision: record.revision + 1, updated_at: iso(Date.now() - HOUR / 2) });

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

// ---- 4. Only a reopen unlocks ----

test('4a. an undo never opens a locked month nor drops an approval taken after the import it undoes', async () => {
  const { page, context, city, errors } = await districtCopy();
  const start = await fullExport(page);
  const used = [];
  const touched = pickCase(start, APRIL, used);
  const aprilCase = pickCase(start, APRIL, used);
  const maySession = start.training_sessions.find((s) => !s.deleted && s.start_date.startsWith(MAY));
  const failures = [];

  // An import (before the approval) changing an April case and adding a May session.
  const first = exchangeFile(start, {
    cases: [changed(touched, { notes: '审核前导入的改动' })],
    training_sessions: [{ ...maySession, id: randomUUID(), revision: 1, title: '审核前导入的五月活动' }],
  });
  assert.equal((await importFile(page, '审核前.json', first)).kind, 'applied');
  const approval = approvalFile(city, CITY, { at: iso(Date.now() - HOUR), sha: monthHash(await fullExport(page), DISTRICT, APRIL) });
  assert.equal((await choose(page, approval.name, approval.text)).taken, 'locked');
  const lockedState = await snapshot(page);

  const undo = async () => {
    await closeNotice(page);
    await page.click('[data-nav="exchange"]');
    await page.click('[data-testid="import-undo"]');
    await page.click('[data-testid="confirm-yes"]');
    const notice = page.locator('[data-testid="notice"]');
    const out = await race(
      notice.waitFor().then(async () => ({ refused: await notice.innerText() })),
      page.locator('[data-testid="import-undo"]').waitFor({ state: 'detached' }).then(() => ({ undone: true })),
      pause(8000).then(() => ({ nothing: true })),
    );
    await closeNotice(page);
    return out;
  };
  // (a) Undoing it would change April: refused, naming the month.
  const refused = await undo();
  if (refused.nothing) failures.push('the undo of an import that touched April: no refusal sentence shown (no [data-testid="notice"] within 8 s, the undo button stays)');
  else if (!refused.refused) failures.push(`the undo of an import that touched April was not refused: ${JSON.stringify(refused)}`);
  else if (!/2021-04/.test(refused.refused)) failures.push(`the refusal does not name 2021-04: ${refused.refused}`);
  for (const c of changes(lockedState, await snapshot(page))) failures.push(`after the undo: ${c}`);
  if (!(await lockedOn(page, aprilCase))) failures.push('April open after the undo');

  // (a') An import of May only, then the approval again: undoing the import keeps the approval.
  const second = exchangeFile(start, { training_sessions: [{ ...maySession, id: randomUUID(), revision: 1, title: '五月补录' }] });
  assert.equal((await importFile(page, '五月补录.json', second)).kind, 'applied');
  const again = approvalFile(city, CITY, { at: iso(Date.now() - HOUR / 2), sha: monthHash(await fullExport(page), DISTRICT, APRIL) });
  const out = await choose(page, again.name, again.text);
  if (out.kind !== 'approval') failures.push(`the second approval: ${out.kind} ${out.text.slice(0, 100)}`);
  const before = await storedApprovals(page);
  await undo();
  const after = await storedApprovals(page);
  for (const a of [approval, again]) {
    if (holds(before.taken, a.approval) && !holds(after.taken, a.approval)) failures.push(`the undo dropped the approval taken at ${a.approval.at}`);
  }
  if (!(await lockedOn(page, aprilCase))) failures.push('April open after undoing a May-only import');
  assert.deepEqual(failures, []);
  assert.deepEqual(errors, []);
  await context.close();
});

test('4b. with April locked: removing or re-parenting the court, moving a date or an office into or out of April, imports that add an office with April records, re-parent the court or bring a new April case, and a new April record in the form are each refused; nothing changes', async () => {
  const { page, context, city, errors } = await districtCopy();
  const start = await fullExport(page);
  const approval = approvalFile(city, CITY, { at: iso(Date.now() - HOUR), sha: monthHash(start, DISTRICT, APRIL) });
  assert.equal((await choose(page, approval.name, approval.text)).taken, 'locked');
  const locked = await snapshot(page);
  const courtApril = locked.file.training_sessions.filter((s) => !s.deleted && s.office === COURT && s.start_date.startsWith(APRIL));
  assert.ok(courtApril.length > 0, 'the court has April sessions');
  const used = [];
  const away = (c) => c.office !== COURT; // the court's records go if its removal is not refused
  const probe = pickCase(locked.file, APRIL, used, away);
  const outOfApril = pickCase(locked.file, APRIL, used, (c) => away(c) && (c.deadline ?? '9') >= '2021-05-20' && (c.resolved_on ?? '9') >= '2021-05-20');
  const intoApril = pickCase(locked.file, MAY, used, away);
  const otherUnit = pickCase(locked.file, APRIL, used, (c) => away(c) && c.office !== PROCURATORATE);
  const failures = [];
  let state = locked; // each step judged against the state before it
  /** Judges a step; if it changed anything, `restore` puts it back (so each step is judged on its own). */
  const judge = async (label, out, restore) => {
    if (!out.refused) failures.push(`${label}: not refused (${JSON.stringify(out).slice(0, 160)})`);
    else if (!/2021-04/.test(out.refused)) failures.push(`${label}: the refusal does not name 2021-04: ${out.refused.slice(0, 200)}`);
    const now = await snapshot(page);
    const changed = changes(state, now);
    for (const c of changed) failures.push(`${label}: ${c}`);
    state = now;
    if (changed.length && restore) {
      await restore();
      state = await snapshot(page);
    }
  };
  const imported = (out) => (out.kind === 'applied' ? { applied: true } : { refused: out.text ?? out.kind });
  const courtBack = () => reparent(page, COURT, DISTRICT);

  // (c) Re-parenting the court under the city (its April records would leave the district).
  await judge('(c) re-parenting the court under the city', await reparent(page, COURT, CITY), courtBack);
  // (b) Removing the court (it has April sessions).
  await judge('(b) removing the court', await removeOffice(page, COURT));
  // (d) Dates and offices moved into or out of April.
  await judge('(d) an April case moved to May', await editCase(page, outOfApril, { received_on: '2021-05-20' }));
  await judge('(d) a May case moved into April', await editCase(page, intoApril, { received_on: '2021-04-20' }));
  await judge('(d) an April case moved to another unit', await editCase(page, otherUnit, { office: PROCURATORATE }));
  // (e) An import adding an office under the district with a session in April.
  const newUnit = { code: '430204-newunit', name: '石峰区新设单位', level: 'county', system: 'other', parent: DISTRICT, headcount: null };
  const addUnit = exchangeFile(locked.file, {
    training_sessions: [{ ...courtApril[0], id: randomUUID(), office: newUnit.code, revision: 1, title: '新单位的四月活动' }],
  }, { offices: [...locked.file.offices, newUnit] });
  const e = await importFile(page, '新单位.json', addUnit);
  if (e.kind === 'errors' && !e.pointers.includes('/training_sessions/0')) failures.push(`(e) the session not named at /training_sessions/0: ${e.pointers}`);
  await judge('(e) an import of a new unit with an April session', imported(e), () => removeOffice(page, newUnit.code));
  // (f) An import re-parenting the court under the city (the user takes their version).
  const moved = exchangeFile(locked.file, {}, { offices: locked.file.offices.map((o) => (o.code === COURT ? { ...o, parent: CITY } : o)) });
  await judge('(f) an import re-parenting the court', imported(await importFile(page, '法院改隶.json', moved, { takeTheirs: true })), courtBack);

  // (g) An import bringing a new April case for a unit this copy has.
  const aprilCase = locked.file.cases.find((c) => !c.deleted && c.received_on.startsWith(APRIL) && c.office !== COURT);
  const newCase = exchangeFile(locked.file, { cases: [{ ...aprilCase, id: randomUUID(), revision: 1, reference: '线索〔2021〕四月新增99号' }] });
  const g = await importFile(page, '四月新线索.json', newCase);
  if (g.kind === 'errors' && !g.pointers.includes('/cases/0')) failures.push(`(g) the case not named at /cases/0: ${g.pointers}`);
  await judge('(g) an import of a new April case', imported(g));
  // (h) A new April session entered in the form.
  await closeNotice(page);
  await page.click('[data-nav="training_sessions"]');
  await page.click('[data-testid="new-training_sessions"]');
  const form = page.locator('form[data-form="training_sessions"]');
  const session = { title: '表单新增的四月活动', office: PROCURATORATE, kind: 'political_rotation', format: 'in_person', start_date: '2021-04-22', end_date: '2021-04-22', participants: '30', hours: '2' };
  for (const [name, value] of Object.entries(session)) {
    const control = form.locator(`[name="${name}"]`);
    if (await control.evaluate((e) => e.tagName === 'SELECT')) await control.selectOption(value);
    else await control.fill(value);
  }
  await judge('(h) a new April session entered in the form', await submit(page, 'training_sessions'));

  if (!(await lockedOn(page, probe))) failures.push('April open at the end');
  assert.deepEqual(failures, []);
  assert.deepEqual(errors, []);
  await context.close();
});

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
