// The whole-app benchmark: drives the release page in headless Chromium
// through the real UI and prints one line per figure, with a plain-JavaScript
// baseline of the same work measured side by side in the same browser.
//   node tests/e2e/bench.mjs 10000 100000 [1000000]   (files from examples/generate)
// BENCH_DIST=/path/to/dist BENCH_LABEL=before: another build (e.g. an older
// commit's) measured the same way, for figures side by side in one run.
// Writes target/bench/results[-LABEL].json. Not a test: figures, not pass/fail.
import { readFile, writeFile, stat, readdir } from 'node:fs/promises';
import { gzipSync } from 'node:zlib';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { serveDist, launch, turnLockOn, PASSPHRASE } from './harness.mjs';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const sizes = process.argv.slice(2).map(Number).filter(Boolean);
const results = { date: new Date().toISOString(), figures: {} };
const figure = (key, value, unit, note = '') => {
  results.figures[key] = { value, unit, note };
  console.log(`bench ${key}: ${typeof value === 'number' ? Math.round(value * 100) / 100 : value} ${unit}${note ? `  (${note})` : ''}`);
};

/**
 * Code sizes: what loads before the first screen (the page's wasm and JS: its
 * module, the loader Trunk wrote and the chunk loader), the engines', loaded on
 * first use, and each screen's chunks, fetched when it is first opened (the
 * page's wasm is split by scripts/split.mjs; the chunk loader says which files
 * each screen needs).
 */
