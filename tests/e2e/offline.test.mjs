// Offline use and updates, through the service worker: after one visit the page
// opens and works with no server at all; a new build is stored whole before it is
// offered, and a broken one is never used.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DIST, serveDist, launch, openApp, loadSample, exportJson, chooseText } from './harness.mjs';

let browser, builds;
before(async () => { browser = await launch(); builds = await mkdtemp(join(tmpdir(), 'taizhang-builds-')); });
after(async () => { await browser?.close(); await rm(builds, { recursive: true, force: true }); });

const buildName = (page) => page.locator('[data-testid="build-name"]').innerText();

/** The current dist/ as if rebuilt under another name: a redeploy of the app. */
async function redeploy(name, { without } = {}) {
  const dir = join(builds, name);
  await cp(DIST, dir, { recursive: true });
  const current = (await readFile(join(DIST, 'index.html'), 'utf8')).match(/name="taizhang-build" content="(\w+)"/)[1];
  for (const file of ['index.html', 'sw.js']) {
    const path = join(dir, file);
    await writeFile(path, (await readFile(path, 'utf8')).replaceAll(current, name));
  }
  if (without) await rm(join(dir, without));
  return dir;
}

async function offlineReady(page) {
  await page.click('[data-nav="offices"]');
  await page.locator('[data-testid="offline-status"]', { hasText: '已就绪' }).waitFor({ timeout: 30000 });
}

test('after one visit the page opens and works with the server gone and the network cut', async () => {
  const server = await serveDist();
  const { page, context, errors, foreign } = await openApp(browser, server.url);
  await offlineReady(page);
  await loadSample(page);
  await page.close();

  await server.close();
  await context.setOffline(true);
  const asked = server.requests.length;
  const offline = await context.newPage();
  const offlineErrors = [];
  offline.on('pageerror', (e) => offlineErrors.push(String(e)));
  await offline.goto(server.url + '#/dashboard?office=430204-committee');
  await offline.waitForSelector('[data-testid="app-ready"]', { state: 'attached', timeout: 30000 });
  await offline.waitForFunction(() => document.querySelector('[data-kpi="training.sessions"]')?.dataset.value === '227');
  assert.equal(await offline.locator('canvas[data-chart]').count(), 7, 'the charts draw offline too');
  // Every other screen's code is a chunk fetched when the screen is first opened: each comes from the stored build.
  for (const screen of ['training_sessions', 'honoured_models', 'cases', 'submissions', 'report', 'help']) {
    await offline.click(`[data-nav="${screen}"]`);
    await offline.locator(`[data-screen="${screen}"]`).waitFor();
  }
  // And it still saves: a new office, kept over a reload with no network.
  await offline.click('[data-nav="offices"]');
  await offline.click('[data-testid="new-offices"]');
  const form = offline.locator('form[data-form="offices"]');
  await form.locator('[name="code"]').fill('430204-offline');
  await form.locator('[name="name"]').fill('断网时新建的单位');
  await form.locator('[name="level"]').selectOption('county');
  await form.locator('[name="system"]').selectOption('committee');
  await form.locator('[type=submit]').click();
  await offline.locator('[data-row="430204-offline"]').waitFor();
  await offline.reload();
  await offline.waitForSelector('[data-testid="app-ready"]', { state: 'attached', timeout: 30000 });
  await offline.click('[data-nav="offices"]');
  await offline.locator('[data-row="430204-offline"]').waitFor();
  // The exchange engine, never used on the first visit, loads offline too: an export, and it previewed back.
  const exported = await exportJson(offline);
  assert.ok(JSON.parse(exported.text).offices.some((o) => o.code === '430204-offline'), 'the export holds the new office');
  await chooseText(offline, 'again.json', exported.raw);
  const unchanged = offline.locator('[data-testid="import-preview"] [data-count="unchanged"]');
  await unchanged.waitFor();
  assert.ok(Number(await unchanged.getAttribute('data-value')) > 500, 'everything in it is already here');
  // So does the workbook engine: a workbook exported offline opens at the mapping step.
  await offline.click('[data-testid="import-cancel"]');
  const [workbook] = await Promise.all([offline.waitForEvent('download'), offline.click('[data-testid="export-xlsx"]')]);
  await offline.setInputFiles('[data-testid="import-file"]', { name: workbook.suggestedFilename(), mimeType: 'application/octet-stream', buffer: await readFile(await workbook.path()) });
  await offline.locator('[data-testid="sheet-mapping"] [data-sheet="问题线索台账"]').waitFor();
  assert.equal(server.requests.length, asked, 'nothing reached the server');
  assert.deepEqual([...errors, ...offlineErrors], []);
  assert.deepEqual(foreign, []);
  await context.close();
});

