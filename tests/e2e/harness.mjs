// Shared set-up for the end-to-end tests: serve dist/ under a sub-path on
// loopback (as an intranet server would), and drive the system Chromium.
import { createServer } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import assert from 'node:assert/strict';
import { chromium } from 'playwright-core';

// Another build can be tested with TAIZHANG_DIST=/path/to/dist (every suite).
export const DIST = process.env.TAIZHANG_DIST ?? fileURLToPath(new URL('../../dist/', import.meta.url));
const BENCH_FILES = fileURLToPath(new URL('../../target/bench/', import.meta.url));
export const BASE_PATH = '/taizhang/';
const TYPES = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.wasm': 'application/wasm',
  '.css': 'text/css', '.svg': 'image/svg+xml', '.json': 'application/json', '.webmanifest': 'application/manifest+json',
};

/**
 * Starts a static server for dist/ (or `root`) at BASE_PATH; resolves to
 * { url, close, requests, setRoot } (setRoot serves another build: a redeploy).
 * `compress` answers in gzip where the browser accepts it, as a production server does.
 */
export async function serveDist({ root = DIST, compress = false } = {}) {
  const requests = [];
  const zipped = new Map(); // file → gzip bytes, as a web server's static gzip would keep them
  let served = root;
  const server = createServer(async (req, res) => {
    requests.push(req.url);
    const path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    if (!path.startsWith(BASE_PATH)) { res.writeHead(404).end(); return; }
    // The benchmark's generated files, for the baseline page to fetch.
    const bench = path.match(/^\/taizhang\/__bench\/(\d+\.json)$/);
    if (bench) {
      try { res.writeHead(200, { 'content-type': 'application/json' }).end(await readFile(BENCH_FILES + bench[1])); } catch { res.writeHead(404).end(); }
      return;
    }
    // A same-origin page without the app, for tests that play "another tab".
    if (path === `${BASE_PATH}__blank.html`) { res.writeHead(200, { 'content-type': TYPES['.html'] }).end('<!doctype html><title>blank</title>'); return; }
    let file = normalize(join(served, path.slice(BASE_PATH.length)));
    if (!file.startsWith(served)) { res.writeHead(403).end(); return; }
    try {
      if ((await stat(file)).isDirectory()) file = join(file, 'index.html');
      const body = await readFile(file);
      const type = TYPES[extname(file)] ?? 'application/octet-stream';
      if (compress && /\bgzip\b/.test(req.headers['accept-encoding'] ?? '')) {
        if (!zipped.has(file)) zipped.set(file, gzipSync(body, { level: 9 }));
        res.writeHead(200, { 'content-type': type, 'content-encoding': 'gzip', vary: 'accept-encoding' }).end(zipped.get(file));
        return;
      }
      res.writeHead(200, { 'content-type': type }).end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  return {
    url: `http://127.0.0.1:${port}${BASE_PATH}`,
    requests,
    setRoot: (dir) => { served = dir.endsWith('/') ? dir : dir + '/'; },
    // Kept-alive connections too: after this the page has no server at all.
    close: () => new Promise((r) => { server.close(r); server.closeAllConnections(); }),
  };
}

export const CHROMIUM_ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage',
  '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run',
];

export async function launch() {
  // Without a UTF-8 locale Chromium cannot write the Chinese names of downloads
  // (it falls back to "download"), as on a CI machine with no LANG set.
  const utf8 = /utf-?8/i.test(process.env.LC_ALL || process.env.LANG || '') ? {} : { LANG: 'C.UTF-8', LC_ALL: 'C.UTF-8' };
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: CHROMIUM_ARGS,
    env: { ...process.env, ...utf8 },
  });
}

/**
 * Opens the app in a fresh browser context (a fresh profile: empty IndexedDB),
 * waits for app-ready, and records console errors and page errors.
 */