async function bundle() {
  const dist = process.env.BENCH_DIST ?? `${ROOT}dist/`;
  const sums = { first: 0, engine: 0, sheets: 0, chunks: 0 };
  const gzips = new Map();
  let splitLoader = '';
  let chunkFiles = {};
  for (const name of (await readdir(dist)).sort()) {
    // Each chunk's file name by the name the loader knows it by (scripts/split.mjs).
    if (/^chunks-[0-9a-f]+\.json$/.test(name)) chunkFiles = JSON.parse(await readFile(dist + name, 'utf8'));
    if (!/\.(wasm|js)$/.test(name) || name === 'sw.js') continue;
    const bytes = await readFile(dist + name);
    if (name.endsWith('_split.js')) splitLoader = bytes.toString();
    const part = name.startsWith('engine') ? 'engine' : name.startsWith('sheets') ? 'sheets'
      : /^(chunk|split)_/.test(name) ? 'chunks' : 'first';
    const gzip = gzipSync(bytes, { level: 9 }).length / 1024;
    gzips.set(name, gzip);
    if (part !== 'chunks') figure(`bundle.${name.replace(/-[0-9a-f]{1,16}/, '')}.gzip`, gzip, 'KiB', `${(bytes.length / 1024).toFixed(1)} KiB raw`);
    sums[part] += gzip;
  }
  figure('bundle.before_first_screen.gzip', sums.first, 'KiB', 'wasm + JS the page loads to show its first screen');
  figure('bundle.engine.gzip', sums.engine, 'KiB', 'the exchange engine, loaded when the exchange screen is first opened');
  figure('bundle.sheets.gzip', sums.sheets, 'KiB', 'the workbook engine, loaded when a workbook is first chosen or exported');
  figure('bundle.chunks.gzip', sums.chunks, 'KiB', 'every screen but the dashboard, all chunks together');
  // Each split: its own file and the shared chunks it waits for.
  const file = (path) => chunkFiles[`./${path}`]?.[0].slice('./'.length);
  // The loader is minified (terser): its names are whatever terser chose.
  const fileOf = new Map([...splitLoader.matchAll(/(?:const |,)([\w$]+)=[\w$]+\(\(\)=>\{const [\w$]+=[\w$]+\("\.\/(chunk_\d+\.wasm)"/g)].map((m) => [m[1], file(m[2])]));
  for (const m of splitLoader.matchAll(/__wasm_split_load_(\w+)=[\w$]+\([\w$]+\(\(\)=>\{const [\w$]+=[\w$]+\("\.\/([^"]+)"[\s\S]*?\},\[([^\]]*)\]\)\)/g)) {
    m[2] = file(m[2]);
    const files = [m[2], ...m[3].split(',').map((v) => fileOf.get(v.trim())).filter(Boolean)];
    const gzip = files.reduce((sum, file) => sum + (gzips.get(file) ?? 0), 0);
    figure(`bundle.screen.${m[1].replace(/^taizhang_/, '')}.gzip`, gzip, 'KiB', `fetched on first open: ${files.length} files (own ${(gzips.get(m[2]) ?? 0).toFixed(1)} KiB)`);
  }
}

/** Resident memory of the browser's renderer processes (KiB): now, and the peak so far. */
async function rendererMemory(browser) {
  const cdp = await browser.newBrowserCDPSession();
  const { processInfo } = await cdp.send('SystemInfo.getProcessInfo');
  await cdp.detach();
  let rss = 0, peak = 0;
  for (const p of processInfo.filter((p) => p.type === 'renderer')) {
    const status = await readFile(`/proc/${p.id}/status`, 'utf8').catch(() => '');
    const field = (name) => Number(status.match(new RegExp(`${name}:\\s+(\\d+)`))?.[1] ?? 0);
    rss += field('VmRSS');
    peak += field('VmHWM');
  }
  return { rss, peak };
}

/** The longest main-thread task the page saw since `mark` (PerformanceObserver longtask). */
const longestTaskSince = (page, mark) => page.evaluate((name) => {
  const since = performance.getEntriesByName(name).at(-1)?.startTime ?? 0;
  const tasks = (window.__longTasks ?? []).filter((t) => t.startTime + t.duration >= since);
  return Math.max(0, ...tasks.map((t) => t.duration));
}, mark);

/** Milliseconds from an action to a condition, polled in the page's own frames. */
async function timed(page, action, condition, arg) {
  const start = Date.now();
  await action();
  await page.waitForFunction(condition, arg, { timeout: 600_000, polling: 'raf' });
  return Date.now() - start;
}

async function peakMemory(page, cdp, work) {
  let peakHeap = 0;
  const sample = async () => {
    const { metrics } = await cdp.send('Performance.getMetrics');
    const heap = metrics.find((m) => m.name === 'JSHeapUsedSize')?.value ?? 0;
    peakHeap = Math.max(peakHeap, heap);
  };
  const timer = setInterval(() => sample().catch(() => {}), 50);
  try {
    await work();
  } finally {
    clearInterval(timer);
  }
  await sample();
  const wasm = await page.evaluate(() => window.wasmBindings?.wasm_memory_bytes?.() ?? 0);
  return { heap: peakHeap, wasm };
}

const drawCounts = (page) => page.evaluate(() => [...document.querySelectorAll('canvas[data-chart]')].map((c) => Number(c.dataset.drawn ?? 0)));
const allRedrawn = (before) => {
  const now = [...document.querySelectorAll('canvas[data-chart]')].map((c) => Number(c.dataset.drawn ?? 0));
  return now.length === 7 && now.every((n, i) => n > (before[i] ?? 0));
};

async function run(browser, server, n) {
  const path = `${ROOT}target/bench/${n}.json`;
  const megabytes = (await stat(path)).size / 1048576;
  figure(`file.${n}`, megabytes, 'MiB');
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  // When the app becomes ready, in the page's own clock (ms since navigation started).
  await context.addInitScript(() => {
    new MutationObserver((_, observer) => {
      if (document.querySelector('[data-testid="app-ready"]')) {
        window.__readyAt = performance.now();
        observer.disconnect();
      }
    }).observe(document, { subtree: true, childList: true });
  });
  // When the dashboard's seven charts are all drawn, in the page's own clock.
  await context.addInitScript(() => {
    new MutationObserver((_, observer) => {
      if (document.querySelectorAll('canvas[data-chart][data-drawn]').length === 7) {
        window.__chartsAt = performance.now();
        observer.disconnect();
      }
    }).observe(document, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-drawn'] });
  });
  // Every main-thread task over 50 ms, for the longest one during an import.
  await context.addInitScript(() => {
    window.__longTasks = [];
    new PerformanceObserver((list) => window.__longTasks.push(...list.getEntries())).observe({ type: 'longtask', buffered: true });
  });
  // Bytes and writes the page hands to IndexedDB (values of put/add), for the cost of a save.
  await context.addInitScript(() => {
    window.__written = { puts: 0, bytes: 0 };
    for (const name of ['put', 'add']) {
      const original = IDBObjectStore.prototype[name];
      IDBObjectStore.prototype[name] = function (value, ...rest) {
        window.__written.puts += 1;
        window.__written.bytes += value?.byteLength ?? (typeof value === 'string' ? value.length * 2 : 0);
        return original.call(this, value, ...rest);
      };
    }
  });
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Performance.enable');
  const ready = () => page.waitForSelector('[data-testid="app-ready"]', { state: 'attached', timeout: 600_000 });

  let start = Date.now();
  await page.goto(server.url + '#/exchange');
  await ready();
  figure(`start.empty.${n}`, Date.now() - start, 'ms', 'page load to app-ready');

  // The baseline, in a page of its own context (its own renderer process, so its
  // memory does not count against ours) of the same browser: JSON.parse, and one
  // row per record into IndexedDB.
  const baselineContext = await browser.newContext();
  const other = await baselineContext.newPage();
  await other.goto(server.url + '__blank.html');
  const baseline = await other.evaluate(async (url) => {
    const json = await (await fetch(url)).text();
    const t0 = performance.now();
    const file = JSON.parse(json);
    const parse = performance.now() - t0;
    const rows = [...file.training_sessions, ...file.honoured_models, ...file.cases];
    await new Promise((resolve, reject) => { const r = indexedDB.deleteDatabase('baseline'); r.onsuccess = resolve; r.onerror = reject; });
    const db = await new Promise((resolve, reject) => {
      const r = indexedDB.open('baseline', 1);
      r.onupgradeneeded = () => { const s = r.result.createObjectStore('records', { keyPath: 'id' }); s.createIndex('office', 'office'); s.createIndex('updated_at', 'updated_at'); };
      r.onsuccess = () => resolve(r.result);
      r.onerror = () => reject(r.error);
    });
    const t1 = performance.now();
    await new Promise((resolve, reject) => {
      const tx = db.transaction('records', 'readwrite');
      const store = tx.objectStore('records');
      for (const row of rows) store.put(row);
      tx.oncomplete = resolve;
      tx.onerror = () => reject(tx.error);
    });
    const write = performance.now() - t1;
    db.close();
    await new Promise((resolve) => { const r = indexedDB.deleteDatabase('baseline'); r.onsuccess = resolve; r.onerror = resolve; });
    return { parse, write };
  }, `${server.url}__bench/${n}.json`);
  await baselineContext.close();
  figure(`baseline.json_parse.${n}`, baseline.parse, 'ms', 'JSON.parse of the file');
  figure(`baseline.idb_rows.${n}`, baseline.write, 'ms', 'one row per record, two indexes, one transaction');

  await cdp.send('HeapProfiler.collectGarbage');
  const { metrics } = await cdp.send('Performance.getMetrics');
  const heapBefore = metrics.find((m) => m.name === 'JSHeapUsedSize')?.value ?? 0;
  const memoryBefore = await rendererMemory(browser);
  const between = (from, to) => page.evaluate(([a, b]) => performance.measure(`${a}→${b}`, a, b).duration, [from, to]);
  const memory = await peakMemory(page, cdp, async () => {
    // By path: the browser reads the file from disk as a user's would, not through this script.
    await page.setInputFiles('[data-testid="import-file"]', path);
    await page.waitForSelector('[data-testid="import-preview"], [data-testid="import-errors"]', { timeout: 600_000 });
    await page.click('[data-testid="import-confirm"]');
    await page.waitForSelector('[data-testid="import-summary"]', { timeout: 600_000 });
  });
  // Measured inside the page, from the file input's change event: the file's trip from
  // this script into the browser is the test harness's, not the app's.
  const preview = await between('taizhang:import-chosen', 'taizhang:import-preview');
  const confirm = await between('taizhang:import-confirm', 'taizhang:import-done');
  figure(`import.preview.${n}`, preview, 'ms', 'file chosen to preview shown');
  figure(`import.preview_vs_parse.${n}`, preview / baseline.parse, '×', 'our preview ÷ JSON.parse');
  figure(`import.confirm.${n}`, confirm, 'ms', 'confirm to done');
  figure(`import.confirm_vs_rows.${n}`, confirm / baseline.write, '×', 'our write ÷ row-per-record baseline');
  figure(`import.longest_task.${n}`, await longestTaskSince(page, 'taizhang:import-chosen'), 'ms', 'longest main-thread task from file chosen to the data reloaded');
  const memoryAfter = await rendererMemory(browser);
  figure(`memory.renderer_peak_vs_file.${n}`, (memoryAfter.peak - memoryBefore.rss) / 1024 / megabytes, '×', 'renderer peak resident memory (page and engine worker) above what it held before, ÷ file size');
  const heapGrowth = Math.max(0, memory.heap - heapBefore);
  figure(`memory.peak_js_heap_growth.${n}`, heapGrowth / 1048576, 'MiB', 'JS heap peak during import, above the heap before it');
  figure(`memory.wasm.${n}`, memory.wasm / 1048576, 'MiB', 'the page\'s wasm memory (never shrinks: the peak); the engine\'s is in its worker');

  start = Date.now();
  await page.goto(server.url + '#/offices');
  await page.reload();
  await ready();
  figure(`start.stored.${n}`, Date.now() - start, 'ms', 'reload to app-ready with the records stored');
  figure(`start.stored_in_page.${n}`, await page.evaluate(() => window.__readyAt), 'ms', 'the same in the page\'s clock: navigation start to app-ready');
  // One start is one sample of a noisy machine, and the reload above comes
  // while the page it leaves still builds the screen just opened (its work
  // runs on the same thread before the new page's): five more reloads, each
  // from a page left a second to settle, and their median.
  const starts = [];
  for (let round = 0; round < 5; round += 1) {
    await page.waitForTimeout(1000);
    await page.reload();
    await ready();
    starts.push(await page.evaluate(() => window.__readyAt));
  }
  const sorted = [...starts].sort((a, b) => a - b);
  figure(`start.stored_in_page_settled.${n}`, sorted[2], 'ms', `median of five reloads from a settled page (${starts.map((s) => s.toFixed(0)).join(', ')})`);

  const first = await timed(page, () => page.click('[data-nav="dashboard"]'), () => document.querySelectorAll('canvas[data-chart][data-drawn]').length === 7);
  figure(`dashboard.first_draw.${n}`, first, 'ms', 'open the dashboard to all 7 charts drawn');
  // A start on the dashboard, to its charts drawn: five reloads from a settled page, the median.
  const drawn = [];
  for (let round = 0; round < 5; round += 1) {
    await page.waitForTimeout(1000);
    await page.reload();
    await page.waitForFunction(() => window.__chartsAt, null, { timeout: 600_000 });
    drawn.push(await page.evaluate(() => window.__chartsAt));
  }
  figure(`start.charts_drawn_in_page_settled.${n}`, [...drawn].sort((a, b) => a - b)[2], 'ms', `on the dashboard: navigation start to its 7 charts drawn, median of five reloads (${drawn.map((s) => s.toFixed(0)).join(', ')})`);
  const before = await drawCounts(page);
  await page.evaluate(() => performance.mark('bench:redraw'));
  // Timed inside the page as well, from the select's change event to the last chart
  // drawn (when its data-drawn attribute is set), without the harness's own round trips.
  await page.evaluate((counts) => {
    window.__redraw = new Promise((resolve) => {
      let changed = 0;
      document.querySelector('[data-testid="office-filter"]').addEventListener('change', () => { changed = performance.now(); }, { capture: true, once: true });
      new MutationObserver((_, observer) => {
        const now = [...document.querySelectorAll('canvas[data-chart]')].map((c) => Number(c.dataset.drawn ?? 0));
        if (changed && now.length === 7 && now.every((d, i) => d > (counts[i] ?? 0))) {
          observer.disconnect();
          resolve(performance.now() - changed);
        }
      }).observe(document.body, { subtree: true, attributes: true, attributeFilter: ['data-drawn'] });
    });
  }, before);
  const redraw = await timed(page, () => page.selectOption('[data-testid="office-filter"]', '210100-committee'), allRedrawn, before);
  figure(`dashboard.redraw.${n}`, redraw, 'ms', 'office-filter change to all charts redrawn, seen from this script (with its round trips)');
  figure(`dashboard.redraw_in_page.${n}`, await page.evaluate(() => window.__redraw), 'ms', 'the same inside the page: change event to the last chart drawn');
  figure(`dashboard.redraw_longest_task.${n}`, await longestTaskSince(page, 'bench:redraw'), 'ms', 'longest main-thread task of that redraw');

  await page.click('[data-nav="exchange"]');
  start = Date.now();
  // The first export asks once which office this copy is: the province.
  await page.click('[data-testid="export-json"]');
  await page.locator('[data-testid="own-office-dialog"] select').selectOption('210000-committee');
  start = Date.now();
  const [download] = await Promise.all([page.waitForEvent('download', { timeout: 600_000 }), page.click('[data-testid="own-office-save"]')]);
  await download.path();
  figure(`export.${n}`, Date.now() - start, 'ms', 'click to file downloaded');

  await page.click('[data-nav="cases"]');
  await page.waitForSelector('tr[data-row]');
  const search = await timed(page, () => page.fill('[data-testid="search"]', '线索〔2021〕4242号'), () => document.querySelector('[data-testid="list-count"]')?.textContent.includes(' 1 '));
  figure(`list.search.${n}`, search, 'ms', 'type a reference to the list narrowed to it');
  // Saving one edited record with n stored: time to the form closed, and what was written.
  await page.locator('tr[data-row] [data-action="edit"]').first().click();
  await page.fill('form[data-form="cases"] [name="notes"]', `bench ${Date.now()}`);
  const written = await page.evaluate(() => ({ ...window.__written }));
  const save = await timed(page, () => page.click('form[data-form="cases"] [type=submit]'), () => !document.querySelector('form[data-form="cases"]'));
  const after = await page.evaluate(() => ({ ...window.__written }));
  figure(`save.one_record.${n}`, save, 'ms', 'edit one case, save, to the form closed');
  figure(`save.bytes_written.${n}`, (after.bytes - written.bytes) / 1024, 'KiB', `${after.puts - written.puts} puts`);
  await page.fill('[data-testid="search"]', '');
  await page.waitForFunction(() => !document.querySelector('[data-testid="list-count"]')?.textContent.includes(' 1 '));
  const firstRow = await page.locator('tr[data-row]').first().getAttribute('data-row');
  const nextPage = await timed(page, () => page.click('.pager button:last-child'), (id) => document.querySelector('tr[data-row]')?.dataset.row !== id, firstRow);
  figure(`list.next_page.${n}`, nextPage, 'ms', 'next page of 50 rows');

  // The reporting screen of the province: its 18 offices (14 cities, 4 systems) × 12 months.
  start = Date.now();
  await page.goto(server.url + '#/submissions?office=210000-committee&from=2021-01-01&to=2021-12-31');
  await page.waitForFunction(() => document.querySelectorAll('[data-submission]').length === 18 * 12, null, { timeout: 600_000 });
  figure(`reporting.matrix.${n}`, Date.now() - start, 'ms', 'open the reporting screen to the 18 × 12 matrix drawn');
  // The briefing of the province: opened to its text shown, then its Word document.
  start = Date.now();
  await page.goto(server.url + '#/report?office=210000-committee');
  await page.waitForFunction(() => document.querySelector('[data-testid="report-text"]')?.value.length > 100, null, { timeout: 600_000 });
  figure(`briefing.open.${n}`, Date.now() - start, 'ms', 'open the briefing of the province to its text shown');
  await page.waitForTimeout(500); // the charts are drawn
  start = Date.now();
  const [docx] = await Promise.all([page.waitForEvent('download', { timeout: 600_000 }), page.click('[data-testid="export-docx"]')]);
  const docxPath = await docx.path();
  figure(`briefing.docx.${n}`, Date.now() - start, 'ms', `click to .docx downloaded (first use loads the workbook engine), ${((await stat(docxPath)).size / 1024).toFixed(1)} KiB`);
  await page.click('[data-nav="exchange"]');
  start = Date.now();
  const [workbook] = await Promise.all([page.waitForEvent('download', { timeout: 600_000 }), page.click('[data-testid="export-xlsx"]')]);
  const saved = await workbook.path();
  figure(`export.xlsx.${n}`, Date.now() - start, 'ms', `click to workbook downloaded, ${((await stat(saved)).size / 1048576).toFixed(1)} MiB`);

  // The page answers a click while the engine reads the file (a figure, not a test:
  // this machine is shared); then the reading is stopped.
  await page.setInputFiles('[data-testid="import-file"]', path);
  await page.locator('[data-testid="progress"]').waitFor();
  const latency = await page.evaluate((selector) => new Promise((resolve) => {
    const started = performance.now();
    document.querySelector(selector).click();
    requestAnimationFrame(() => resolve(performance.now() - started));
  }), '[data-nav="offices"]');
  figure(`import.click_to_paint.${n}`, latency, 'ms', 'a click on another tab while the engine reads the file, to the next frame');
  await page.click('[data-nav="exchange"]');
  await page.click('[data-testid="import-stop"]');
  await context.close();
}

/** A workbook of `rows` rows over three sheets, written by openpyxl: chosen → mapping step → preview. */
async function workbookImport(browser, server, rows) {
  const path = `${ROOT}target/bench/workbook-${rows}.xlsx`;
  execFileSync('/usr/bin/python3', [`${ROOT}tests/e2e/fixtures/workbooks.py`, '--big', String(rows), path]);
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  await page.goto(server.url + '#/offices');
  await page.waitForSelector('[data-testid="app-ready"]', { state: 'attached' });
  await page.click('[data-testid="load-sample"]');
  await page.locator('[data-row="430204-court"]').waitFor();
  await page.click('[data-nav="exchange"]');
  await page.waitForTimeout(1000); // the engine has loaded, as when a user opens the screen
  const start = Date.now();
  await page.setInputFiles('[data-testid="import-file"]', path);
  await page.locator('[data-testid="sheet-mapping"]').waitFor({ timeout: 600_000 });
  const opened = Date.now() - start;
  const clicked = Date.now();
  await page.click('[data-testid="sheet-continue"]');
  await page.locator('[data-testid="import-preview"]').waitFor({ timeout: 600_000 });
  const read = Date.now() - clicked;
  figure(`workbook.open.${rows}`, opened, 'ms', 'file chosen to the mapping step shown');
  figure(`workbook.read.${rows}`, read, 'ms', 'continue clicked to the preview shown');
  figure(`workbook.preview.${rows}`, opened + read, 'ms', 'file chosen to preview, without the user\'s time on the mapping step');
  await context.close();
}

/**
 * With BENCH_LOCKED=1: the same file imported into a new copy whose app lock
 * is on, then that copy started again and unlocked — beside the unlocked
 * copy's `import.*` and `start.stored_in_page` of the same run.
 */
async function locked(browser, server, n) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  await context.addInitScript(() => {
    new MutationObserver(() => {
      const at = performance.now();
      if (!window.__formAt && document.querySelector('[data-testid="unlock-passphrase"]')) window.__formAt = at;
      if (!window.__readyAt && document.querySelector('[data-testid="app-ready"]')) window.__readyAt = at;
    }).observe(document, { subtree: true, childList: true });
  });
  const page = await context.newPage();
  const ready = () => page.waitForSelector('[data-testid="app-ready"]', { state: 'attached', timeout: 600_000 });
  await page.goto(server.url);
  await ready();
  await turnLockOn(page);
  await page.click('[data-nav="exchange"]');
  await page.setInputFiles('[data-testid="import-file"]', `${ROOT}target/bench/${n}.json`);
  await page.waitForSelector('[data-testid="import-preview"], [data-testid="import-errors"]', { timeout: 600_000 });
  await page.click('[data-testid="import-confirm"]');
  await page.waitForSelector('[data-testid="import-summary"]', { timeout: 600_000 });
  const between = (from, to) => page.evaluate(([a, b]) => performance.measure(`${a}→${b}`, a, b).duration, [from, to]);
  figure(`locked.import.preview.${n}`, await between('taizhang:import-chosen', 'taizhang:import-preview'), 'ms', 'lock on: file chosen to preview shown');
  figure(`locked.import.confirm.${n}`, await between('taizhang:import-confirm', 'taizhang:import-done'), 'ms', 'lock on: confirm to done');
  await page.reload();
  await page.locator('[data-testid="unlock-passphrase"]').waitFor({ timeout: 600_000 });
  figure(`locked.start.form.${n}`, await page.evaluate(() => window.__formAt), 'ms', 'lock on: navigation start to the unlock form, page\'s clock');
  await page.fill('[data-testid="unlock-passphrase"]', PASSPHRASE);
  await page.evaluate(() => document.querySelector('[data-testid="unlock"]').addEventListener('click', () => { window.__unlockAt = performance.now(); }, { capture: true }));
  await page.click('[data-testid="unlock"]');
  await ready();
  figure(`locked.start.unlock_to_ready.${n}`, await page.evaluate(() => window.__readyAt - window.__unlockAt), 'ms', 'lock on: unlock clicked to app-ready (PBKDF2 600,000 rounds, then the load)');
  await context.close();
}

const label = process.env.BENCH_LABEL ? `-${process.env.BENCH_LABEL}` : '';
const server = await serveDist(process.env.BENCH_DIST ? { root: process.env.BENCH_DIST } : {});
const browser = await launch();
try {
  await bundle();
  for (const n of sizes) {
    await run(browser, server, n);
    if (process.env.BENCH_LOCKED) await locked(browser, server, n);
  }
  if (!process.env.BENCH_DIST) await workbookImport(browser, server, 10_000);
} finally {
  await browser.close();
  await server.close();
}
await writeFile(`${ROOT}target/bench/results${label}.json`, JSON.stringify(results, null, 2));
console.log(`bench results written to target/bench/results${label}.json`);
