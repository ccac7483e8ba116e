// Authority (trust-format.md §6), tried as an attacker would: keys and
// files are made by Node's own crypto (jws.mjs), never by the app, and every
// verdict is read from what the database holds — a full export of every
// office and the raw `keys` and `meta` stores — not only from words on the
// screen. Each scenario is its own fresh browser profile, one browser shared.
//
//   TAIZHANG_DIST=/path/to/dist node --test authority-keys.test.mjs
// runs the same file against another build (an old one must fail here).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, randomUUID, verify } from 'node:crypto';
import {
  serveDist, DIST, launch, openApp, loadSample, exportJson, chooseText, rawDatabase, download, cityAndDistrict, CITY, DISTRICT,
} from './harness.mjs';
import { officeKey, roster } from './jws.mjs';

let server, browser;
before(async () => { server = await serveDist(); browser = await launch(); });
after(async () => { await browser?.close(); await server?.close(); });

const PROVINCE = '430000-committee';
const COURT = '430204-court';
const PROCURATORATE = '430204-procuratorate';
const POLICE = '430204-public_security';
const LEDGERS = ['training_sessions', 'honoured_models', 'cases'];
const LATER = '2021-06-01T08:00:00Z';

const sha256 = (bytes) => createHash('sha256').update(bytes).digest('hex');
const grouped = (kid) => kid.match(/.{1,4}/g).join(' ');
const trustedId = (office, kid) => `${office} ${kid}`;

// ---------------------------------------------------------------- the page

