import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serveDist, launch, openApp } from './harness.mjs';

let server, browser;
before(async () => { server = await serveDist(); browser = await launch(); });
after(async () => { await browser?.close(); await server?.close(); });

const SCREENS = ['dashboard', 'training_sessions', 'honoured_models', 'cases', 'offices', 'exchange'];

test('the shell opens under a sub-path, shows six screens in Chinese, with no console errors', async () => {
  const { page, context, errors } = await openApp(browser, server.url);
  for (const name of SCREENS) {
    const link = page.locator(`[data-nav="${name}"]`);
    assert.equal(await link.count(), 1, `one nav link for ${name}`);
    await link.click();
    await page.waitForFunction((n) => location.hash === `#/${n}`, name);
    // The hash changes at once; the page hears of it in a later task.
    await page.locator(`[data-nav="${name}"][aria-current="page"]`).waitFor({ timeout: 5000 });
    assert.equal(await page.locator('[aria-current="page"]').count(), 1, 'one current screen');
  }
  assert.equal(await page.locator('[data-nav="cases"]').innerText(), '问题线索');
  assert.equal(await page.evaluate(() => document.documentElement.lang), 'zh-CN');
  // Every request stayed on the page's own origin and under its sub-path.
  assert.ok(server.requests.every((r) => r.startsWith('/taizhang/')), server.requests.join(' '));
  assert.deepEqual(errors, []);
  await context.close();
});

test('switching to English changes the labels and survives a reload', async () => {
  const { page, context, errors } = await openApp(browser, server.url);
  await page.click('[data-testid="lang-en"]');
  assert.equal(await page.locator('[data-nav="cases"]').innerText(), 'Cases');
  assert.equal(await page.evaluate(() => document.documentElement.lang), 'en');
  await page.reload();
  await page.waitForSelector('[data-testid="app-ready"]', { state: 'attached' });
  assert.equal(await page.locator('[data-nav="cases"]').innerText(), 'Cases');
  assert.equal(await page.locator('[data-nav="offices"]').innerText(), 'Offices');
  await page.click('[data-testid="lang-zh"]');
  assert.equal(await page.locator('[data-nav="offices"]').innerText(), '单位');
  assert.deepEqual(errors, []);
  await context.close();
});
