// The exchange engine works in a worker of its own: while a large file is
// read and checked the page answers, the progress bar moves, a cancel writes
// nothing, and the page goes on working.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { serveDist, launch, openApp, loadSample, exportJson, bigFile, chooseText } from './harness.mjs';
import { assertSameRecords } from './oracle.mjs';

const WORKBOOKS = fileURLToPath(new URL('./fixtures/workbooks.py', import.meta.url));
let server, browser, bigWorkbook;
before(async () => {
  // A workbook large enough to be stopped while the workbook engine reads it (openpyxl).
  bigWorkbook = join(mkdtempSync(join(tmpdir(), 'taizhang-engine-')), '台账-大.xlsx');
  execFileSync('/usr/bin/python3', [WORKBOOKS, '--big', '30000', bigWorkbook]);
  server = await serveDist();
  browser = await launch();
});
after(async () => { await browser?.close(); await server?.close(); });

/** Every worker the page starts, with whether it has ended since. */
function watchWorkers(page) {
  const workers = [];
  page.on('worker', (worker) => {
    const entry = { url: worker.url(), closed: false };
    worker.on('close', () => { entry.closed = true; });
    workers.push(entry);
  });
  return workers;
}

/** Clicks `start`, then the stop button `stop` in the same frame it appears, from inside the page. */
function stopAsSoonAsShown(page, start, stop) {
  return page.evaluate(([start, stop]) => new Promise((resolve) => {
    new MutationObserver((_, observer) => {
      const button = document.querySelector(stop);
      if (button) { observer.disconnect(); button.click(); resolve(); }
    }).observe(document.body, { subtree: true, childList: true });
    document.querySelector(start).click();
  }), [start, stop]);
}

/**
 * The first worker started after the first `since` ones whose script matches
 * `pattern`, once the page has reported it (its event may come after the
 * progress bar shows; an engine started ahead for the screen may be there too).
 */
async function startedAfter(workers, since, pattern) {
  for (let i = 0; i < 100; i += 1) {
    const found = workers.slice(since).find((w) => pattern.test(w.url));
    if (found) return found;
    await new Promise((r) => setTimeout(r, 50));
  }
  assert.fail(`no worker ${pattern} was started`);
}

/** Resolves once `entry` (from watchWorkers) has ended, or fails after a few seconds. */
async function ended(entry, what) {
  for (let i = 0; i < 100 && !entry.closed; i += 1) await new Promise((r) => setTimeout(r, 50));
  assert.ok(entry.closed, `the worker ${entry.url} is gone after ${what}`);
}

/** Records each value the progress bar shows (as a fraction) from now on. */
function watchProgress() {
  window.__progress = [];
  new MutationObserver(() => {
    const bar = document.querySelector('[data-testid="progress"]');
    if (bar && bar.max > 0) window.__progress.push(bar.value / bar.max);
  }).observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ['value', 'max'] });
}

test('a large file: the page answers while it is read, the progress bar moves, and cancel writes nothing', async () => {
  const { page, context, errors } = await openApp(browser, server.url);
  const workers = watchWorkers(page);
  await loadSample(page);
  const sample = JSON.parse((await exportJson(page)).text);
  const big = bigFile(sample, 200); // ~100k records
  await page.evaluate(watchProgress);
  const started = workers.length;
  await chooseText(page, 'big.json', JSON.stringify(big));
  await page.locator('[data-testid="progress"]').waitFor();
  const reading = await startedAfter(workers, started, /engine/);
  // The bar is watched only while it is on the page: see it move before leaving it, as a
  // fast machine may read the rest of the file while the offices screen is shown.
  await page.waitForFunction(() => new Set(window.__progress.filter((f) => f > 0 && f < 1).map((f) => f.toFixed(3))).size >= 2, null, { timeout: 20_000 }).catch(() => {});

  // Another screen, while the worker reads (how fast: scripts/bench.sh, import.click_to_paint).
  await page.click('[data-nav="offices"]');
  await page.locator('[data-screen="offices"]').waitFor();

  // Back to the import, still under way, and cancelled: its worker ends.
  await page.click('[data-nav="exchange"]');
  await page.locator('[data-testid="import-stop"]').click();
  await page.locator('[data-testid="progress"]').waitFor({ state: 'detached' });
  await ended(reading, 'cancelling the reading');
  assert.equal(await page.locator('[data-testid="import-preview"]').count(), 0);
  const seen = await page.evaluate(() => window.__progress);
  const between = new Set(seen.filter((f) => f > 0 && f < 1).map((f) => f.toFixed(3)));
  assert.ok(between.size >= 2, `the bar moved: ${seen.slice(0, 20)}`);

  // Nothing was written; the page goes on working, with a new worker.
  assertSameRecords(JSON.parse((await exportJson(page)).text), sample, 'after the cancel');
  const edited = structuredClone(sample);
  edited.cases[0] = { ...edited.cases[0], notes: '取消之后再导入', revision: edited.cases[0].revision + 1 };
  await chooseText(page, 'small.json', JSON.stringify(edited));
  await page.locator('[data-testid="import-preview"] [data-count="updated"][data-value="1"]').waitFor();
  await page.click('[data-testid="import-confirm"]');
  await page.locator('[data-testid="import-summary"]').waitFor();
  assertSameRecords(JSON.parse((await exportJson(page)).text), edited, 'after the next import');
  assert.deepEqual(errors, []);
  await context.close();
});

