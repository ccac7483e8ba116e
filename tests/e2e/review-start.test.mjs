// Review of 5fd33db + e3da1b1 (plain load decoded in the transaction, the
// `taizhang.counted` mark, the unlock form's own chunk, the office select).
// Each test states what the contract asks; a failing test is a finding. On e3da1b1
// all 19 pass (A2 sees a fatal-error "locked, unlock first" with no form: no data,
// but a dead end rather than store-tampered; the same as before the change).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serveDist, launch, openApp, loadSample, importTrusting, turnLockOn, unlock, PASSPHRASE } from './harness.mjs';
import { PROVINCE, CITY, DISTRICTS, cityFiles, CITY_DASHBOARD } from './city.mjs';

let server, browser;
before(async () => { server = await serveDist(); browser = await launch(); });
after(async () => { await browser?.close(); await server?.close(); });

const blockedCtx = () => browser.newContext({ locale: 'zh-CN', serviceWorkers: 'block', acceptDownloads: true, viewport: { width: 1280, height: 900 } });
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Runs `mode` on the database with this test's own code; returns what it says. */
async function db(page, mode, arg) {
  return page.evaluate(async ({ mode, arg }) => {
    const db = await new Promise((resolve, reject) => {
      const request = indexedDB.open('taizhang');
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
    const done = (request) => new Promise((resolve, reject) => { request.onsuccess = () => resolve(request.result); request.onerror = () => reject(request.error); });
    const store = (name, write) => db.transaction(name, write ? 'readwrite' : 'readonly').objectStore(name);
    let out = null;
    if (mode === 'keys') out = JSON.stringify(await done(store('chunks').getAllKeys()));
    else if (mode === 'get') { const v = await done(store(arg.store).get(arg.key)); out = v === undefined ? null : (v instanceof Uint8Array ? { bytes: Array.from(v) } : (typeof v === 'string' ? { text: v } : { object: Object.fromEntries(Object.entries(v).map(([k, x]) => [k, x instanceof Uint8Array ? { bytes: Array.from(x) } : x])) })); }
    else if (mode === 'put') {
      const v = arg.value;
      const value = v === null ? undefined : v.bytes ? new Uint8Array(v.bytes) : v.text !== undefined ? v.text : Object.fromEntries(Object.entries(v.object).map(([k, x]) => [k, x?.bytes ? new Uint8Array(x.bytes) : x]));
      if (value === undefined) await done(store(arg.store, true).delete(arg.key));
      else await done(store(arg.store, true).put(value, arg.key));
    }
    db.close();
    return out;
  }, { mode, arg });
}

/** What the page shows after a reload: 'ready', 'fatal', 'tampered', 'unlock' (first seen). */
async function seen(page, timeout = 20000) {
  return Promise.race([
    page.locator('[data-testid="app-ready"]').waitFor({ state: 'attached', timeout }).then(() => 'ready'),
    page.locator('[data-testid="fatal-error"]').waitFor({ timeout }).then(() => 'fatal'),
    page.locator('[data-testid="store-tampered"]').waitFor({ timeout }).then(() => 'tampered'),
    page.locator('[data-testid="unlock-passphrase"]').waitFor({ timeout }).then(() => 'unlock'),
  ]).catch(() => 'nothing');
}

// ---------- A1: an unlocked copy's blocks tampered (the plain path) ----------
let SAMPLE_WORD = '石峰区人民法院';
async function sampleWord(page) {
  const row = (await page.locator('[data-row="430204-court"]').innerText()).split(/\s+/).filter((w) => /法院/.test(w));
  if (row[0]) SAMPLE_WORD = row[0];
}
for (const [name, change] of [
  ['cases block 0 moved to index 1 (a gap)', async (page, orig) => { await db(page, 'put', { store: 'chunks', key: ['cases', 0], value: null }); await db(page, 'put', { store: 'chunks', key: ['cases', 1], value: orig }); }],
  ['cases block 0 replaced by a string', (page) => db(page, 'put', { store: 'chunks', key: ['cases', 0], value: { text: 'not bytes' } })],
  ['cases block 0 replaced by garbage bytes', (page) => db(page, 'put', { store: 'chunks', key: ['cases', 0], value: { bytes: [1, 2, 3, 4, 5, 6, 7, 8, 9] } })],
  ['cases block 0 replaced by a sealed-looking object', (page) => db(page, 'put', { store: 'chunks', key: ['cases', 0], value: { object: { sealed: { bytes: new Array(64).fill(7) }, as: 'bytes', bound: true } } })],
  ['an extra block of an unknown kind', (page) => db(page, 'put', { store: 'chunks', key: ['zzz', 0], value: { bytes: [0] } })],
]) {
  test(`A1 unlocked copy, ${name}: a clear error at start, no figures; undone, all data back`, async () => {
    const { page, context } = await openApp(browser, server.url);
    await loadSample(page);
    const keysBefore = await db(page, 'keys');
    const orig = await db(page, 'get', { store: 'chunks', key: ['cases', 0] });
    assert.ok(orig, 'the sample has a cases block 0');
    await page.goto(server.url + '#/cases');
    await page.waitForSelector('[data-testid="app-ready"]', { state: 'attached' });
    await page.locator('tbody tr').first().waitFor();
    const countBefore = await page.locator('tbody tr').count();
    await change(page, orig);
    await page.goto(server.url + '#/dashboard');
    await page.reload();
    const what = await seen(page);
    const kpis = await page.locator('[data-kpi]').count();
    const fatalText = what === 'fatal' ? await page.locator('[data-testid="fatal-error"]').first().innerText() : '';
    const readyToo = await page.locator('[data-testid="app-ready"]').count();
    // Undo before asserting, to check nothing was lost.
    await db(page, 'put', { store: 'chunks', key: ['cases', 1], value: null });
    await db(page, 'put', { store: 'chunks', key: ['zzz', 0], value: null });
    await db(page, 'put', { store: 'chunks', key: ['cases', 0], value: orig });
    assert.equal(await db(page, 'keys'), keysBefore, 'the blocks are as they were');
    await page.goto(server.url + '#/cases');
    await page.reload();
    assert.equal(await seen(page), 'ready', 'undone: the copy starts');
    await page.locator('tbody tr').first().waitFor();
    const countAfter = await page.locator('tbody tr').count();
    assert.equal(countAfter, countBefore, 'undone: the ledger has its rows back');
    assert.equal(what, 'fatal', `tampered: a fatal-error (seen: ${what})`);
    assert.equal(kpis, 0, `no figures shown from a part of the data (fatal: ${fatalText}; app-ready too: ${readyToo})`);
    await context.close();
  });
}

// ---------- A2: a locked copy's lock record and manifest deleted ----------
test('A2 locked copy, lock record and manifest deleted: never the data, never an empty ledger shown as fine', async () => {
  const { page, context } = await openApp(browser, server.url);
  await loadSample(page);
  await sampleWord(page);
  await turnLockOn(page);
  await page.click('[data-testid="lock-now"]');
  await page.locator('[data-testid="unlock-passphrase"]').waitFor();
  const lock = await db(page, 'get', { store: 'meta', key: 'applock' });
  assert.ok(lock, 'the lock record is at meta/applock');
  await db(page, 'put', { store: 'meta', key: 'applock', value: null });
  await db(page, 'put', { store: 'meta', key: 'manifest', value: null });
  await page.reload();
  const what = await seen(page);
  const text = await page.locator('body').innerText();
  assert.ok(!text.includes(SAMPLE_WORD), 'no word of the data');
  console.log('A2 seen:', what, (await page.locator('[data-testid="fatal-error"], [data-testid="store-tampered"]').allInnerTexts()).join(' | '));
  assert.notEqual(what, 'ready', `not shown as a working copy (seen: ${what})`);
  await context.close();
});

// ---------- A3: the taizhang.counted mark ----------
const { body, report } = cityFiles();
const DASH = CITY_DASHBOARD;
const LISTS = /split_taizhang_lists-[0-9a-f]+\.wasm$/;

async function cityCopy() {
  const opened = await openApp(browser, server.url, { context: await blockedCtx() });
  await importTrusting(opened.page, 'tree.json', body(CITY.code, '2021-04-01T00:00:00Z'));
  await importTrusting(opened.page, 'a.json', report('430202-committee', '2021-05-03T08:00:00Z'));
  await opened.page.goto(server.url + DASH);
  await opened.page.waitForSelector('[data-kpi="reports.rate"]', { state: 'attached' });
  return opened;
}
/** The rate as shown the moment app-ready is attached (or the error). */
async function rateAtReady(page) {
  await page.goto(server.url + DASH);
  await page.reload();
  const what = await seen(page);
  if (what !== 'ready') return what;
  return page.evaluate(() => document.querySelector('[data-kpi="reports.rate"]')?.getAttribute('data-value') ?? 'no kpi');
}
for (const [name, prepare] of [
  ['mark removed (log present)', (page) => page.evaluate(() => localStorage.removeItem('taizhang.counted'))],
  ['mark set to garbage', (page) => page.evaluate(() => localStorage.setItem('taizhang.counted', '0'))],
  ['lists chunk blocked at start (mark set)', (page) => page.route(LISTS, (r) => { page.__hits = (page.__hits ?? 0) + 1; return r.abort('internetdisconnected'); })],
  ['lists chunk slow 3 s at start', (page) => page.route(LISTS, async (r) => { await sleep(3000); await r.continue(); })],
]) {
  test(`A3 city copy with a log, ${name}: the rate at app-ready is 0.125, or an error`, async () => {
    const { page, context } = await cityCopy();
    assert.equal(await page.evaluate(() => localStorage.getItem('taizhang.counted')), '1', 'the mark is set');
    await prepare(page);
    const at = await rateAtReady(page);
    console.log(`A3 ${name}:`, at);
    assert.ok(at === 'fatal' || Number(at) === 0.125, `the rate at app-ready: ${at}`);
    await context.close();
  });
}
test('A3 stale mark on a copy with no log: starts, mark removed', async () => {
  const { page, context } = await openApp(browser, server.url);
  await loadSample(page);
  await page.evaluate(() => localStorage.setItem('taizhang.counted', '1'));
  await page.reload();
  assert.equal(await seen(page), 'ready');
  await sleep(500);
  assert.equal(await page.evaluate(() => localStorage.getItem('taizhang.counted')), null, 'the stale mark is removed');
  await context.close();
});

// ---------- A4: the unlock form's chunk ----------
const UNLOCK = /split_taizhang_unlock_form-[0-9a-f]+\.wasm$/;
async function lockedSample() {
  const opened = await openApp(browser, server.url, { context: await blockedCtx() });
  await loadSample(opened.page);
  await sampleWord(opened.page);
  const recovery = await turnLockOn(opened.page);
  await opened.page.click('[data-testid="lock-now"]');
  await opened.page.locator('[data-testid="unlock-passphrase"]').waitFor();
  return { ...opened, recovery };
}
test('A4 unlock form chunk blocked: fatal-error where the form would be, no data', async () => {
  const { page, context } = await lockedSample();
  let hits = 0;
  await page.route(UNLOCK, (r) => { hits += 1; return r.abort('internetdisconnected'); });
  await page.reload();
  const what = await seen(page);
  assert.ok(hits > 0, 'the form chunk was asked for and refused');
  assert.equal(what, 'fatal', `seen: ${what}`);
  assert.ok(!(await page.locator('body').innerText()).includes(SAMPLE_WORD));
  assert.equal(await page.locator('[data-testid="app-ready"]').count(), 0);
  await context.close();
});
test('A4 unlock form chunk slow: nothing shown before, wrong passphrase refused, recovery key unlocks', async () => {
  const { page, context, recovery } = await lockedSample();
  await page.route(UNLOCK, async (r) => { await sleep(3000); await r.continue(); });
  await page.reload();
  await sleep(1500);
  assert.ok(!(await page.locator('body').innerText()).includes(SAMPLE_WORD), 'no data while the form is coming');
  assert.equal(await page.locator('[data-testid="app-ready"]').count(), 0);
  await page.locator('[data-testid="unlock-passphrase"]').waitFor();
  await page.fill('[data-testid="unlock-passphrase"]', PASSPHRASE + 'x');
  await page.click('[data-testid="unlock"]');
  await page.locator('[data-testid="unlock-error"]').waitFor();
  assert.equal(await page.locator('[data-testid="app-ready"]').count(), 0);
  await page.fill('[data-testid="unlock-passphrase"]', '');
  await unlock(page, { recovery });
  assert.ok((await page.locator('body').innerText()).length > 0);
  await context.close();
});

// ---------- A5: the office filter's select ----------
test('A5 office filter: back/forward and an office added in another tab, the select shows the office of the figures', async () => {
  const { page, context } = await cityCopy();
  const select = page.locator('[data-testid="office-filter"]');
  const urlOffice = () => new URL(page.url().replace('#/', '')).searchParams.get('office') ?? '';
  assert.equal(await select.inputValue(), CITY.code);
  const [d1, d2] = [DISTRICTS[0].code, DISTRICTS[1].code];
  await select.selectOption(d1);
  await page.waitForFunction((c) => location.hash.includes(c), d1);
  await select.selectOption(d2);
  await page.waitForFunction((c) => location.hash.includes(c), d2);
  // The filter's changes replace the history entry (back leaves the screen), so the URL is changed by hand.
  const hashTo = (office) => page.evaluate((o) => { location.hash = `#/dashboard?from=2021-04-01&office=${o}&to=2021-05-31`; }, office);
  await hashTo(d1);
  await sleep(500);
  assert.equal(await select.inputValue(), d1, 'URL changed: the select shows the office in the URL');
  await hashTo(d2);
  await sleep(500);
  assert.equal(await select.inputValue(), d2, 'and back');
  // Another tab adds an office (the tree again with one more district).
  const other = await context.newPage();
  await other.goto(server.url + '#/exchange');
  await other.waitForSelector('[data-testid="app-ready"]', { state: 'attached' });
  const extra = { ...DISTRICTS[0], code: '430299-committee', name: '新增区委政法委' };
  await importTrusting(other, 'tree2.json', JSON.stringify({
    format: 'taizhang-exchange', version: 1, exported_at: '2021-04-02T00:00:00Z', source_office: CITY.code,
    offices: [PROVINCE, CITY, ...DISTRICTS, extra], training_sessions: [], honoured_models: [], cases: [] }));
  await page.waitForFunction(() => [...document.querySelectorAll('[data-testid="office-filter"] option')].some((o) => o.value === '430299-committee'), null, { timeout: 15000 });
  assert.equal(await select.inputValue(), d2, 'after the other tab added an office');
  await hashTo(d1);
  await sleep(500);
  assert.equal(await select.inputValue(), d1, 'URL changed after the options were rebuilt');
  await page.goto(server.url + `#/dashboard?from=2021-04-01&to=2021-05-31`);
  await sleep(300);
  assert.equal(await select.inputValue(), '', 'all offices');
  await context.close();
});

test('A4 unlocked copy with the unlock form chunk blocked: starts as usual, no error', async () => {
  const context = await blockedCtx();
  let hits = 0;
  await context.route(UNLOCK, (r) => { hits += 1; return r.abort('internetdisconnected'); });
  const { page } = await openApp(browser, server.url, { context });
  await loadSample(page);
  await page.reload();
  assert.equal(await seen(page), 'ready');
  await sleep(500);
  assert.equal(await page.locator('[data-testid="fatal-error"]').count(), 0);
  assert.equal(hits, 0, 'the form is not fetched by a copy without the lock');
  await context.close();
});

test('A4 lock now in a tab whose unlock form chunk cannot come: the data leaves the screen, the failure is said', async () => {
  // The lock turned on in tab 1; tab 2 opens unlocked? A locked copy always shows the form first,
  // so tab 2 gets its form chunk at start; the chunk is blocked only after. Wasm chunks once
  // fetched are in memory, so this checks the in-session lock with the chunk already here.
  const context = await blockedCtx();
  const { page } = await openApp(browser, server.url, { context });
  await loadSample(page);
  await sampleWord(page);
  await turnLockOn(page);
  await context.route(UNLOCK, (r) => r.abort('internetdisconnected'));
  await page.click('[data-testid="lock-now"]');
  const what = await seen(page, 10000);
  await sleep(500);
  assert.ok(!(await page.locator('body').innerText()).includes(SAMPLE_WORD), `no data after lock now (seen: ${what})`);
  assert.equal(await page.locator('[data-kpi]').count(), 0, 'no figures');
  assert.ok(what === 'unlock' || what === 'fatal', `the form or the failure (seen: ${what})`);
  await context.close();
});

for (const [name, slow] of [['slow 3 s', true], ['blocked', false]]) {
  test(`A3 locked city copy with a log, lists chunk ${name} after the unlock: the rate at app-ready is 0.125, or an error`, async () => {
    const { page, context } = await cityCopy();
    await turnLockOn(page);
    await page.click('[data-testid="lock-now"]');
    await page.locator('[data-testid="unlock-passphrase"]').waitFor();
    await page.goto(server.url + DASH);
    await page.reload();
    await page.locator('[data-testid="unlock-passphrase"]').waitFor();
    // The early fetch happened at start; make the reads after the unlock wait (or fail) too.
    await page.route(LISTS, async (r) => { if (slow) { await sleep(3000); await r.continue(); } else await r.abort('internetdisconnected'); });
    await page.fill('[data-testid="unlock-passphrase"]', PASSPHRASE);
    await page.click('[data-testid="unlock"]');
    const what = await Promise.race([
      page.locator('[data-testid="app-ready"]').waitFor({ state: 'attached', timeout: 20000 }).then(() => 'ready'),
      page.locator('[data-testid="fatal-error"], [data-testid="unlock-error"]').first().waitFor({ timeout: 20000 }).then(() => 'fatal'),
    ]).catch(() => 'nothing');
    const at = what === 'ready' ? await page.evaluate(() => document.querySelector('[data-kpi="reports.rate"]')?.getAttribute('data-value') ?? 'no kpi') : what;
    console.log(`A3 locked ${name}:`, at);
    assert.ok(at === 'fatal' || Number(at) === 0.125, `the rate at app-ready: ${at}`);
    await context.close();
  });
}

test('A6 two tabs: tab 2 turns the lock on while tab 1 shows the data; tab 1 then hears a change: no data lost, no plain value written', async () => {
  const context = await blockedCtx();
  const { page } = await openApp(browser, server.url, { context });
  await loadSample(page);
  const keysBefore = await db(page, 'keys');
  const other = await context.newPage();
  await other.goto(server.url + '#/offices');
  await other.waitForSelector('[data-testid="app-ready"]', { state: 'attached' });
  await turnLockOn(other);
  await sleep(1500);
  // Tab 1 edits something (an office's name) as it still shows the data.
  await page.goto(server.url + '#/cases');
  await sleep(1500);
  const what = await page.evaluate(() => ['app-ready', 'fatal-error', 'store-tampered', 'unlock-passphrase'].filter((t) => document.querySelector(`[data-testid="${t}"]`)));
  console.log('A6 tab 1 shows:', what.join(','), (await page.locator('[data-testid="fatal-error"]').allInnerTexts()).join(' | '));
  assert.equal(await db(page, 'keys'), keysBefore, 'every block still there');
  const plain = await page.evaluate(async () => {
    const db = await new Promise((r) => { const q = indexedDB.open('taizhang'); q.onsuccess = () => r(q.result); });
    const vals = await new Promise((r) => { const q = db.transaction('chunks').objectStore('chunks').getAll(); q.onsuccess = () => r(q.result); });
    db.close();
    return vals.filter((v) => !(v && v.sealed)).length;
  });
  assert.equal(plain, 0, 'no plain block while the lock is on');
  await other.reload();
  await unlock(other);
  await context.close();
});
