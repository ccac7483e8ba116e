// What the authority tests over keys share (trust-format.md §6): a fresh
// district copy, what its database holds (a full export of every office and
// the raw `keys` and `meta` stores), files chosen as a user would, and files
// made by Node's own keys (jws.mjs), never by the app.
import assert from 'node:assert/strict';
import { createHash, randomUUID } from 'node:crypto';
import { openApp, loadSample, exportJson, chooseText, rawDatabase, CITY, DISTRICT } from './harness.mjs';

let server, browser;
/** The test file's server and browser, for the helpers here (given in its `before`). */
export function share(shared) {
  ({ server, browser } = shared);
}

export const PROVINCE = '430000-committee';
export const COURT = '430204-court';
export const PROCURATORATE = '430204-procuratorate';
export const POLICE = '430204-public_security';
export const LEDGERS = ['training_sessions', 'honoured_models', 'cases'];
export const LATER = '2021-06-01T08:00:00Z';

export const sha256 = (bytes) => createHash('sha256').update(bytes).digest('hex');
export const grouped = (kid) => kid.match(/.{1,4}/g).join(' ');
export const trustedId = (office, kid) => `${office} ${kid}`;

// ---------------------------------------------------------------- the page

/** A fresh profile with the sample district loaded, and its snapshot. */
export async function district() {
  const opened = await openApp(browser, server.url);
  opened.page.setDefaultTimeout(15000);
  await loadSample(opened.page);
  const base = await snapshot(opened.page);
  return { ...opened, base };
}

/**
 * What the database holds, read two ways: a full export of every office
 * (records with their revisions, offices) and the raw stores: the trusted
 * keys (`keys`, "office kid" → JSON text; the own key "own" left out, it is
 * made by the first export), the settings (`meta`, without `last_export`,
 * which every export, this one too, sets), the stored blocks and the import log.
 */
export async function snapshot(page) {
  await page.click('[data-nav="exchange"]');
  const filter = page.locator('[data-testid="office-filter"]');
  if (await filter.count()) await filter.selectOption('');
  const file = JSON.parse((await exportJson(page)).text);
  const db = await rawDatabase(page);
  const records = {};
  for (const ledger of LEDGERS) for (const r of file[ledger]) records[`${ledger}/${r.id}`] = JSON.stringify(r);
  const offices = Object.fromEntries(file.offices.map((o) => [o.code, JSON.stringify(o)]));
  const keys = Object.fromEntries((db.keys ?? [])
    .filter((e) => e.key !== '"own"')
    .map((e) => [JSON.parse(e.key), e.value.text ?? JSON.stringify(e.value)]));
  const stored = (db.meta ?? []).find((e) => e.key === '"settings"');
  const settings = stored?.value.text ? JSON.parse(stored.value.text) : null;
  if (settings) delete settings.last_export;
  return {
    file, records, offices, keys,
    settings: JSON.stringify(settings),
    chunks: sha256(JSON.stringify(db.chunks ?? [])),
    imports: (db.imports ?? []).length,
    history: (db.history ?? []).length + (db.history_pages ?? []).length,
  };
}

/** The trusted keys as the raw `keys` store holds them (ids "office kid"). */
export async function trustedKeys(page) {
  const db = await rawDatabase(page);
  return (db.keys ?? []).map((e) => JSON.parse(e.key)).filter((k) => k !== 'own');
}

function changes(before, after) {
  const out = [];
  for (const k of new Set([...Object.keys(before), ...Object.keys(after)])) {
    if (before[k] !== after[k]) out.push(`${k in before ? (k in after ? 'changed' : 'removed') : 'added'} ${k}`);
  }
  return out;
}

/** Nothing written between two snapshots (`keys: false` when trusting a key was the point). */
export function assertUnchanged(before, after, what, { keys = true } = {}) {
  const problems = [
    ...changes(before.records, after.records).map((d) => `record ${d}`),
    ...changes(before.offices, after.offices).map((d) => `office ${d}`),
    ...(keys ? changes(before.keys, after.keys).map((d) => `trusted key ${d}`) : []),
  ];
  if (before.settings !== after.settings) problems.push(`settings ${before.settings} → ${after.settings}`);
  if (before.chunks !== after.chunks) problems.push('the stored blocks were rewritten');
  if (before.imports !== after.imports) problems.push(`import log ${before.imports} → ${after.imports} entries`);
  if (before.history !== after.history) problems.push(`record history ${before.history} → ${after.history} entries`);
  assert.deepEqual(problems, [], `${what}: the database changed`);
}

const RESULTS = ['import-preview', 'import-errors', 'roster', 'receipt-taken', 'approval-taken', 'password-asked'];
const RESULT = RESULTS.map((t) => `[data-testid="${t}"]`).join(', ');

/**
 * Chooses `text` as a file on the exchange screen and waits for what the
 * page makes of it (never the result of the file before): the test id of
 * the card shown — import-preview, import-errors, roster, receipt-taken, …
 * The page may reuse the card's element for the next one, so the file's own
 * turn is seen by its progress (Working) appearing after it was chosen.
 */
