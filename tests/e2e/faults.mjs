// What the fault tests share: every database write counted in the page and
// its workers (IDBObjectStore put/add/delete/clear wrapped by an init
// script), a fault armed to stop the page at write k (or abort its
// transaction), the renderer killed as a crash would, and a new tab of the
// same profile to find what was kept. The app has no test switch of its own.
import assert from 'node:assert/strict';
import { exportJson } from './harness.mjs';

let server, browser;
/** The test file's server and browser, for the helpers here (given in its `before`). */
export function share(shared) {
  ({ server, browser } = shared);
}

/**
 * Counts the writes of read-write transactions; `__fault = { after: k }` stops (or throws) at write k.
 * Runs in the page and in every worker it starts (the exchange engine writes imports).
 */
function instrument() {
  const window = globalThis;
  if (window.__writes !== undefined) return;
  window.__writes = 0;
  // Work that leads to writes, under way: read-write transactions begun and
  // not ended, and WebCrypto calls not settled (a locked copy seals each
  // value before its transaction begins).
  window.__busy = 0;
  const begin = IDBDatabase.prototype.transaction;
  IDBDatabase.prototype.transaction = function (...args) {
    const transaction = begin.apply(this, args);
    if (transaction.mode === 'readwrite') {
      window.__busy += 1;
      let ended = false;
      const end = () => { if (!ended) { ended = true; window.__busy -= 1; } };
      transaction.addEventListener('complete', end);
      transaction.addEventListener('abort', end);
    }
    return transaction;
  };
  for (const name of ['encrypt', 'decrypt', 'sign', 'digest', 'importKey', 'exportKey', 'generateKey', 'deriveBits', 'deriveKey', 'wrapKey', 'unwrapKey']) {
    const original = SubtleCrypto.prototype[name];
    SubtleCrypto.prototype[name] = function (...args) {
      window.__busy += 1;
      // Settled before the caller's own continuation runs, which may begin a transaction at once.
      return original.apply(this, args).finally(() => { window.__busy -= 1; });
    };
  }
  for (const name of ['put', 'add', 'delete', 'clear']) {
    const original = IDBObjectStore.prototype[name];
    IDBObjectStore.prototype[name] = function (...args) {
      if (this.transaction.mode === 'readwrite') {
        const fault = window.__fault;
        if (fault && window.__writes - fault.start === fault.after) {
          window.__fault = undefined;
          if (fault.abort) {
            // The database gives up on the transaction, as on a full disk: the request fails.
            const request = original.apply(this, args);
            this.transaction.abort();
            return request;
          }
          // With `issued`, the write is handed to the database first: a one-write
          // transaction is then stopped with its write queued but not committed.
          if (fault.issued) original.apply(this, args);
          // Hold the page here: the transaction can neither go on nor commit.
          console.log('fault: stopped');
          const until = Date.now() + 60000;
          while (Date.now() < until) { /* held until the renderer is crashed */ }
        }
        window.__writes += 1;
        // A worker ends when its work is done, and its count with it: it tells the page's listener.
        if (typeof document === 'undefined') console.debug('fault: write');
      }
      return original.apply(this, args);
    };
  }
}

export async function newContext() {
  const context = await browser.newContext({ locale: 'zh-CN', acceptDownloads: true, viewport: { width: 1280, height: 900 } });
  await context.addInitScript(instrument);
  // Workers get no init script: each is instrumented as it starts, before its
  // code (loaded asynchronously) can open the database.
  context.on('page', (page) => {
    // A worker started after the fault was armed (a file chosen starts a new engine) is armed too.
    page.on('worker', (worker) => worker.evaluate(instrument)
      .then(() => armed.has(page) && worker.evaluate((f) => { globalThis.__fault = { ...f, start: globalThis.__writes ?? 0 }; }, armed.get(page)))
      .catch(() => {}));
    workerWrites.set(page, 0);
    page.on('console', (m) => { if (m.text() === 'fault: write') workerWrites.set(page, workerWrites.get(page) + 1); });
  });
  return context;
}

/** Writes made by each page's workers, as they told it. */
const workerWrites = new Map();