export async function openApp(browser, url, { context, hash = '', locale = 'zh-CN' } = {}) {
  const ctx = context ?? (await browser.newContext({ locale, acceptDownloads: true, viewport: { width: 1280, height: 900 } }));
  // Every Content-Security-Policy violation, as the page reports it.
  await ctx.addInitScript(() => {
    window.__cspViolations = [];
    document.addEventListener('securitypolicyviolation', (e) => window.__cspViolations.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
  const page = await ctx.newPage();
  const errors = [];
  // Every request the page makes that does not go to its own origin.
  const foreign = [];
  const origin = new URL(url).origin;
  page.on('request', (request) => {
    const target = request.url();
    if (!target.startsWith(origin + '/') && !/^(data|blob):/.test(target)) foreign.push(target);
  });
  page.on('console', (msg) => { if (msg.type() === 'error') errors.push(msg.text()); });
  page.on('pageerror', (err) => errors.push(String(err)));
  await page.goto(url + hash);
  await page.waitForSelector('[data-testid="app-ready"]', { state: 'attached', timeout: 30000 });
  return { page, context: ctx, errors, foreign };
}

/** Loads the sample district from the offices screen and waits until it is shown. */
export async function loadSample(page) {
  await page.click('[data-nav="offices"]');
  await page.click('[data-testid="load-sample"]');
  await page.locator('[data-row="430204-court"]').waitFor();
}

/**
 * Downloads the exchange file from the exchange screen; returns { name, text, raw }.
 * A copy that does not know its own office yet asks once: `office` answers
 * (by default the first office offered).
 */
export async function exportJson(page, { office } = {}) {
  await page.click('[data-nav="exchange"]');
  const downloaded = page.waitForEvent('download');
  await page.click('[data-testid="export-json"]');
  const dialog = page.locator('[data-testid="own-office-dialog"]');
  const asked = await Promise.race([downloaded.then(() => false), dialog.waitFor().then(() => true)]);
  if (asked) {
    const select = dialog.locator('select');
    const first = await select.locator('option:not([value=""])').first().getAttribute('value');
    await select.selectOption(office ?? first);
    await page.click('[data-testid="own-office-save"]');
  }
  const download = await downloaded;
  const raw = await readFile(await download.path(), 'utf8');
  return { name: download.suggestedFilename(), text: inner(raw), raw };
}

/**
 * The file inside a signed file (a JWS in the flattened serialization: its
 * base64url payload), or the file itself when it is not signed. Exports are
 * signed once the copy has its key: `raw` is what travels, `text` what it says.
 */
export function inner(raw) {
  const file = JSON.parse(raw);
  return typeof file.payload === 'string' && typeof file.signature === 'string'
    ? Buffer.from(file.payload, 'base64url').toString('utf8')
    : raw;
}

/** An exchange file of `copies` × the sample: copy 0 the sample itself, the others with fresh ids. */
export function bigFile(sample, copies) {
  const file = structuredClone(sample);
  for (const key of ['training_sessions', 'honoured_models', 'cases']) {
    file[key] = Array.from({ length: copies }, (_, c) => sample[key].map((r) => ({ ...r, id: c === 0 ? r.id : crypto.randomUUID() }))).flat();
  }
  return file;
}

/** Chooses `text` as a file named `name` on the exchange screen (the preview is not awaited). */
export async function chooseText(page, name, text) {
  await page.click('[data-nav="exchange"]');
  await page.setInputFiles('[data-testid="import-file"]', { name, mimeType: 'application/json', buffer: Buffer.from(text) });
}

/**
 * Saves the case `id`'s form with `notes` (its row found by `search`, if
 * given); resolves when the form has closed.
 */
/** Imports a file; a sender's key seen the first time is trusted (as after comparing its fingerprint). */
export async function importTrusting(page, name, text) {
  await chooseText(page, name, text);
  await page.locator('[data-testid="import-preview"]').waitFor();
  if (await page.locator('[data-testid="accept-key"]').count()) {
    await page.click('[data-testid="accept-key"]');
    await page.waitForFunction(() => document.querySelector('[data-testid="import-sender"]')?.dataset.trust === 'verified');
  }
  await page.click('[data-testid="import-confirm"]');
  await page.locator('[data-testid="import-summary"]').waitFor();
}

export async function saveCaseNotes(page, id, notes, search) {
  await page.click('[data-nav="cases"]');
  if (search !== undefined) await page.fill('[data-testid="search"]', search);
  await page.locator(`[data-row="${id}"] [data-action="edit"]`).click();
  await page.fill('form[data-form="cases"] [name="notes"]', notes);
  await page.click('form[data-form="cases"] [type=submit]');
  await page.waitForFunction(() => !document.querySelector('form[data-form="cases"]'));
}

/** A record's history as its dialog shows it (its row found by `search`): per change, how it came and each field's old and new text. */
export async function historyOf(page, ledger, id, search = '') {
  await page.click(`[data-nav="${ledger}"]`);
  await page.fill('[data-testid="search"]', search);
  await page.locator(`[data-row="${id}"] [data-testid="record-history"]`).click();
  const dialog = page.locator('[data-testid="history-dialog"]');
  await dialog.waitFor();
  // Loaded: either its changes or the sentence that there are none.
  await dialog.locator('[data-revision], p.muted').first().waitFor();
  const revisions = await dialog.locator('[data-revision]').evaluateAll((items) => items.map((item) => ({
    n: Number(item.dataset.revision),
    how: item.dataset.how,
    said: item.querySelector('p').textContent,
    changes: Object.fromEntries([...item.querySelectorAll('tr[data-field]')].map((row) => [
      row.dataset.field, [row.querySelector('[data-old]').textContent, row.querySelector('[data-new]').textContent]])),
  })));
  await dialog.locator('button', { hasText: /关闭|Close/ }).click();
  await dialog.waitFor({ state: 'detached' });
  return revisions;
}

/** Clicks with `click` and reads the download it starts: { name, text } (the file as it travels). */
export async function download(page, click) {
  const [file] = await Promise.all([page.waitForEvent('download'), click()]);
  return { name: file.suggestedFilename(), text: await readFile(await file.path(), 'utf8') };
}

export const CITY = '430200-committee';
export const DISTRICT = '430204-committee';

/**
 * Two copies, as a city and its district keep them: the district loads the
 * sample and sends its file; the city takes it, says it is the city and
 * hands its roster of keys down, which the district trusts. The city's
 * reporting screen is left open on `from`–`to`.
 */
export async function cityAndDistrict(browser, url, { from = '2021-04-01', to = '2021-05-31' } = {}) {
  const district = await openApp(browser, url);
  await loadSample(district.page);
  const sent = await exportJson(district.page);
  const city = await openApp(browser, url);
  await chooseText(city.page, sent.name, sent.raw);
  await city.page.locator('[data-testid="import-preview"]').waitFor();
  await city.page.click('[data-testid="import-confirm"]');
  await city.page.locator('[data-testid="import-summary"]').waitFor();
  await city.page.click('[data-nav="offices"]');
  await city.page.selectOption('[data-testid="own-office-select"]', CITY);
  await city.page.locator('[data-testid="own-office"]', { hasText: '株洲市委政法委' }).waitFor();
  const roster = await download(city.page, () => city.page.click('[data-testid="export-roster"]'));
  await chooseText(district.page, roster.name, roster.text);
  await district.page.click('[data-testid="accept-roster"]');
  await district.page.locator('[data-testid="roster"][data-taken="true"]').waitFor();
  await city.page.goto(`${url}#/submissions?office=${CITY}&from=${from}&to=${to}`);
  await city.page.waitForSelector('[data-testid="app-ready"]', { state: 'attached' });
  return { district, city, sent, file: JSON.parse(sent.text) };
}

export const PASSPHRASE = '政法队伍教育整顿2021';

/** Turns the app lock on from the offices screen; returns the recovery key as shown. */
export async function turnLockOn(page, passphrase = PASSPHRASE) {
  await page.click('[data-nav="offices"]');
  await page.click('[data-testid="lock-set"]');
  const form = page.locator('form[data-form="lock"]');
  const [first, second] = [form.locator('input[type=password]').nth(0), form.locator('input[type=password]').nth(1)];
  await first.fill(passphrase);
  await second.fill(passphrase);
  await form.locator('[type=submit]').click();
  const key = await page.locator('[data-testid="recovery-key"]').innerText();
  await page.click('[data-testid="recovery-done"]');
  return key;
}

/** Unlocks a page showing the unlock form, with the passphrase or the recovery key; waits for the app. */
export async function unlock(page, { passphrase = PASSPHRASE, recovery } = {}) {
  await page.locator('[data-testid="unlock-passphrase"]').waitFor();
  if (recovery) await page.fill('[data-testid="unlock-recovery"]', recovery);
  else await page.fill('[data-testid="unlock-passphrase"]', passphrase);
  await page.click('[data-testid="unlock"]');
  await page.waitForSelector('[data-testid="app-ready"]', { state: 'attached' });
}

/**
 * Everything the app's database holds, read by this code (not the app's):
 * per store, each key and its value, bytes both as they are and as UTF-8 text.
 */
export async function rawDatabase(page) {
  return page.evaluate(async () => {
    const db = await new Promise((resolve, reject) => {
      const request = indexedDB.open('taizhang');
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
    const plain = (value) => {
      if (value instanceof Uint8Array) return { bytes: Array.from(value), text: new TextDecoder().decode(value) };
      if (typeof value === 'string') return { text: value };
      if (value && typeof value === 'object') {
        if (value.constructor?.name === 'CryptoKey') return { cryptoKey: true };
        return { object: Object.fromEntries(Object.entries(value).map(([k, v]) => [k, plain(v)])) };
      }
      return { other: String(value) };
    };
    const out = {};
    for (const name of db.objectStoreNames) {
      const store = db.transaction(name).objectStore(name);
      const [keys, values] = await Promise.all([store.getAllKeys(), store.getAll()].map((r) => new Promise((resolve) => { r.onsuccess = () => resolve(r.result); })));
      out[name] = keys.map((key, i) => ({ key: JSON.stringify(key), value: plain(values[i]) }));
    }
    db.close();
    return out;
  });
}

/**
 * Fails unless the whole database (every store, key and byte, read by
 * `rawDatabase`) is as it was in `before`: what "nothing written" means.
 */
export async function assertDatabaseUnchanged(page, before, what) {
  const after = await rawDatabase(page);
  const changed = Object.keys({ ...before, ...after }).filter((store) => JSON.stringify(before[store]) !== JSON.stringify(after[store]));
  assert.deepEqual(changed, [], `${what}: these stores changed`);
}