export async function choose(page, name, text) {
  await page.click('[data-nav="exchange"]');
  await page.evaluate((results) => {
    const watched = ['import-progress', ...results];
    window.__chosenSeen = false;
    window.__chosenObserver?.disconnect();
    const hit = (node) => node.nodeType === 1
      && (watched.includes(node.dataset?.testid) || watched.some((t) => node.querySelector?.(`[data-testid="${t}"]`)));
    window.__chosenObserver = new MutationObserver((records) => {
      for (const r of records) {
        if (r.type === 'attributes' ? hit(r.target) : [...r.addedNodes].some(hit)) window.__chosenSeen = true;
      }
    });
    window.__chosenObserver.observe(document.body, { childList: true, subtree: true, attributes: true, attributeFilter: ['data-testid'] });
  }, RESULTS);
  await chooseText(page, name, text);
  const shown = await page.waitForFunction(
    (sel) => window.__chosenSeen && !document.querySelector('[data-testid="import-progress"]') && document.querySelector(sel)?.dataset.testid,
    RESULT,
  );
  return shown.jsonValue();
}

/** The JSON Pointers of the refusal shown. */
export const pointers = (page) => page.locator('[data-testid="import-errors"] [data-pointer]')
  .evaluateAll((items) => items.map((i) => i.dataset.pointer));

/** Whether `list` names row `at` (the row itself, or a field of it). */
export const names = (list, at) => list.some((p) => p === at || p.startsWith(`${at}/`));

/** Everything the key-conflict notices say: their text and their attributes' values. */
export const conflictSaid = (page) => page.locator('[data-testid="key-conflict"]').evaluateAll((els) => els.flatMap((el) =>
  [el.innerText, ...[el, ...el.querySelectorAll('*')].flatMap((e) => [...e.attributes].map((a) => a.value))]).join('\n'));

export const sender = (page) => page.locator('[data-testid="import-sender"]').last();

/** Trusts the key of the preview shown, as after comparing its fingerprint on the phone. */
export async function acceptKey(page) {
  await page.click('[data-testid="accept-key"]');
  await page.waitForFunction(() => [...document.querySelectorAll('[data-testid="import-sender"]')].some((e) => e.dataset.trust === 'verified'));
}

/** Applies the preview shown; resolves when the page says how it went (or the preview is gone). */
export async function confirm(page) {
  await page.click('[data-testid="import-confirm"]');
  await page.waitForFunction(() => document.querySelector('[data-testid="import-summary"], [data-testid="import-refused"]')
    || document.querySelector('[data-testid="import-errors"]')
    || !document.querySelector('[data-testid="import-preview"]'));
}

/**
 * A file that must be refused whole: if the page offers a preview instead,
 * the test does what a user would (confirms it), so that what the database
 * then holds is the evidence. Returns the card shown first.
 */
export async function attempt(page, name, text) {
  const shown = await choose(page, name, text);
  if (shown === 'import-preview' && await page.locator('[data-testid="import-confirm"]').isEnabled()) {
    await takeTheirs(page);
    await confirm(page);
  }
  return shown;
}

/** Where the preview asks (offices have no revision: any difference is a conflict), takes the file's version. */
export async function takeTheirs(page) {
  const all = page.locator('[data-testid="conflicts-take-all"]');
  if (await all.count()) await all.click();
}

export async function reload(page) {
  await page.reload();
  await page.waitForSelector('[data-testid="app-ready"]', { state: 'attached' });
}

// ---------------------------------------------------------------- the files

/** The sample's offices `codes`, as the district's export has them. */
export const officesOf = (base, codes) => codes.map((code) => {
  const office = base.file.offices.find((o) => o.code === code);
  assert.ok(office, `the sample has ${code}`);
  return office;
});

/** An exchange file sent by `source`. */
export const exchange = (source, { offices, cases = [], training_sessions = [], honoured_models = [] }) => JSON.stringify({
  format: 'taizhang-exchange', version: 1, exported_at: LATER, source_office: source,
  offices, training_sessions, honoured_models, cases,
});

let serial = 0;
/** A new case of `office`, made from one of the sample's. */
export function newCase(base, office) {
  const model = base.file.cases.find((c) => !c.deleted && c.office === COURT) ?? base.file.cases.find((c) => !c.deleted);
  serial += 1;
  return { ...model, id: randomUUID(), office, revision: 1, updated_at: LATER, reference: `测〔2021〕${serial}号`, notes: '' };
}

/** One of the sample's live cases of `office`. */
export function caseOf(base, office) {
  const found = base.file.cases.find((c) => !c.deleted && c.office === office);
  assert.ok(found, `the sample has a case of ${office}`);
  return found;
}

export const CHAIN = [PROVINCE, CITY, DISTRICT];

/** `key` signs as the court, a file of the court with its offices above as context. */
export const courtFile = (key, base, parts = {}) => key.sign(
  exchange(COURT, { offices: officesOf(base, [...CHAIN, COURT]), ...parts }), COURT, 'taizhang-exchange');

/** The district trusts `key` for `office` on the user's word: a harmless file of that office, accepted. */
export async function trustOn(page, key, office, base, { cases = [] } = {}) {
  const text = key.sign(exchange(office, { offices: officesOf(base, [...CHAIN, office]), cases }), office, 'taizhang-exchange');
  assert.equal(await choose(page, `${office}-first.json`, text), 'import-preview');
  assert.equal(await sender(page).getAttribute('data-trust'), 'unknown');
  await acceptKey(page);
  if (cases.length) await confirm(page);
  else await page.click('[data-testid="import-cancel"]');
  assert.ok((await trustedKeys(page)).includes(trustedId(office, key.kid)), `${office}'s key is trusted`);
}