test('a new build is used only once stored whole: a broken one never, a good one after Update or on the next visit', async () => {
  const server = await serveDist();
  const { page, context, errors } = await openApp(browser, server.url);
  await offlineReady(page);
  const first = await buildName(page);
  assert.match(first, /^[0-9a-f]{12}$/);
  await loadSample(page);
  const wasmFile = (await readFile(join(DIST, 'index.html'), 'utf8')).match(/taizhang-\w+_bg\.wasm/)[0];

  // A deploy whose wasm cannot be fetched: its worker fails to install, the page stays whole.
  server.setRoot(await redeploy('broken000000', { without: wasmFile }));
  await page.reload();
  await page.waitForSelector('[data-testid="app-ready"]', { state: 'attached' });
  await page.waitForFunction(async () => {
    const registration = await navigator.serviceWorker.getRegistration();
    return registration && !registration.installing && !registration.waiting;
  }, null, { timeout: 30000 });
  assert.ok(server.requests.some((r) => r.endsWith(wasmFile)), 'the broken build was tried');
  await page.click('[data-nav="offices"]');
  assert.equal(await buildName(page), first);
  assert.equal(await page.locator('[data-testid="update-ready"]').count(), 0, 'no update offered');

  // A good deploy: stored in the background while the old build runs, then offered.
  server.setRoot(await redeploy('second000000'));
  await page.reload();
  await page.locator('[data-testid="update-ready"]').waitFor({ timeout: 30000 });
  assert.match(await page.locator('[data-testid="update-ready"]').innerText(), /台账有新版本，已完整下载/);
  await page.click('[data-nav="offices"]');
  assert.equal(await buildName(page), first, 'the running page is not switched under the user');
  await Promise.all([page.waitForEvent('load'), page.click('[data-testid="apply-update"]')]);
  await page.waitForSelector('[data-testid="app-ready"]', { state: 'attached' });
  await page.click('[data-nav="offices"]');
  assert.equal(await buildName(page), 'second000000');
  await page.locator('[data-row="430204-court"]').waitFor();
  assert.equal(await page.locator('[data-testid="update-ready"]').count(), 0);

  // Without Update: the next visit after every tab is closed opens the new build.
  server.setRoot(await redeploy('third0000000'));
  await page.reload();
  await page.locator('[data-testid="update-ready"]').waitFor({ timeout: 30000 });
  await page.close();
  const next = await context.newPage();
  await next.goto(server.url + '#/offices');
  await next.waitForSelector('[data-testid="app-ready"]', { state: 'attached' });
  assert.equal(await buildName(next), 'third0000000');
  await next.locator('[data-row="430204-court"]').waitFor();
  // Only the running build is kept.
  const caches = await next.evaluate(() => caches.keys());
  assert.deepEqual(caches, ['taizhang-third0000000']);
  assert.deepEqual(errors, []);
  await context.close();
  await server.close();
});

test('a tab kept open finds a new build within the hour, without being reloaded', async () => {
  const server = await serveDist();
  const context = await browser.newContext({ locale: 'zh-CN' });
  await context.clock.install();
  const { page, errors } = await openApp(browser, server.url, { context });
  await offlineReady(page);
  // A returning user: the page is served by the stored build. Opening it makes
  // the browser look for a new build once; the deploy comes after that look.
  const before = server.requests.length;
  await page.reload();
  await page.waitForSelector('[data-testid="app-ready"]', { state: 'attached' });
  const looked = () => server.requests.slice(before).some((r) => r.endsWith('/sw.js'));
  for (let tries = 0; tries < 300 && !looked(); tries++) await page.waitForTimeout(100);
  assert.ok(looked(), 'the browser looked for a new build when the page was opened');
  server.setRoot(await redeploy('hourly000000'));
  await page.clock.fastForward('01:00:01');
  await page.locator('[data-testid="update-ready"]').waitFor({ timeout: 30000 });
  assert.deepEqual(errors, []);
  await context.close();
  await server.close();
});
