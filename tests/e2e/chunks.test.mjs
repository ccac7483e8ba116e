// The page's wasm is split (scripts/split.mjs): the dashboard comes with the
// page, every other screen's code when it is first opened.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { gzipSync } from 'node:zlib';
import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { serveDist, launch, openApp, DIST } from './harness.mjs';

let server, browser;
before(async () => { server = await serveDist(); browser = await launch(); });
after(async () => { await browser?.close(); await server?.close(); });

const isChunk = (url) => /\/(chunk|split)_[\w-]+\.wasm$/.test(url);

test('the first screen loads no screen chunk; a screen loads its own when first opened', async () => {
  // No service worker: it would fetch every file of the build for offline use.
  const context = await browser.newContext({ serviceWorkers: 'block' });
  server.requests.length = 0;
  const { page, errors } = await openApp(browser, server.url, { context });
  await page.locator('[data-screen="dashboard"]').waitFor();
  assert.deepEqual(server.requests.filter(isChunk), [], 'no chunk before the first screen');
  await page.click('[data-nav="help"]');
  await page.locator('[data-screen="help"]').waitFor();
  const help = server.requests.filter(isChunk);
  assert.ok(help.some((r) => /split_taizhang_help-/.test(r)), help.join(' '));
  assert.ok(!help.some((r) => /split_taizhang_(ledger|offices|exchange|report|submissions)-/.test(r)), help.join(' '));
  assert.deepEqual(errors, []);
  await context.close();
});

test('a screen whose code cannot be fetched says so, and opens on "try again"', async () => {
  const context = await browser.newContext({ serviceWorkers: 'block' });
  const { page } = await openApp(browser, server.url, { context });
  await page.route(/split_taizhang_offices-[0-9a-f]+\.wasm$/, (route) => route.abort('internetdisconnected'));
  await page.click('[data-nav="offices"]');
  const failed = page.locator('[data-testid="screen-not-loaded"]');
  await failed.waitFor();
  assert.match(await failed.innerText(), /本页未能载入/);
  await page.unroute(/split_taizhang_offices-[0-9a-f]+\.wasm$/);
  await page.click('[data-testid="screen-retry"]');
  await page.locator('[data-testid="load-sample"]').waitFor();
  assert.equal(await failed.count(), 0);
  // The app still works: another screen opens after the failed one.
  await page.click('[data-nav="cases"]');
  await page.locator('[data-screen="cases"]').waitFor();
  await context.close();
});

/** KiB of `bytes` gzipped at level 9, as bench.mjs counts code. */
const gzipKiB = (bytes) => gzipSync(bytes, { level: 9 }).length / 1024;

// The goal is 250 KiB (issue #37); the first load is 280.6 KiB today (407 before
// the first-load work of 2026-12-07, 321 after its first round, 291 after its
// second, then +4.8 for the lock's checks on the load path, 296.2 before its
// fourth round, 289.3 after it, then +2.9 for the lock's packing — its
// padding, and the blocks a load keeps for an import's undo copies — which
// brought its ratios to 1.2, then 292.2 → 280.6 with the wasm's imports under
// short names and the page's JS minified by terser; BENCHMARKS.md).
// Until the goal is reached this budget is a ratchet: just above what the page
// needs (a build in another folder differs by a few KiB), lowered with it.
const FIRST_LOAD_BUDGET_KIB = 281;

test(`the code the page loads before its first screen stays within ${FIRST_LOAD_BUDGET_KIB} KiB gzipped; each chunk's size is printed`, async () => {
  const context = await browser.newContext({ serviceWorkers: 'block' });
  server.requests.length = 0;
  const { page } = await openApp(browser, server.url, { context });
  await page.locator('[data-screen="dashboard"]').waitFor();
  const code = server.requests.filter((r) => /\.(wasm|js)$/.test(r) && !/\/(engine|sheets)/.test(r) && !/\/sw\.js$/.test(r));
  const first = await Promise.all(code.map(async (r) => [r.split('/').pop(), gzipKiB(await readFile(join(DIST, r.split('/').pop())))]));
  const total = first.reduce((sum, [, kib]) => sum + kib, 0);
  console.log(`# first load ${total.toFixed(1)} KiB gzip: ${first.map(([name, kib]) => `${name} ${kib.toFixed(1)}`).join(', ')}`);
  for (const name of (await readdir(DIST)).filter((n) => /^(chunk|split)_.*\.wasm$/.test(n)).sort()) {
    console.log(`# chunk ${name} ${gzipKiB(await readFile(join(DIST, name))).toFixed(1)} KiB gzip`);
  }
  assert.ok(first.some(([name]) => name.endsWith('.wasm')), 'the page\'s wasm is counted');
  assert.ok(total <= FIRST_LOAD_BUDGET_KIB, `first load ${total.toFixed(1)} KiB > ${FIRST_LOAD_BUDGET_KIB} KiB`);
  await context.close();
});
