// What the authority tests over approvals share (trust-format.md §3 and
// §6): fresh copies, what a copy holds (a full export of every office and
// the approvals kept in the `meta` store's settings — `approvals_taken` and
// `approvals_given`, or one `approvals` list in builds before §6), files
// chosen and imported as a user would, approval and exchange files made by
// Node (jws.mjs, month-hash.mjs), and the reporting screen. What a user does
// on the ledger and office screens is in authority-approval-forms.mjs.
import assert from 'node:assert/strict';
import { openApp, loadSample, exportJson, chooseText, download, rawDatabase, CITY, DISTRICT } from './harness.mjs';
import { officeKey, roster } from './jws.mjs';

let server, browser;
/** The test file's server and browser, for the helpers here (given in its `before`). */
export function share(shared) {
  ({ server, browser } = shared);
}

export const PROVINCE = '430000-committee';
export const SIBLING = '430203-committee';
export const COURT = '430204-court';
export const PROCURATORATE = '430204-procuratorate';
export const APRIL = '2021-04';
export const MAY = '2021-05';
const LEDGERS = ['training_sessions', 'honoured_models', 'cases'];

// ---- Time ----

export const HOUR = 3600 * 1000;
/** An instant as RFC 3339 in UTC, whole seconds. */
export const iso = (ms) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
/** The same instant written at another offset (`hours` east of UTC). */
export function atOffset(ms, hours) {
  const local = new Date(ms + hours * HOUR).toISOString().replace(/\.\d{3}Z$/, '');
  const sign = hours < 0 ? '-' : '+';
  return `${local}${sign}${String(Math.abs(hours)).padStart(2, '0')}:00`;
}
const sameInstant = (a, b) => Date.parse(a) === Date.parse(b);

// ---- Copies, files and what they hold ----

/** A fresh copy (a fresh browser profile). */
export async function freshCopy() {
  const context = await browser.newContext({ locale: 'zh-CN', acceptDownloads: true, viewport: { width: 1280, height: 900 } });
  context.setDefaultTimeout(15000);
  return openApp(browser, server.url, { context });
}

/** Every promise's outcome raced; the losers' later failures are swallowed. */
export function race(...promises) {
  return Promise.race(promises.map((p) => p.catch(() => new Promise(() => {}))));
}
export const pause = (ms) => new Promise((r) => setTimeout(r, ms));

/** The full exchange file of every office (office filter "": everything), parsed. */
export async function fullExport(page) {
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
export async function storedApprovals(page) {
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

export const holds = (list, a) => list.some((s) => s.office === a.office && s.month === a.month && s.action === a.action
  && s.by === a.by && sameInstant(s.at, a.at));

/** What the copy holds: its records and offices, and its approvals. */
export async function snapshot(page) {
  const file = await fullExport(page);
  const { taken, given } = await storedApprovals(page);
  return { file, data: held(file), taken, given };
}

/** Differences between two snapshots, in words (empty: nothing changed). */
export function changes(before, now) {
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
export async function choose(page, name, text) {
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
export async function importFile(page, name, text, options) {
  const out = await choose(page, name, text);
  return out.kind === 'preview' ? confirmImport(page, options) : out;
}

export async function closeNotice(page) {
  const notice = page.locator('[data-testid="notice"]');
  if (await notice.count()) {
    await notice.locator('button').first().click();
    await notice.waitFor({ state: 'detached' }).catch(() => {});
  }
}

/** Trusts the keys of a roster signed by `issuer` as `office` (on the user's word when asked): the outcome. */
export async function trustRoster(page, issuer, office, keys, issuedAt) {
  const out = await choose(page, `名册-${office}.json`, roster(issuer, office, keys, issuedAt));
  if (out.kind === 'roster' && out.taken !== 'true' && await page.locator('[data-testid="accept-roster"]').count()) {
    await page.click('[data-testid="accept-roster"]');
    await page.waitForFunction(() => document.querySelector('[data-testid="roster"]')?.dataset.taken === 'true');
    return { ...out, taken: 'true' };
  }
  return out;
}

/** An approval file signed by `key` as `signAs`. */
export function approvalFile(key, signAs, { office = DISTRICT, month = APRIL, action = 'approve', by = CITY, at, sha, reason }) {
  const approval = {
    format: 'taizhang-approval', version: 1, office, month, action, by, at,
    records_sha256: sha, reason: reason ?? (action === 'reopen' ? '请更正后重报' : ''),
  };
  return { approval, name: `${action === 'approve' ? '审核' : '退回'}-${office}-${month}.json`, text: key.sign(JSON.stringify(approval, null, 2), signAs, 'taizhang-approval') };
}

/** A district copy (the sample; its own office 430204) trusting a Node key for the city through the city's roster. */
export async function districtCopy({ setUp, keys = [] } = {}) {
  const copy = await freshCopy();
  await loadSample(copy.page);
  if (setUp) await setUp(copy.page);
  const city = officeKey();
  const taken = await trustRoster(copy.page, city, CITY, [city.listed(CITY), ...keys]);
  assert.equal(taken.taken, 'true', `the city's roster is trusted: ${taken.text}`);
  return { ...copy, city };
}
// ---- The reporting screen ----

export const approveButton = (office, month) => `[data-testid="approve"][data-office="${office}"][data-month="${month}"]`;
export const reopenButton = (office, month) => `[data-testid="reopen"][data-office="${office}"][data-month="${month}"]`;

export async function reporting(page, office) {
  await closeNotice(page);
  await page.goto(`${server.url}#/submissions?office=${office}&from=2021-04-01&to=2021-05-31`);
  await page.waitForSelector('[data-testid="app-ready"]', { state: 'attached' });
  await page.locator('[data-submission]').first().waitFor();
}

/** Sends a month back from the reporting screen: the signed file. */
export async function sendBack(page, office, month, reason) {
  await page.click(reopenButton(office, month));
  await page.fill('[data-testid="reopen-reason"]', reason);
  return download(page, () => page.click('[data-testid="reopen-send"]'));
}

export const header = (raw) => JSON.parse(Buffer.from(JSON.parse(raw).protected, 'base64url').toString());

/** An unsigned exchange file from the district with `file`'s offices and the given records. */
export function exchangeFile(file, records, { offices = file.offices, source = DISTRICT } = {}) {
  return JSON.stringify({
    format: 'taizhang-exchange', version: 1, exported_at: iso(Date.now() - HOUR), source_office: source, offices,
    training_sessions: records.training_sessions ?? [], honoured_models: records.honoured_models ?? [], cases: records.cases ?? [],
  });
}

export const changed = (record, fields) => ({ ...record, ...fields, revision: record.revision + 1, updated_at: iso(Date.now() - HOUR / 2) });
