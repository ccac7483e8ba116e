// Deterministic faults: the page is stopped after exactly k database writes
// (IDBObjectStore put/add/delete/clear wrapped by an init script), then its
// renderer is killed (or its transaction aborted); the next tab must find exactly the state before, or,
// when the crash comes after the summary, exactly the state after. The app has
// no test switch of its own: the user's build is what is tested.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readdir, readFile } from 'node:fs/promises';
import { serveDist, launch, openApp, loadSample, exportJson, bigFile, historyOf, DIST, turnLockOn, unlock, PASSPHRASE, saveCaseNotes } from './harness.mjs';
import { assertSameRecords } from './oracle.mjs';

let server, browser;
before(async () => { server = await serveDist(); browser = await launch(); });
after(async () => { await browser?.close(); await server?.close(); });

/**
 * Counts the writes of read-write transactions; `__fault = { after: k }` stops (or throws) at write k.
 * Runs in the page and in every worker it starts (the exchange engine writes imports).
 */
function instrument() {
  const window = globalThis;
  if (window.__writes !== undefined) return;
  window.__writes = 0;
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

async function newContext() {
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

/** Writes so far, in the page and its workers together (once the count has settled). */
async function writes(page) {
  let last = -1;
  for (;;) {
    const total = (await page.evaluate(() => window.__writes)) + (workerWrites.get(page) ?? 0);
    if (total === last) return total;
    last = total;
    await new Promise((r) => setTimeout(r, 300));
  }
}

/** The fault last armed in each page, for the workers it starts afterwards. */
const armed = new Map();

/** Arms `fault` (`{ after, abort }`) in the page and in its workers: the first of them to write k more times meets it. */
async function arm(page, fault) {
  armed.set(page, fault);
  for (const scope of scopes(page)) {
    await scope.evaluate((f) => { globalThis.__fault = { ...f, start: globalThis.__writes ?? 0 }; }, fault);
  }
}

/** Arms a stop after `after` more writes, runs `action`, waits for the stop and crashes the renderer. */
async function crashAfter(page, after, action, { issued = false } = {}) {
  // Writes still under way (an export's "last exported" setting, saved after
  // its download) settle first: the fault is for the action's writes.
  await writes(page);
  await arm(page, { after, issued });
  const stopped = page.waitForEvent('console', { predicate: (m) => m.text() === 'fault: stopped', timeout: 30000 });
  // The action does not finish: the page is held inside it until it crashes.
  action().catch(() => {});
  await stopped;
  await crash(page);
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
 * Kills the tab's renderer process, as a crash would. A page held busy by the
 * fault answers no CDP command, so its process is the renderer that keeps
 * burning CPU; an idle page is crashed through CDP.
 */
async function crash(page) {
  const crashed = page.waitForEvent('crash');
  const held = await Promise.race([page.evaluate(() => false), new Promise((r) => setTimeout(() => r(true), 1000))]);
  if (held) {
    process.kill(await busyRenderer(), 'SIGKILL');
  } else {
    const cdp = await page.context().newCDPSession(page);
    cdp.send('Page.crash').catch(() => {});
  }
  await crashed;
}

/** A new tab of the same profile, ready. */
async function reopen(context, hash = '') {
  const page = await context.newPage();
  await page.goto(server.url + hash);
  await page.waitForSelector('[data-testid="app-ready"]', { state: 'attached' });
  return page;
}

/** What is stored, as an exchange file. */
const stored = async (page) => JSON.parse((await exportJson(page)).text);

async function chooseFile(page, name, file) {
  await page.click('[data-nav="exchange"]');
  await page.setInputFiles('[data-testid="import-file"]', { name, mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(file)) });
  await page.locator('[data-testid="import-preview"]').waitFor();
}

async function undo(page) {
  await page.click('[data-nav="exchange"]');
  await page.click('[data-testid="import-undo"]');
  await page.click('[data-testid="confirm-yes"]');
}

async function clearEverything(page) {
  await page.click('[data-nav="offices"]');
  await page.click('[data-testid="clear-everything"]');
  await page.click('[data-testid="confirm-yes"]');
}

test('the user build carries no test switch', async () => {
  for (const name of await readdir(DIST)) {
    if (!/\.(wasm|js)$/.test(name)) continue;
    const text = (await readFile(DIST + name)).toString('latin1');
    assert.ok(!text.includes('test_fail_next_write'), `${name} exports no test switch`);
    assert.ok(!text.includes(Buffer.from('被测试故意中断').toString('latin1')), `${name} has no test-only message`);
  }
});

test('an import, its undo, clearing everything and a setting: stopped after k writes, exactly the state before; after the summary, exactly the state after', async () => {
  // First, how many writes each action makes, in a profile of its own.
  const measure = await newContext();
  const m = await openApp(browser, server.url, { context: measure });
  await loadSample(m.page);
  const measured = bigFile(await stored(m.page), 20); // ~10k records, ~10 blocks per ledger
  let start = await writes(m.page);
  await chooseFile(m.page, 'big.json', measured);
  await m.page.click('[data-testid="import-confirm"]');
  await m.page.locator('[data-testid="import-summary"]').waitFor();
  const importWrites = (await writes(m.page)) - start;
  start = await writes(m.page);
  await undo(m.page);
  await m.page.locator('[data-testid="import-undo"]').waitFor({ state: 'detached' });
  const undoWrites = (await writes(m.page)) - start;
  console.log(`# writes: import ${importWrites}, undo ${undoWrites}`);
  assert.ok(importWrites >= 20 && undoWrites >= 10, 'the actions span many writes');
  await measure.close();

  const context = await newContext();
  let { page } = await openApp(browser, server.url, { context });
  await loadSample(page);
  const sample = await stored(page);
  const big = bigFile(sample, 20);

  // The import, stopped after its first write, half of them, and all but the last.
  for (const k of [1, Math.floor(importWrites / 2), importWrites - 1]) {
    await chooseFile(page, 'big.json', big);
    await crashAfter(page, k, () => page.click('[data-testid="import-confirm"]'));
    page = await reopen(context);
    assertSameRecords(await stored(page), sample, `import stopped after ${k} of ${importWrites} writes`);
    assert.equal(await page.locator('[data-testid="import-undo"]').count(), 0, 'no undo of an import that did not happen');
  }
  // A transaction the database aborts partway: nothing of it, and a notice.
  await chooseFile(page, 'big.json', big);
  await arm(page, { after: 3, abort: true });
  await page.click('[data-testid="import-confirm"]');
  await page.locator('[data-testid="notice"]').waitFor();
  assert.equal(await page.locator('[data-testid="import-summary"]').count(), 0);
  page = await reopen(context);
  assertSameRecords(await stored(page), sample, 'import aborted at write 3');
  // Stopped only after the summary: all of it, exactly.
  await chooseFile(page, 'big.json', big);
  await page.click('[data-testid="import-confirm"]');
  await page.locator('[data-testid="import-summary"]').waitFor();
  await crash(page);
  page = await reopen(context);
  assertSameRecords(await stored(page), big, 'import completed, then the tab crashed');

  // Undo of that import, stopped partway: the import stays, and can still be undone.
  for (const k of [1, undoWrites - 1]) {
    await crashAfter(page, k, () => undo(page));
    page = await reopen(context);
    assertSameRecords(await stored(page), big, `undo stopped after ${k} of ${undoWrites} writes`);
  }
  await undo(page);
  await page.locator('[data-testid="import-undo"]').waitFor({ state: 'detached' });
  await crash(page);
  page = await reopen(context);
  assertSameRecords(await stored(page), sample, 'undo completed, then the tab crashed');

  // A setting (this copy's own office), stopped before its write commits. This copy
  // has signed as the district, so the court's key is made first (said, then confirmed):
  // its write is the first, the setting's the next.
  const chooseCourt = async (p) => {
    await p.selectOption('[data-testid="own-office-select"]', '430204-court');
    const asked = p.locator('[data-testid="new-key-warning"] [data-testid="confirm-yes"]');
    const shown = p.locator('[data-testid="own-office"]', { hasText: '石峰区人民法院' });
    if (await Promise.race([asked.waitFor().then(() => true), shown.waitFor().then(() => false)])) await asked.click();
  };
  await page.click('[data-nav="offices"]');
  await crashAfter(page, 1, () => chooseCourt(page));
  page = await reopen(context, '#/offices');
  assert.equal(await page.locator('[data-testid="own-office-select"]').inputValue(), '430204-committee');
  await chooseCourt(page);
  // Shown only once stored (store, then show).
  await page.locator('[data-testid="own-office"]', { hasText: '石峰区人民法院' }).waitFor();
  await crash(page);
  page = await reopen(context, '#/offices');
  assert.equal(await page.locator('[data-testid="own-office-select"]').inputValue(), '430204-court', 'a completed setting is kept');

  // Clearing everything, stopped after its first of three clears: nothing is gone.
  await crashAfter(page, 1, () => clearEverything(page));
  page = await reopen(context);
  assertSameRecords(await stored(page), sample, 'clear stopped after 1 write');
  await clearEverything(page);
  await page.locator('[data-testid="load-sample"]').waitFor();
  await crash(page);
  page = await reopen(context, '#/offices');
  await page.locator('[data-testid="load-sample"]').waitFor();
  assert.equal(await page.locator('[data-row]').count(), 0, 'a completed clear is kept');
  await context.close();
});

test('one record changed far into a ledger is stored in its own block', async () => {
  const { page, context } = await openApp(browser, server.url);
  await loadSample(page);
  const big = bigFile(await stored(page), 20); // 5,200 cases: six blocks of 1,000
  await chooseFile(page, 'big.json', big);
  await page.click('[data-testid="import-confirm"]');
  await page.locator('[data-testid="import-summary"]').waitFor();
  for (const position of [999, 1000, big.cases.length - 1]) {
    const edited = structuredClone(big);
    const target = edited.cases[position];
    Object.assign(target, { notes: `第 ${position} 条，改过`, revision: target.revision + 1, updated_at: '2021-06-01T00:00:00Z' });
    await chooseFile(page, `one-${position}.json`, edited);
    await page.click('[data-testid="import-confirm"]');
    await page.locator('[data-testid="import-summary"]').waitFor();
    assert.equal(await page.locator('[data-testid="import-summary"] [data-count="updated"]').getAttribute('data-value'), '1');
    await page.reload();
    await page.waitForSelector('[data-testid="app-ready"]', { state: 'attached' });
    const now = await stored(page);
    assertSameRecords(now, edited, `after changing case ${position} and a reload`);
    big.cases[position] = target;
  }
  await context.close();
});


test('saving a record with its history: stopped after k writes, record and history both as before; after, both as after', async () => {
  const context = await newContext();
  let { page } = await openApp(browser, server.url, { context });
  await loadSample(page);
  const sample = await stored(page);
  const target = sample.cases.find((c) => c.notes === '' && !c.deleted);
  let start = await writes(page);
  await saveCaseNotes(page, target.id, '第一次');
  const saveWrites = (await writes(page)) - start;
  console.log(`# writes: one record saved with its history ${saveWrites}`);
  assert.ok(saveWrites >= 3, 'the block, the history entry and the commit token');
  const first = { how: 'form', changes: { notes: ['（空）', '第一次'] } };
  const shape = (revisions) => revisions.map(({ how, changes }) => ({ how, changes }));
  const notesOf = async (p) => (await stored(p)).cases.find((c) => c.id === target.id).notes;
  for (let k = 1; k < saveWrites; k += 1) {
    await crashAfter(page, k, () => saveCaseNotes(page, target.id, '第二次'));
    page = await reopen(context);
    assert.equal(await notesOf(page), '第一次', `stopped after ${k} of ${saveWrites} writes: the record as before`);
    assert.deepEqual(shape(await historyOf(page, 'cases', target.id)), [first], `stopped after ${k}: its history as before`);
  }
  await saveCaseNotes(page, target.id, '第二次');
  await crash(page);
  page = await reopen(context);
  assert.equal(await notesOf(page), '第二次', 'saved, then the tab crashed: the record as after');
  assert.deepEqual(shape(await historyOf(page, 'cases', target.id)),
    [first, { how: 'form', changes: { notes: ['第一次', '第二次'] } }], 'and its history as after');
  await context.close();
});

/** The import log and the files sent, as the exchange screen lists them. */
async function reports(page) {
  await page.click('[data-nav="exchange"]');
  await page.locator('[data-testid="import-history"]').waitFor();
  const log = await page.locator('[data-testid="import-history"] [data-log]').evaluateAll((rows) => rows.map((r) => r.dataset.log));
  const sent = await page.locator('[data-testid="sent-files"] [data-sha256]').evaluateAll((rows) => rows.map((r) => `${r.dataset.sha256} ${r.dataset.status}`));
  return { log, sent };
}

test('a workbook import and taking a receipt: stopped after k writes, the ledgers, the import log and the files sent exactly as before; after, exactly as after', async () => {
  const { execFileSync } = await import('node:child_process');
  const { mkdtempSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const { join } = await import('node:path');
  const dir = mkdtempSync(join(tmpdir(), 'taizhang-faults-'));
  execFileSync('/usr/bin/python3', [new URL('./fixtures/workbooks.py', import.meta.url).pathname, dir]);
  const workbook = join(dir, '台账-石峰区.xlsx');
  const chooseWorkbook = async (page) => {
    await page.click('[data-nav="exchange"]');
    await page.setInputFiles('[data-testid="import-file"]', workbook);
    await page.locator('[data-testid="sheet-mapping"]').waitFor();
    await page.locator('[data-testid="value-mapping"] select[data-field="kind"][data-raw="廉政党课"]').selectOption('warning_education');
    await page.click('[data-testid="sheet-continue"]');
    await page.locator('[data-testid="import-preview"]').waitFor();
  };

  // How many writes a workbook import makes, in a profile of its own.
  const measure = await newContext();
  const m = await openApp(browser, server.url, { context: measure });
  await loadSample(m.page);
  await chooseWorkbook(m.page);
  const start = await writes(m.page);
  await m.page.click('[data-testid="import-confirm"]');
  await m.page.locator('[data-testid="import-summary"]').waitFor();
  const importWrites = (await writes(m.page)) - start;
  console.log(`# writes: workbook import ${importWrites}`);
  assert.ok(importWrites >= 3, 'the import spans several writes');
  await measure.close();

  const context = await newContext();
  let { page } = await openApp(browser, server.url, { context });
  await loadSample(page);
  const sample = await stored(page); // also a file sent: the log and the sent list are not empty
  const before = await reports(page);
  assert.equal(before.sent.length, 1);
  for (const k of [1, Math.max(1, Math.floor(importWrites / 2)), importWrites - 1]) {
    await chooseWorkbook(page);
    await crashAfter(page, k, () => page.click('[data-testid="import-confirm"]'));
    page = await reopen(context);
    assertSameRecords(await stored(page), sample, `workbook import stopped after ${k} of ${importWrites} writes`);
    const now = await reports(page);
    assert.deepEqual(now.log, before.log, `the import log after ${k} writes`);
    // Each `stored` export above is a file sent of its own (listed newest first); those before it are unchanged.
    assert.deepEqual(now.sent.slice(-before.sent.length), before.sent, `the files sent after ${k} writes`);
    assert.equal(await page.locator('[data-testid="import-undo"]').count(), 0);
  }
  await chooseWorkbook(page);
  await page.click('[data-testid="import-confirm"]');
  await page.locator('[data-testid="import-summary"]').waitFor();
  await crash(page);
  page = await reopen(context);
  const imported = await reports(page);
  assert.equal(imported.log.length, before.log.length + 1, 'the completed import is logged');
  assert.equal((await stored(page)).training_sessions.length, sample.training_sessions.length + 5);

  // Taking a receipt: a city's copy receipts this copy's file; taking it is stopped before it commits.
  const exported = await exportJson(page);
  const city = await openApp(browser, server.url);
  await city.page.click('[data-nav="exchange"]');
  await city.page.setInputFiles('[data-testid="import-file"]', { name: exported.name, mimeType: 'application/json', buffer: Buffer.from(exported.raw) });
  await city.page.locator('[data-testid="import-preview"]').waitFor();
  await city.page.click('[data-testid="import-confirm"]');
  await city.page.locator('[data-testid="import-summary"]').waitFor();
  await city.page.click('[data-testid="receipt"]');
  await city.page.locator('[data-testid="own-office-dialog"] select').selectOption('430200-committee');
  const [download] = await Promise.all([city.page.waitForEvent('download'), city.page.click('[data-testid="own-office-save"]')]);
  const receipt = await readFile(await download.path());
  await city.context.close();
  const withReceipt = async (p) => {
    await p.click('[data-nav="exchange"]');
    await p.setInputFiles('[data-testid="import-file"]', { name: download.suggestedFilename(), mimeType: 'application/json', buffer: receipt });
  };
  // The city's key is trusted first (a receipt counts only from a trusted key): that write is not under test.
  await withReceipt(page);
  await page.locator('[data-testid="receipt-taken"][data-counted="false"]').waitFor();
  await page.click('[data-testid="accept-key"]');
  await page.waitForFunction(() => document.querySelector('[data-testid="import-sender"]')?.dataset.trust === 'verified');
  const ledgers = await stored(page);
  const beforeReceipt = await reports(page);
  // Its one write handed to the database, the renderer dies before the commit.
  await crashAfter(page, 0, () => withReceipt(page), { issued: true });
  page = await reopen(context);
  const afterCrash = await reports(page);
  assert.deepEqual(afterCrash.log, beforeReceipt.log);
  assert.deepEqual(afterCrash.sent.slice(-beforeReceipt.sent.length), beforeReceipt.sent, 'the receipt stopped before it committed: the file is still only sent');
  assertSameRecords(await stored(page), ledgers, 'receipt stopped');
  await withReceipt(page);
  await page.locator('[data-testid="receipt-taken"]').waitFor();
  await crash(page);
  page = await reopen(context);
  const received = await reports(page);
  const hash = (await import('node:crypto')).createHash('sha256').update(exported.raw).digest('hex');
  assert.ok(received.sent.includes(`${hash} received`), 'a completed receipt is kept');
  assertSameRecords(await stored(page), ledgers, 'a receipt changes no ledger');
  await context.close();
});

/** A new tab of the same profile: ready, unlocked with `passphrase` if it opens locked; says which. */
async function reopenMaybeLocked(context, passphrase) {
  const page = await context.newPage();
  await page.goto(server.url);
  const form = page.locator('[data-testid="unlock-passphrase"]');
  const locked = await Promise.race([
    page.waitForSelector('[data-testid="app-ready"]', { state: 'attached' }).then(() => false),
    form.waitFor().then(() => true),
  ]);
  if (locked) await unlock(page, { passphrase });
  return { page, locked };
}

test('the app lock turned on, off and its passphrase changed: stopped after each write k, the data opens with the old setting or the new, and all of it is there', async () => {
  const context = await newContext();
  let { page } = await openApp(browser, server.url, { context });
  await loadSample(page);
  const ledgersOf = (f) => Object.fromEntries(['offices', 'training_sessions', 'honoured_models', 'cases'].map((k) => [k, f[k]]));
  const whole = ledgersOf(await stored(page));
  const NEW = '换过的口令换过的口令';
  const turnOff = async (p, passphrase) => {
    await p.click('[data-nav="offices"]');
    const off = p.locator('form[data-form="lock-off"]');
    await off.locator('[name="current"]').fill(passphrase);
    await off.locator('[type=submit]').click();
    await p.locator('[data-testid="lock-set"]').waitFor();
  };
  const change = async (p, from, to) => {
    await p.click('[data-nav="offices"]');
    const form = p.locator('form[data-form="lock-change"]');
    await form.locator('[name="current"]').fill(from);
    await form.locator('[name="new"]').fill(to);
    await form.locator('[name="new-again"]').fill(to);
    await form.locator('[type=submit]').click();
    await p.locator('[data-testid="passphrase-changed"]').waitFor();
  };
  const measure = async (action) => {
    const start = await writes(page);
    await action();
    return (await writes(page)) - start;
  };
  const onWrites = await measure(() => turnLockOn(page));
  const offWrites = await measure(() => turnOff(page, PASSPHRASE));
  console.log(`# writes: lock on ${onWrites}, off ${offWrites}`);
  assert.ok(onWrites >= 6, 'every block, the settings, the record and the commit token');

  // On, stopped after k of its writes: still off, everything there.
  for (let k = 1; k < onWrites; k += 1) {
    await crashAfter(page, k, () => turnLockOn(page));
    let locked;
    ({ page, locked } = await reopenMaybeLocked(context, PASSPHRASE));
    assert.equal(locked, false, `lock on stopped after ${k} of ${onWrites} writes: still off`);
    assert.deepEqual(ledgersOf(await stored(page)), whole, `lock on stopped after ${k}: all of the data`);
  }
  await turnLockOn(page);
  await crash(page);
  ({ page } = await reopenMaybeLocked(context, PASSPHRASE));
  assert.deepEqual(ledgersOf(await stored(page)), whole, 'on, then the tab crashed: locked, and all of it there');

  // The passphrase changed, stopped after k: the old one opens.
  const changeWrites = await measure(() => change(page, PASSPHRASE, NEW));
  await change(page, NEW, PASSPHRASE);
  for (let k = 1; k < changeWrites; k += 1) {
    await crashAfter(page, k, () => change(page, PASSPHRASE, NEW));
    let locked;
    ({ page, locked } = await reopenMaybeLocked(context, PASSPHRASE));
    assert.equal(locked, true, `change stopped after ${k} of ${changeWrites} writes: the old passphrase opens`);
  }
  await change(page, PASSPHRASE, NEW);
  await crash(page);
  ({ page } = await reopenMaybeLocked(context, NEW));
  // Off, stopped after k of its writes: still on, with the new passphrase.
  const current = NEW;
  for (let k = 1; k < offWrites; k += 1) {
    await crashAfter(page, k, () => turnOff(page, current));
    let locked;
    ({ page, locked } = await reopenMaybeLocked(context, current));
    assert.equal(locked, true, `lock off stopped after ${k} of ${offWrites} writes: still on`);
    assert.deepEqual(ledgersOf(await stored(page)), whole, `lock off stopped after ${k}: all of the data`);
  }
  await turnOff(page, current);
  await crash(page);
  let locked;
  ({ page, locked } = await reopenMaybeLocked(context, current));
  assert.equal(locked, false, 'off, then the tab crashed: plain');
  assert.deepEqual(ledgersOf(await stored(page)), whole, 'and all of it there');
  await context.close();
});

test('with the lock on, saving a record writes the sealed manifest in the same transaction: stopped after each write k, the copy unlocks to the record as before (never store-tampered); after, as after', async () => {
  const context = await newContext();
  let { page } = await openApp(browser, server.url, { context });
  await loadSample(page);
  const target = (await stored(page)).cases.find((c) => c.notes === '' && !c.deleted);
  await turnLockOn(page);
  const notesOf = async (p) => (await stored(p)).cases.find((c) => c.id === target.id).notes;
  /** A new tab unlocked with the passphrase: what it shows, 'ready' or 'tampered'. */
  const reopenUnlocked = async () => {
    const next = await context.newPage();
    await next.goto(server.url);
    await next.locator('[data-testid="unlock-passphrase"]').waitFor();
    await next.fill('[data-testid="unlock-passphrase"]', PASSPHRASE);
    await next.click('[data-testid="unlock"]');
    const seen = await Promise.race([
      next.locator('[data-testid="store-tampered"]').waitFor().then(() => 'tampered'),
      next.waitForSelector('[data-testid="app-ready"]', { state: 'attached' }).then(() => 'ready'),
    ]);
    return { next, seen };
  };
  let start = await writes(page);
  await saveCaseNotes(page, target.id, '锁定时第一次');
  const saveWrites = (await writes(page)) - start;
  console.log(`# writes: one record saved with the lock on ${saveWrites}`);
  assert.ok(saveWrites >= 4, 'the block, the history page, the manifest and the commit token');
  for (let k = 1; k < saveWrites; k += 1) {
    await crashAfter(page, k, () => saveCaseNotes(page, target.id, '锁定时第二次'));
    const { next, seen } = await reopenUnlocked();
    page = next;
    assert.equal(seen, 'ready', `stopped after ${k} of ${saveWrites} writes: the copy opens`);
    assert.equal(await notesOf(page), '锁定时第一次', `stopped after ${k}: the record as before`);
  }
  await saveCaseNotes(page, target.id, '锁定时第二次');
  await crash(page);
  const { next, seen } = await reopenUnlocked();
  assert.equal(seen, 'ready', 'saved, then the tab crashed: the copy opens');
  assert.equal(await notesOf(next), '锁定时第二次', 'and the record as after');
  await context.close();
});
