import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serveDist, launch, openApp } from './harness.mjs';

let server, browser;
before(async () => { server = await serveDist(); browser = await launch(); });
after(async () => { await browser?.close(); await server?.close(); });

test('without IndexedDB (as in some private windows) the user is told what to do', async () => {
  const context = await browser.newContext({ locale: 'zh-CN' });
  await context.addInitScript(() => { Object.defineProperty(window, 'indexedDB', { value: undefined }); });
  const page = await context.newPage();
  await page.goto(server.url);
  const message = page.locator('[data-testid="fatal-error"]');
  await message.waitFor();
  assert.match(await message.innerText(), /无法使用浏览器数据库.*请在普通窗口中打开本页/);
  assert.equal(await page.locator('[data-testid="app-ready"]').count(), 0);
  await context.close();
});

test('a newer version opened in another tab is not blocked, and this tab asks for a reload', async () => {
  const { page, context } = await openApp(browser, server.url);
  const other = await context.newPage();
  await other.goto(server.url + '__blank.html');
  // The other tab upgrades the database, as a newer build of the app would.
  const upgraded = await other.evaluate(() => new Promise((resolve, reject) => {
    const request = indexedDB.open('taizhang', 99);
    request.onupgradeneeded = () => request.result.createObjectStore('from-the-future');
    request.onsuccess = () => { const v = request.result.version; request.result.close(); resolve(v); };
    request.onerror = () => reject(String(request.error));
    // A transient 'blocked' may fire before the old tab's handler closes it; success must follow.
    setTimeout(() => reject('the upgrade did not complete within 10 s'), 10000);
  }));
  assert.equal(upgraded, 99);
  const message = page.locator('[data-testid="fatal-error"]');
  await message.waitFor();
  assert.match(await message.innerText(), /另一个标签页打开了新版本的台账。请刷新本页/);
  // And a page of this (older) version, opened now, says why it cannot open the data.
  await page.reload();
  await message.waitFor();
  assert.match(await message.innerText(), /更新版本的台账创建/);
  await context.close();
});

test('a full disk: the save is refused with the reason, nothing is lost, and it works once there is room', async () => {
  const { page, context, errors } = await openApp(browser, server.url);
  const cdp = await context.newCDPSession(page);
  const origin = new URL(server.url).origin;
  // The browser grants this origin almost no room (as on a full disk).
  await cdp.send('Storage.overrideQuotaForOrigin', { origin, quotaSize: 20_000 });
  await page.click('[data-nav="offices"]');
  await page.click('[data-testid="load-sample"]');
  const notice = page.locator('[data-testid="notice"]');
  await notice.waitFor();
  // The browser aborts the transaction with QuotaExceededError, and the app names it, with what to do.
  assert.match(await notice.innerText(), /浏览器存储空间已满，本次修改未保存，原有数据未受影响。请先导出备份/);
  assert.equal(await page.locator('[data-row]').count(), 0, 'nothing half-written is shown');
  await page.reload();
  await page.waitForSelector('[data-testid="app-ready"]', { state: 'attached' });
  await page.click('[data-nav="offices"]');
  await page.locator('[data-testid="load-sample"]').waitFor();
  assert.equal(await page.locator('[data-row]').count(), 0, 'nor stored');
  // With room again, the same action succeeds.
  await cdp.send('Storage.overrideQuotaForOrigin', { origin });
  await page.click('[data-testid="load-sample"]');
  await page.locator('[data-row="430204-court"]').waitFor();
  assert.deepEqual(errors, []);
  await context.close();
});