/** A fresh profile with the sample district loaded, and its snapshot. */
async function district() {
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
async function snapshot(page) {
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
async function trustedKeys(page) {
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
function assertUnchanged(before, after, what, { keys = true } = {}) {
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
async function choose(page, name, text) {
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
const pointers = (page) => page.locator('[data-testid="import-errors"] [data-pointer]')
  .evaluateAll((items) => items.map((i) => i.dataset.pointer));

/** Whether `list` names row `at` (the row itself, or a field of it). */
const names = (list, at) => list.some((p) => p === at || p.startsWith(`${at}/`));

/** Everything the key-conflict notices say: their text and their attributes' values. */
const conflictSaid = (page) => page.locator('[data-testid="key-conflict"]').evaluateAll((els) => els.flatMap((el) =>
  [el.innerText, ...[el, ...el.querySelectorAll('*')].flatMap((e) => [...e.attributes].map((a) => a.value))]).join('\n'));

const sender = (page) => page.locator('[data-testid="import-sender"]').last();

/** Trusts the key of the preview shown, as after comparing its fingerprint on the phone. */
async function acceptKey(page) {
  await page.click('[data-testid="accept-key"]');
  await page.waitForFunction(() => [...document.querySelectorAll('[data-testid="import-sender"]')].some((e) => e.dataset.trust === 'verified'));
}

/** Applies the preview shown; resolves when the page says how it went (or the preview is gone). */
async function confirm(page) {
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
async function attempt(page, name, text) {
  const shown = await choose(page, name, text);
  if (shown === 'import-preview' && await page.locator('[data-testid="import-confirm"]').isEnabled()) {
    await takeTheirs(page);
    await confirm(page);
  }
  return shown;
}

/** Where the preview asks (offices have no revision: any difference is a conflict), takes the file's version. */
async function takeTheirs(page) {
  const all = page.locator('[data-testid="conflicts-take-all"]');
  if (await all.count()) await all.click();
}

async function reload(page) {
  await page.reload();
  await page.waitForSelector('[data-testid="app-ready"]', { state: 'attached' });
}

// ---------------------------------------------------------------- the files

/** The sample's offices `codes`, as the district's export has them. */
const officesOf = (base, codes) => codes.map((code) => {
  const office = base.file.offices.find((o) => o.code === code);
  assert.ok(office, `the sample has ${code}`);
  return office;
});

/** An exchange file sent by `source`. */
const exchange = (source, { offices, cases = [], training_sessions = [], honoured_models = [] }) => JSON.stringify({
  format: 'taizhang-exchange', version: 1, exported_at: LATER, source_office: source,
  offices, training_sessions, honoured_models, cases,
});

let serial = 0;
/** A new case of `office`, made from one of the sample's. */
function newCase(base, office) {
  const model = base.file.cases.find((c) => !c.deleted && c.office === COURT) ?? base.file.cases.find((c) => !c.deleted);
  serial += 1;
  return { ...model, id: randomUUID(), office, revision: 1, updated_at: LATER, reference: `测〔2021〕${serial}号`, notes: '' };
}

/** One of the sample's live cases of `office`. */
function caseOf(base, office) {
  const found = base.file.cases.find((c) => !c.deleted && c.office === office);
  assert.ok(found, `the sample has a case of ${office}`);
  return found;
}

const CHAIN = [PROVINCE, CITY, DISTRICT];

/** `key` signs as the court, a file of the court with its offices above as context. */
const courtFile = (key, base, parts = {}) => key.sign(
  exchange(COURT, { offices: officesOf(base, [...CHAIN, COURT]), ...parts }), COURT, 'taizhang-exchange');

/** The district trusts `key` for `office` on the user's word: a harmless file of that office, accepted. */
async function trustOn(page, key, office, base, { cases = [] } = {}) {
  const text = key.sign(exchange(office, { offices: officesOf(base, [...CHAIN, office]), cases }), office, 'taizhang-exchange');
  assert.equal(await choose(page, `${office}-first.json`, text), 'import-preview');
  assert.equal(await sender(page).getAttribute('data-trust'), 'unknown');
  await acceptKey(page);
  if (cases.length) await confirm(page);
  else await page.click('[data-testid="import-cancel"]');
  assert.ok((await trustedKeys(page)).includes(trustedId(office, key.kid)), `${office}'s key is trusted`);
}

// ---------------------------------------------------------------- reach

test('reach: a court key trusted for the court cannot write the procuratorate\'s or the committee\'s rows, delete them, or steal them', async () => {
  const { page, context, errors, base } = await district();
  const court = officeKey();
  await trustOn(page, court, COURT, base);
  const start = await snapshot(page);

  // Its own case, with one of the procuratorate and one of the committee above it.
  const mixed = courtFile(court, base, {
    offices: officesOf(base, [...CHAIN, COURT, PROCURATORATE]),
    cases: [newCase(base, COURT), newCase(base, PROCURATORATE), newCase(base, DISTRICT)],
    training_sessions: [{ ...base.file.training_sessions.find((t) => t.office === PROCURATORATE), id: randomUUID(), revision: 1, updated_at: LATER }],
  });
  const shown = await attempt(page, 'mixed.json', mixed);
  const at = shown === 'import-errors' ? await pointers(page) : [];
  assertUnchanged(start, await snapshot(page), 'a court file with others\' cases');
  assert.equal(shown, 'import-errors', 'refused whole, before any preview');
  assert.ok(names(at, '/cases/1'), `the procuratorate's case is named: ${at}`);
  assert.ok(names(at, '/cases/2'), `the committee's case is named: ${at}`);
  assert.ok(!names(at, '/cases/0'), `the court's own case is not: ${at}`);
  assert.ok(names(at, '/training_sessions/0'), `the procuratorate's training session is named: ${at}`);

  // A tombstone of one of the procuratorate's cases, a revision higher.
  const target = caseOf(base, PROCURATORATE);
  const tombstone = courtFile(court, base, {
    offices: officesOf(base, [...CHAIN, COURT, PROCURATORATE]),
    cases: [{ ...target, deleted: true, revision: target.revision + 1, updated_at: LATER }],
  });
  assert.equal(await attempt(page, 'tombstone.json', tombstone), 'import-errors', 'a tombstone outside the reach is refused');
  assert.ok(names(await pointers(page), '/cases/0'));
  const afterTombstone = await snapshot(page);
  assertUnchanged(start, afterTombstone, 'a court file deleting a procuratorate case');
  assert.equal(JSON.parse(afterTombstone.records[`cases/${target.id}`]).deleted, false, 'the case is still there');

  // The procuratorate's case taken over: its id, the court as its office.
  const stolen = courtFile(court, base, {
    cases: [{ ...target, office: COURT, revision: target.revision + 1, updated_at: LATER, notes: '归法院' }],
  });
  assert.equal(await attempt(page, 'stolen.json', stolen), 'import-errors', 'a row stolen from the procuratorate is refused');
  assert.ok(names(await pointers(page), '/cases/0'));
  const afterSteal = await snapshot(page);
  assertUnchanged(start, afterSteal, 'a court file stealing a procuratorate case');
  assert.equal(JSON.parse(afterSteal.records[`cases/${target.id}`]).office, PROCURATORATE);

  // The court's own case handed to the procuratorate: its new office is outside the reach.
  const mine = caseOf(base, COURT);
  const handed = courtFile(court, base, {
    offices: officesOf(base, [...CHAIN, COURT, PROCURATORATE]),
    cases: [{ ...mine, office: PROCURATORATE, revision: mine.revision + 1, updated_at: LATER }],
  });
  assert.equal(await attempt(page, 'handed.json', handed), 'import-errors', 'a row handed to the procuratorate is refused');
  assert.ok(names(await pointers(page), '/cases/0'));
  assertUnchanged(start, await snapshot(page), 'a court file handing its case to the procuratorate');
  assert.deepEqual(errors, []);
  await context.close();
});

test('reach binds a key accepted in the preview before applying: trusted on the spot, it still cannot write outside its office', async () => {
  const { page, context, errors, base } = await district();
  const court = officeKey(); // never seen before: the preview is today's (unknown key)
  const text = courtFile(court, base, {
    offices: officesOf(base, [...CHAIN, COURT, POLICE]),
    cases: [newCase(base, COURT), newCase(base, POLICE)],
  });
  const shown = await choose(page, 'unknown-then-trusted.json', text);
  if (shown === 'import-preview') {
    assert.equal(await sender(page).getAttribute('data-trust'), 'unknown');
    await acceptKey(page); // the user's word: this key is the court's
    // Whatever the page offers next, a user who confirms writes nothing.
    const confirmable = page.locator('[data-testid="import-preview"] [data-testid="import-confirm"]');
    if (await confirmable.count() && await confirmable.isEnabled()) await confirm(page);
  }
  await page.locator('[data-testid="import-errors"] [data-pointer]').first().waitFor({ timeout: 5000 }).catch(() => {});
  const at = await pointers(page);
  const notice = await page.locator('[data-testid="notice"]').allInnerTexts();
  assertUnchanged(base, await snapshot(page), 'a file whose key was accepted in its preview', { keys: false });
  // The refusal is said where it is: the public security bureau's case.
  assert.ok(names(at, '/cases/1'), `the public security bureau's case is named at its pointer: [${at}] (notice: ${notice})`);
  assert.deepEqual(errors, []);
  await context.close();
});

test('offices outside the reach are context only: a court file cannot rename the city, add an office under it or move itself; an office under the court is taken', async () => {
  const { page, context, errors, base } = await district();
  const court = officeKey();
  await trustOn(page, court, COURT, base);
  const [province, city, committee, courtOffice] = officesOf(base, [...CHAIN, COURT]);
  const tribunal = { code: '430204-court-tribunal', name: '石峰区人民法院某人民法庭', level: 'county', system: 'court', parent: COURT, headcount: 7 };
  const stray = { code: '430299-committee', name: '伪造区委政法委', level: 'county', system: 'committee', parent: CITY, headcount: 1 };
  const own = newCase(base, COURT);
  const text = courtFile(court, base, {
    offices: [province, { ...city, name: '被改名的市委政法委' }, committee, { ...courtOffice, parent: CITY }, tribunal, stray],
    cases: [own],
  });
  assert.equal(await choose(page, 'context.json', text), 'import-preview');
  assert.equal(await sender(page).getAttribute('data-trust'), 'verified');
  const notTaken = page.locator('[data-testid="offices-not-taken"]');
  await notTaken.waitFor({ timeout: 5000 }).catch(() => {});
  const listed = await notTaken.locator('[data-office]').evaluateAll((items) => items.map((i) => i.dataset.office));
  await takeTheirs(page); // what a user might choose, where the page asks
  await confirm(page);
  const after = await snapshot(page);
  assert.equal(JSON.parse(after.offices[CITY]).name, '株洲市委政法委', 'the city keeps its name');
  assert.equal(after.offices[stray.code], undefined, 'no office is added under the city');
  assert.equal(JSON.parse(after.offices[COURT]).parent, DISTRICT, 'the court cannot move itself out from under the district');
  assert.equal(after.offices[tribunal.code] && JSON.parse(after.offices[tribunal.code]).parent, COURT, 'the office under the court is taken');
  assert.ok(after.records[`cases/${own.id}`], 'the court\'s own case is taken');
  assert.ok(listed.includes(CITY), `the preview lists the city as not taken: [${listed}]`);
  assert.ok(listed.includes(stray.code), `the preview lists the office under the city as not taken: [${listed}]`);
  assert.ok(!listed.includes(tribunal.code), 'the office under the court is not listed as not taken');

  // The same from a key not trusted yet: the user takes the file's offices, then trusts the key
  // in the preview before applying — the reach binds it all the same.
  const other = officeKey();
  const again = courtFile(other, base, {
    offices: [{ ...province, name: '被改名的省委政法委' }, { ...city, name: '再次被改名的市委政法委' }, committee, courtOffice],
  });
  assert.equal(await choose(page, 'context-unknown.json', again), 'import-preview');
  assert.equal(await sender(page).getAttribute('data-trust'), 'unknown');
  await takeTheirs(page);
  await acceptKey(page);
  const confirmable = page.locator('[data-testid="import-preview"] [data-testid="import-confirm"]');
  if (await confirmable.count() && await confirmable.isEnabled()) await confirm(page);
  const last = await snapshot(page);
  assert.equal(JSON.parse(last.offices[CITY]).name, '株洲市委政法委', 'the city keeps its name (key accepted in the preview)');
  assert.equal(JSON.parse(last.offices[PROVINCE]).name, '湖南省委政法委', 'the province keeps its name (key accepted in the preview)');
  assert.deepEqual(errors, []);
  await context.close();
});

// ---------------------------------------------------------------- one key, one office

test('a key trusted for the court is unknown when it signs as the procuratorate, is trusted for it only on the user\'s word, and then speaks only as the office it signs as', async () => {
  const { page, context, errors, base } = await district();
  const court = officeKey();
  await trustOn(page, court, COURT, base);
  const start = await snapshot(page);
  const text = court.sign(exchange(PROCURATORATE, {
    offices: officesOf(base, [...CHAIN, PROCURATORATE]),
    cases: [newCase(base, PROCURATORATE)],
  }), PROCURATORATE, 'taizhang-exchange');
  assert.equal(await choose(page, 'as-procuratorate.json', text), 'import-preview');
  assert.equal(await sender(page).getAttribute('data-office'), PROCURATORATE);
  assert.notEqual(await sender(page).getAttribute('data-trust'), 'verified');
  assert.equal(await sender(page).getAttribute('data-trust'), 'unknown');
  const held = await trustedKeys(page);
  assert.ok(!held.includes(trustedId(PROCURATORATE, court.kid)), 'not trusted for the procuratorate before it is accepted');
  await page.click('[data-testid="import-cancel"]');
  assertUnchanged(start, await snapshot(page), 'a file previewed and dropped');

  // Trusted for both on the user's word, it still speaks as the office it signs as:
  // as the procuratorate it cannot write the court's rows.
  assert.equal(await choose(page, 'as-procuratorate.json', text), 'import-preview');
  await acceptKey(page);
  await page.click('[data-testid="import-cancel"]');
  const both = await snapshot(page);
  assert.ok(both.keys[trustedId(PROCURATORATE, court.kid)] && both.keys[trustedId(COURT, court.kid)], 'trusted for both');
  const crossing = court.sign(exchange(PROCURATORATE, {
    offices: officesOf(base, [...CHAIN, COURT, PROCURATORATE]),
    cases: [newCase(base, COURT)],
  }), PROCURATORATE, 'taizhang-exchange');
  const shown = await attempt(page, 'crossing.json', crossing);
  const at = shown === 'import-errors' ? await pointers(page) : [];
  assertUnchanged(both, await snapshot(page), 'signed as the procuratorate, a court case');
  assert.equal(shown, 'import-errors');
  assert.ok(names(at, '/cases/0'), `the court's case is named: ${at}`);
  assert.deepEqual(errors, []);
  await context.close();
});

test('this copy\'s key speaks for one office: choosing another own office signs with another key', async () => {
  const { page, context, errors } = await district();
  const header = (raw) => JSON.parse(Buffer.from(JSON.parse(raw).protected, 'base64url').toString());
  const first = header((await exportJson(page)).raw);
  assert.equal(first.office, DISTRICT);
  await page.click('[data-nav="offices"]');
  await page.selectOption('[data-testid="own-office-select"]', COURT);
  // The page may ask first (a new key will be made): yes.
  const yes = page.locator('[data-testid="confirm-yes"]');
  await yes.waitFor({ timeout: 3000 }).then(() => yes.click(), () => {});
  await page.locator('[data-testid="own-office"]', { hasText: '石峰区人民法院' }).waitFor();
  const exported = await exportJson(page);
  const second = header(exported.raw);
  assert.equal(second.office, COURT);
  assert.equal(JSON.parse(exported.text).source_office, COURT);
  const file = JSON.parse(exported.raw);
  assert.ok(verify('sha256', Buffer.from(`${file.protected}.${file.payload}`), { key: second.jwk, format: 'jwk', dsaEncoding: 'ieee-p1363' }, Buffer.from(file.signature, 'base64url')));
  assert.notEqual(second.kid, first.kid, 'the district\'s key does not sign as the court');
  assert.deepEqual(errors, []);
  await context.close();
});

// ---------------------------------------------------------------- rosters

test('rosters vouch downward only: the court cannot vouch for the city, its sibling or its parent', async () => {
  const { page, context, errors, base } = await district();
  const court = officeKey();
  await trustOn(page, court, COURT, base);
  const start = await snapshot(page);
  const fakeCity = officeKey();
  const upward = roster(court, COURT, [court.listed(COURT), fakeCity.listed(CITY)]);
  const shown = await choose(page, 'upward.json', upward);
  if (shown === 'roster' && await page.locator('[data-testid="accept-roster"]').count()) {
    await page.click('[data-testid="accept-roster"]'); // what a user might do, if the page let them
    await page.waitForFunction(() => document.querySelector('[data-testid="roster"]')?.dataset.taken === 'true').catch(() => {});
  }
  let at = shown === 'import-errors' ? await pointers(page) : [];
  assertUnchanged(start, await snapshot(page), 'a court roster listing a key for the city');
  assert.equal(shown, 'import-errors', 'the roster is refused whole');
  assert.ok(at.includes('/keys/1'), `the city's entry is named: ${at}`);
  assert.ok(!at.includes('/keys/0'), `the court's own entry is not: ${at}`);

  // The key it tried to vouch for, signing as the city: not verified.
  const cityFile = fakeCity.sign(exchange(CITY, { offices: officesOf(base, [PROVINCE, CITY]) }), CITY, 'taizhang-exchange');
  assert.equal(await choose(page, 'fake-city.json', cityFile), 'import-preview');
  assert.notEqual(await sender(page).getAttribute('data-trust'), 'verified');
  await page.click('[data-testid="import-cancel"]');

  // Sideways and upward in one: the procuratorate and the district committee.
  const sideways = roster(court, COURT, [court.listed(COURT), officeKey().listed(PROCURATORATE), officeKey().listed(DISTRICT)]);
  assert.equal(await choose(page, 'sideways.json', sideways), 'import-errors');
  at = await pointers(page);
  assert.ok(at.includes('/keys/1') && at.includes('/keys/2'), `the procuratorate's and the committee's entries are named: ${at}`);
  assertUnchanged(start, await snapshot(page), 'a court roster listing its sibling and its parent');
  assert.deepEqual(errors, []);
  await context.close();
});

test('a second key for an office is named before it is trusted, with both fingerprints; accepted, both are trusted', async () => {
  const { page, context, errors, base } = await district();
  const city = officeKey();
  // The city's first roster, compared on the phone: the city's key.
  assert.equal(await choose(page, 'city-1.json', roster(city, CITY, [city.listed(CITY)])), 'roster');
  await page.click('[data-testid="accept-roster"]');
  await page.waitForFunction(() => document.querySelector('[data-testid="roster"]')?.dataset.taken === 'true');
  const held = officeKey();
  await trustOn(page, held, COURT, base);
  const fresh = officeKey();
  // A file signed by another key as the court: named beside the one held before it can be accepted.
  assert.equal(await choose(page, 'court-other-key.json', courtFile(fresh, base)), 'import-preview');
  assert.equal(await sender(page).getAttribute('data-trust'), 'unknown');
  await page.locator('[data-testid="key-conflict"]').waitFor();
  const inPreview = await conflictSaid(page);
  assert.ok(inPreview.includes(grouped(held.kid)) || inPreview.includes(held.kid), 'the preview names the key held');
  assert.ok(inPreview.includes(grouped(fresh.kid)) || inPreview.includes(fresh.kid), 'the preview names the new key');
  await page.click('[data-testid="import-cancel"]');
  assert.ok(!(await trustedKeys(page)).includes(trustedId(COURT, fresh.kid)));
  // Later the city lists that other key for the court.
  assert.equal(await choose(page, 'city-2.json', roster(city, CITY, [city.listed(CITY), fresh.listed(COURT)], LATER)), 'roster');
  const keysNow = await trustedKeys(page);
  assert.ok(!keysNow.includes(trustedId(COURT, fresh.kid)), 'the new key is not trusted before the page has said so');
  const conflict = page.locator('[data-testid="key-conflict"]');
  await conflict.waitFor();
  const said = await conflictSaid(page);
  for (const [what, kid] of [['held', held.kid], ['new', fresh.kid]]) {
    assert.ok(said.includes(grouped(kid)) || said.includes(kid), `the ${what} key's fingerprint is named`);
  }
  await page.click('[data-testid="accept-roster"]');
  await page.waitForFunction(() => document.querySelector('[data-testid="roster"]')?.dataset.taken === 'true');
  const keysAfter = await trustedKeys(page);
  assert.ok(keysAfter.includes(trustedId(COURT, held.kid)) && keysAfter.includes(trustedId(COURT, fresh.kid)), 'both keys are trusted for the court');
  await page.click('[data-nav="offices"]');
  for (const kid of [held.kid, fresh.kid]) {
    await page.locator(`[data-testid="trusted-keys"] [data-office="${COURT}"][data-kid="${kid}"]`).waitFor();
  }
  assert.deepEqual(errors, []);
  await context.close();
});

test('a roster from above listing another key for this copy\'s own office names it beside this copy\'s own key before it is trusted', async () => {
  const { page, context, errors } = await district();
  await page.click('[data-nav="offices"]');
  const own = await page.locator('[data-testid="own-key"] [data-kid]').getAttribute('data-kid');
  const city = officeKey();
  assert.equal(await choose(page, 'city-1.json', roster(city, CITY, [city.listed(CITY)])), 'roster');
  await page.click('[data-testid="accept-roster"]');
  await page.waitForFunction(() => document.querySelector('[data-testid="roster"]')?.dataset.taken === 'true');
  // The city (trusted, above) now vouches for another key as this very district.
  const other = officeKey();
  assert.equal(await choose(page, 'city-2.json', roster(city, CITY, [city.listed(CITY), other.listed(DISTRICT)], LATER)), 'roster');
  const held = await trustedKeys(page);
  assert.ok(!held.includes(trustedId(DISTRICT, other.kid)),
    'a second key for this copy\'s own office is not trusted before the page has named both (it would speak for every office of the district)');
  await page.locator('[data-testid="key-conflict"]').waitFor({ timeout: 5000 });
  const said = await conflictSaid(page);
  assert.ok(said.includes(grouped(own)) || said.includes(own), 'this copy\'s own key is named');
  assert.ok(said.includes(grouped(other.kid)) || said.includes(other.kid), 'the other key is named');
  assert.deepEqual(errors, []);
  await context.close();
});

test('a withdrawn key verifies no new file, and what it brought stays', async () => {
  const { page, context, errors, base } = await district();
  const court = officeKey();
  const procuratorate = officeKey();
  const brought = newCase(base, COURT);
  await trustOn(page, court, COURT, base, { cases: [brought] });
  await trustOn(page, procuratorate, PROCURATORATE, base);
  await page.click('[data-nav="offices"]');
  const row = page.locator(`[data-testid="trusted-keys"] [data-office="${COURT}"][data-kid="${court.kid}"]`);
  await row.waitFor();
  await row.locator('[data-action="withdraw"]').click();
  await page.click('[data-testid="confirm-yes"]');
  await row.waitFor({ state: 'detached' });
  await page.locator(`[data-testid="trusted-keys"] [data-office="${PROCURATORATE}"][data-kid="${procuratorate.kid}"]`).waitFor();
  const held = await trustedKeys(page);
  assert.ok(!held.includes(trustedId(COURT, court.kid)), 'gone from the keys store');
  assert.ok(held.includes(trustedId(PROCURATORATE, procuratorate.kid)), 'the other key stays');

  await reload(page);
  await page.click('[data-nav="offices"]');
  await page.locator(`[data-testid="trusted-keys"] [data-office="${PROCURATORATE}"]`).waitFor();
  assert.equal(await row.count(), 0, 'still withdrawn after a reload');
  assert.equal(await choose(page, 'court-2.json', courtFile(court, base, { cases: [newCase(base, COURT)] })), 'import-preview');
  assert.equal(await sender(page).getAttribute('data-trust'), 'unknown');
  await page.click('[data-testid="import-cancel"]');
  const after = await snapshot(page);
  assert.equal(after.records[`cases/${brought.id}`], JSON.stringify(brought), 'what the withdrawn key brought stays');
  assert.deepEqual(errors, []);
  await context.close();
});

test('a withdrawn key never comes back by a roster: the city\'s roster that vouched for it, taken again, trusts the others only', async () => {
  const { page, context, errors } = await district();
  const city = officeKey();
  const court = officeKey();
  const procuratorate = officeKey();
  const listed = [city.listed(CITY), court.listed(COURT), procuratorate.listed(PROCURATORATE)];
  // The city's roster, compared on the phone: its key and two under it.
  assert.equal(await choose(page, 'city.json', roster(city, CITY, listed)), 'roster');
  await page.click('[data-testid="accept-roster"]');
  await page.waitForFunction(() => document.querySelector('[data-testid="roster"]')?.dataset.taken === 'true');
  assert.ok((await trustedKeys(page)).includes(trustedId(COURT, court.kid)));
  // The court's key withdrawn (a PC lost, say).
  await page.click('[data-nav="offices"]');
  const row = page.locator(`[data-testid="trusted-keys"] [data-office="${COURT}"][data-kid="${court.kid}"]`);
  await row.locator('[data-action="withdraw"]').click();
  await page.click('[data-testid="confirm-yes"]');
  await row.waitFor({ state: 'detached' });
  // The same roster again, and a later one listing the same key: from above now, taken as is,
  // but never with the withdrawn key.
  for (const [name, at] of [['city.json', undefined], ['city-later.json', LATER]]) {
    assert.equal(await choose(page, name, roster(city, CITY, listed, at)), 'roster');
    await page.waitForFunction(() => document.querySelector('[data-testid="roster"]')?.dataset.taken === 'true');
    const held = await trustedKeys(page);
    assert.ok(!held.includes(trustedId(COURT, court.kid)), `${name}: the withdrawn key stays withdrawn`);
    assert.ok(held.includes(trustedId(PROCURATORATE, procuratorate.kid)), `${name}: the others stay trusted`);
  }
  assert.deepEqual(errors, []);
  await context.close();
});

// ---------------------------------------------------------------- receipts

test('a receipt marks a file received only when signed by a key trusted for the receiver it names', async () => {
  const { page, context, errors, base } = await district();
  const sent = await exportJson(page);
  const hash = sha256(Buffer.from(sent.raw));
  const file = JSON.parse(sent.text);
  const status = async () => {
    await page.click('[data-nav="exchange"]');
    const row = page.locator(`[data-testid="sent-files"] [data-sha256="${hash}"]`);
    await row.waitFor();
    return row.getAttribute('data-status');
  };
  assert.equal(await status(), 'sent');
  const records = file.offices.length + LEDGERS.reduce((n, k) => n + file[k].length, 0);
  const receipt = JSON.stringify({
    format: 'taizhang-receipt', version: 1, file_sha256: hash, file_name: sent.name,
    source_office: file.source_office, exported_at: file.exported_at,
    received_by: CITY, received_at: file.exported_at,
    counts: { new: records, updated: 0, unchanged: 0, stale: 0, conflict: 0, deleted: 0 },
  });
  const court = officeKey();
  await trustOn(page, court, COURT, base);
  const forged = [
    ['unsigned', receipt],
    ['signed by a key nobody trusts, as the city', officeKey().sign(receipt, CITY, 'taizhang-receipt')],
    ['signed by the court\'s trusted key, as the city', court.sign(receipt, CITY, 'taizhang-receipt')],
  ];
  for (const [what, text] of forged) {
    await choose(page, 'receipt.json', text);
    assert.equal(await status(), 'sent', what);
    await reload(page);
    assert.equal(await status(), 'sent', `${what}, after a reload`);
  }

  // The city's key, trusted from its roster: its receipt counts.
  const city = officeKey();
  assert.equal(await choose(page, 'city.json', roster(city, CITY, [city.listed(CITY)])), 'roster');
  await page.click('[data-testid="accept-roster"]');
  await page.waitForFunction(() => document.querySelector('[data-testid="roster"]')?.dataset.taken === 'true');
  assert.equal(await choose(page, 'receipt.json', city.sign(receipt, CITY, 'taizhang-receipt')), 'receipt-taken');
  await page.waitForFunction((h) => document.querySelector(`[data-testid="sent-files"] [data-sha256="${h}"]`)?.dataset.status === 'received', hash);
  await reload(page);
  assert.equal(await status(), 'received');
  assert.deepEqual(errors, []);
  await context.close();
});

test('the legitimate path, two copies of the app: the city trusts the district\'s key, applies its next file and sends its own signed receipt; the district, trusting the city\'s roster, marks the file received', async () => {
  const { district: d, city: c } = await cityAndDistrict(browser, server.url);
  for (const page of [d.page, c.page]) page.setDefaultTimeout(15000);
  const next = await exportJson(d.page);
  const hash = sha256(Buffer.from(next.raw));
  // The city compares the district's fingerprint and trusts it before applying: the reach binds
  // (the province and the city it carries are context, not taken).
  assert.equal(await choose(c.page, next.name, next.raw), 'import-preview');
  await acceptKey(c.page);
  await confirm(c.page);
  await c.page.locator('[data-testid="import-summary"]').waitFor({ timeout: 5000 });
  const receipt = await download(c.page, () => c.page.click('[data-testid="receipt"]'));
  const header = JSON.parse(Buffer.from(JSON.parse(receipt.text).protected, 'base64url').toString());
  assert.deepEqual([header.cty, header.office], ['taizhang-receipt', CITY]);
  const shown = await choose(d.page, receipt.name, receipt.text);
  const refusal = shown === 'import-errors' ? await d.page.locator('[data-testid="import-errors"]').innerText() : '';
  assert.equal(shown, 'receipt-taken', `the city's own receipt is taken ${refusal}`);
  assert.equal(await d.page.locator('[data-testid="receipt-taken"]').getAttribute('data-counted'), 'true');
  await reload(d.page);
  await d.page.click('[data-nav="exchange"]');
  assert.equal(await d.page.locator(`[data-testid="sent-files"] [data-sha256="${hash}"]`).getAttribute('data-status'), 'received');
  assert.deepEqual([...d.errors, ...c.errors], []);
  await d.context.close();
  await c.context.close();
});