test('a preview can be left for another screen and found again; cancelling it writes nothing', async () => {
  const { page, context, errors } = await openApp(browser, server.url);
  await loadSample(page);
  const sample = JSON.parse((await exportJson(page)).text);
  const edited = structuredClone(sample);
  edited.training_sessions[0] = { ...edited.training_sessions[0], title: '预览后离开', revision: edited.training_sessions[0].revision + 1 };
  await chooseText(page, 'edited.json', JSON.stringify(edited));
  await page.locator('[data-testid="import-preview"]').waitFor();
  await page.click('[data-nav="dashboard"]');
  await page.click('[data-nav="exchange"]');
  await page.locator('[data-testid="import-preview"] [data-count="updated"][data-value="1"]').waitFor();
  await page.click('[data-testid="import-cancel"]');
  assertSameRecords(JSON.parse((await exportJson(page)).text), sample, 'after the preview was cancelled');
  assert.deepEqual(errors, []);
  await context.close();
});

test('cancelled while the import is written: its worker ends and its one transaction with it; nothing written, logged or offered to undo', async () => {
  const { page, context, errors } = await openApp(browser, server.url);
  const workers = watchWorkers(page);
  await loadSample(page);
  const sample = JSON.parse((await exportJson(page)).text);
  const started = workers.length;
  await chooseText(page, 'big.json', JSON.stringify(bigFile(sample, 200)));
  await page.locator('[data-testid="import-preview"] [data-count="new"]').waitFor({ timeout: 120_000 });
  const writing = await startedAfter(workers, started, /engine/);
  // Confirm, and stop as soon as the writing's progress bar shows.
  await stopAsSoonAsShown(page, '[data-testid="import-confirm"]', '[data-testid="import-preview"] [data-testid="import-stop"]');
  await page.locator('[data-testid="import-preview"]').waitFor({ state: 'detached' });
  await ended(writing, 'cancelling the writing');
  assert.match(await page.locator('[data-testid="notice"]').innerText(), /已取消，未写入任何内容/);
  assert.equal(await page.locator('[data-testid="import-undo"]').count(), 0, 'no undo is offered');
  assert.doesNotMatch(await page.locator('[data-testid="import-history"]').innerText(), /big\.json/);
  assert.equal(await page.locator('[data-testid="import-summary"]').count(), 0);
  // After a reload too: the database holds the sample, exactly.
  await page.reload();
  await page.waitForSelector('[data-testid="app-ready"]', { state: 'attached' });
  assertSameRecords(JSON.parse((await exportJson(page)).text), sample, 'after the cancelled write');
  assert.deepEqual(errors, []);
  await context.close();
});

test('the workbook engine stops too: while it opens a workbook and while it reads the mapped sheets; its worker ends, nothing is written', async () => {
  const { page, context, errors } = await openApp(browser, server.url);
  const workers = watchWorkers(page);
  await loadSample(page);
  const sample = JSON.parse((await exportJson(page)).text);
  await page.click('[data-nav="exchange"]');

  // Stopped while the workbook is opened (by the workbook engine).
  let started = workers.length;
  await page.setInputFiles('[data-testid="import-file"]', bigWorkbook);
  await page.locator('[data-testid="progress"]').waitFor();
  const opening = await startedAfter(workers, started, /sheets/);
  assert.match(opening.url, /sheets/, 'the workbook engine runs');
  await page.click('[data-testid="import-stop"]');
  await page.locator('[data-testid="progress"]').waitFor({ state: 'detached' });
  await ended(opening, 'cancelling the opening');
  assert.equal(await page.locator('[data-testid="sheet-mapping"]').count(), 0);

  // Opened again, mapped, and stopped while its sheets are read.
  started = workers.length;
  await page.setInputFiles('[data-testid="import-file"]', bigWorkbook);
  await page.locator('[data-testid="sheet-mapping"]').waitFor({ timeout: 120_000 });
  const reading = await startedAfter(workers, started, /sheets/);
  await stopAsSoonAsShown(page, '[data-testid="sheet-continue"]', '[data-testid="import-stop"]');
  await page.locator('[data-testid="progress"]').waitFor({ state: 'detached' });
  await ended(reading, 'cancelling the reading of the sheets');
  assert.equal(await page.locator('[data-testid="import-preview"]').count(), 0);
  assertSameRecords(JSON.parse((await exportJson(page)).text), sample, 'after both cancels');
  assert.deepEqual(errors, []);
  await context.close();
});