/** The page and its workers, where writes happen. */
const scopes = (page) => [page, ...page.workers()];

/**
 * Writes so far, in the page and its workers together, once none is under
 * way: no read-write transaction open and no WebCrypto call pending in the
 * page or any worker, and the count the same, over two turns of the page's
 * event loop. Decided by the page's state, not by a pause.
 */
export async function writes(page) {
  const deadline = Date.now() + 60000;
  let last;
  while (Date.now() < deadline) {
    const busy = await Promise.all(scopes(page).map((scope) => scope.evaluate(() => globalThis.__busy ?? 0).catch(() => 0)));
    const total = (await page.evaluate(() => window.__writes)) + (workerWrites.get(page) ?? 0);
    const idle = busy.every((n) => n === 0);
    if (idle && total === last) return total;
    last = idle ? total : undefined;
    await page.evaluate(() => new Promise((resolve) => setTimeout(resolve, 0)));
  }
  assert.fail('the page\'s writes never came to an end');
}

/** The fault last armed in each page, for the workers it starts afterwards. */
const armed = new Map();

/** Arms `fault` (`{ after, abort }`) in the page and in its workers: the first of them to write k more times meets it. */
export async function arm(page, fault) {
  armed.set(page, fault);
  for (const scope of scopes(page)) {
    await scope.evaluate((f) => { globalThis.__fault = { ...f, start: globalThis.__writes ?? 0 }; }, fault);
  }
}

/** Arms a stop after `after` more writes, runs `action`, waits for the stop and crashes the renderer. */
export async function crashAfter(page, after, action, { issued = false } = {}) {
  // Writes still under way (an export's "last exported" setting, saved after
  // its download) settle first: the fault is for the action's writes.
  await writes(page);
  await arm(page, { after, issued });
  const stopped = page.waitForEvent('console', { predicate: (m) => m.text() === 'fault: stopped', timeout: 30000 });
  // The action does not finish: the page is held inside it until it crashes.
  action().catch(() => {});
  await stopped;
  await crash(page, { held: true });
}

/** CPU seconds of each renderer process of the browser, by pid. */
async function rendererTimes() {
  const cdp = await browser.newBrowserCDPSession();
  const { processInfo } = await cdp.send('SystemInfo.getProcessInfo');
  await cdp.detach();
  return new Map(processInfo.filter((p) => p.type === 'renderer').map((p) => [p.id, p.cpuTime]));
}

/**
 * The renderer held busy by the fault: the one whose CPU time grows by far
 * the most. On a loaded machine the held page gets less of a core, so it is
 * watched for as long as it takes (up to 10 s) to stand out: at least 0.25 s
 * of CPU, and three times any other renderer's.
 */
async function busyRenderer() {
  const first = await rendererTimes();
  for (let watched = 0; watched < 10000; watched += 250) {
    await new Promise((r) => setTimeout(r, 250));
    const grown = [...(await rendererTimes())].map(([pid, t]) => [pid, t - (first.get(pid) ?? t)]).sort((a, b) => b[1] - a[1]);
    const [top, next] = [grown[0], grown[1] ?? [0, 0]];
    if (top && top[1] >= 0.25 && top[1] >= 3 * next[1]) return top[0];
  }
  assert.fail('no renderer is held busy');
}

/**
 * Kills the tab's renderer process, as a crash would. A page `held` busy by
 * the fault (its stop was seen) answers no CDP command, so its process is
 * the renderer that keeps burning CPU; an idle page is crashed through CDP.
 */
export async function crash(page, { held = false } = {}) {
  const crashed = page.waitForEvent('crash');
  if (held) {
    process.kill(await busyRenderer(), 'SIGKILL');
  } else {
    const cdp = await page.context().newCDPSession(page);
    cdp.send('Page.crash').catch(() => {});
  }
  await crashed;
}

/** A new tab of the same profile, ready. */
export async function reopen(context, hash = '') {
  const page = await context.newPage();
  await page.goto(server.url + hash);
  await page.waitForSelector('[data-testid="app-ready"]', { state: 'attached' });
  return page;
}

/** What is stored, as an exchange file. */
export const stored = async (page) => JSON.parse((await exportJson(page)).text);
