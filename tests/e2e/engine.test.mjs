// The exchange engine works in a worker of its own: while a large file is
// read and checked the page answers, the progress bar moves, a cancel writes
// nothing, and the page goes on working.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serveDist, launch, openApp, loadSample, exportJson, bigFile, chooseText } from './harness.mjs';
import { assertSameRecords } from './oracle.mjs';

let server, browser;
before(async () => { server = await serveDist(); browser = await launch(); });
after(async () => { await browser?.close(); await server?.close(); });

/** Records each value the progress bar shows (as a fraction) from now on. */
function watchProgress() {
  window.__progress = [];
  new MutationObserver(() => {
    const bar = document.querySelector('[data-testid="progress"]');
    if (bar && bar.max > 0) window.__progress.push(bar.value / bar.max);
  }).observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ['value', 'max'] });
}

/** Clicks `selector` and resolves with the milliseconds until the page next paints. */
function clickToPaint(selector) {
  return new Promise((resolve) => {
    const start = performance.now();
    document.querySelector(selector).click();
    requestAnimationFrame(() => resolve(performance.now() - start));
  });
}

test('a large file: the page answers while it is read, the progress bar moves, and cancel writes nothing', async () => {
  const { page, context, errors } = await openApp(browser, server.url);
  await loadSample(page);
  const sample = JSON.parse((await exportJson(page)).text);
  const big = bigFile(sample, 200); // ~100k records
  await page.evaluate(watchProgress);
  await chooseText(page, 'big.json', JSON.stringify(big));
  await page.locator('[data-testid="progress"]').waitFor();

  // Another screen, while the worker reads: the click is answered by the next frame.
  const latency = await page.evaluate(clickToPaint, '[data-nav="offices"]');
  await page.locator('[data-screen="offices"]').waitFor();
  console.log(`# click to paint during the import: ${latency.toFixed(1)} ms`);
  assert.ok(latency < 100, `the page answered a click in ${latency} ms`);

  // Back to the import, still under way, and cancelled.
  await page.click('[data-nav="exchange"]');
  await page.locator('[data-testid="import-stop"]').click();
  await page.locator('[data-testid="progress"]').waitFor({ state: 'detached' });
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
