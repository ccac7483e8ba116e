// The app lock (data at rest): with the sample loaded and the lock on, the
// database read by this test's own code holds none of the sample's office
// names, titles, names or reference numbers, and every value of the ledgers
// is sealed; a reload shows the unlock form alone; the passphrase and the
// recovery key each bring back every figure; idle time and "lock now" lock
// every tab, an unlock in one unlocks the others; import, export, history,
// the briefing and signatures work the same with the lock on.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  serveDist, launch, openApp, loadSample, exportJson, historyOf, inner,
  turnLockOn, unlock, rawDatabase, PASSPHRASE,
} from './harness.mjs';

let server, browser;
before(async () => { server = await serveDist(); browser = await launch(); });
after(async () => { await browser?.close(); await server?.close(); });

/** The sample's words no one may read while locked: office names, titles, names, reference numbers, notes. */
function secretsOf(file) {
  const words = new Set();
  for (const o of file.offices) words.add(o.name);
  for (const t of file.training_sessions) words.add(t.title);
  for (const m of file.honoured_models) { words.add(m.name); if (m.deeds) words.add(m.deeds); }
  for (const c of file.cases) { words.add(c.reference); if (c.notes) words.add(c.notes); }
  return [...words].filter((w) => w && w.length >= 2);
}

/** Every text of the database as one string: values and bytes decoded as UTF-8, keys too. */
const allText = (raw) => JSON.stringify(raw, (k, v) => (k === 'bytes' ? undefined : v));

/** Every tile's figure on the dashboard, by name. */
async function figures(page) {
  await page.click('[data-nav="dashboard"]');
  await page.locator('[data-kpi]').first().waitFor();
  return page.locator('[data-kpi]').evaluateAll((tiles) => Object.fromEntries(tiles.map((t) => [t.dataset.kpi, t.dataset.value])));
}

/** The unlock form is all there is: none of `secrets` in the page, no navigation, no screen. */
async function assertOnlyTheUnlockForm(page, secrets) {
  await page.locator('[data-testid="unlock-passphrase"]').waitFor();
  await page.locator('[data-testid="unlock-recovery"]').waitFor();
  const html = await page.evaluate(() => document.documentElement.outerHTML);
  const seen = secrets.filter((s) => html.includes(s));
  assert.deepEqual(seen, [], 'no text of the ledgers in the locked page');
  assert.equal(await page.locator('[data-nav]').count(), 0, 'no navigation');
  assert.equal(await page.locator('[data-screen], [data-kpi], canvas').count(), 0, 'no screen, figure or chart');
  assert.equal(await page.locator('[data-testid="app-ready"]').count(), 0);
}

test('with the lock on, the database holds none of the ledgers\' text and no unsealed value; a reload shows the unlock form alone; the passphrase and the recovery key each bring back every figure', async () => {
  // The page's clock is the test's: the pause after wrong tries is passed by
  // moving it, not by sleeping (time flows as usual otherwise).
  const context = await browser.newContext({ locale: 'zh-CN', acceptDownloads: true, viewport: { width: 1280, height: 900 } });
  await context.clock.install();
  const { page, errors } = await openApp(browser, server.url, { context });
  await loadSample(page);
  const file = JSON.parse((await exportJson(page)).text);
  const secrets = secretsOf(file);
  assert.ok(secrets.length > 50, 'the sample has names, titles and references');
  const shown = await figures(page);
  const plainText = allText(await rawDatabase(page));
  assert.ok(secrets.filter((s) => plainText.includes(s)).length > 50, 'unlocked, the database holds the sample in the clear (the check can see text)');

  const recovery = await turnLockOn(page);
  assert.match(recovery, /^([A-Z2-7]{4}-){12}[A-Z2-7]{4}$/, 'the recovery key in groups of four');

  const raw = await rawDatabase(page);
  const leaked = secrets.filter((s) => allText(raw).includes(s));
  assert.deepEqual(leaked, [], 'no office name, title, name or reference in the database');
  // Every value of the ledgers, settings, log, files sent and history is sealed.
  const lockRecord = JSON.parse(raw.meta.find((e) => e.key === '"applock"').value.text);
  assert.equal(lockRecord.kdf, 'PBKDF2-SHA-256');
  assert.ok(lockRecord.iterations >= 600000, 'OWASP\'s rounds');
  const unsealed = [];
  for (const [store, entries] of Object.entries(raw)) {
    for (const { key, value } of entries) {
      if (store === 'meta' && ['"applock"', '"commit"'].includes(key)) continue;
      const sealed = value.object?.sealed?.bytes;
      if (!sealed || sealed.length < 12 + 16) unsealed.push(`${store} ${key}`);
    }
  }
  assert.deepEqual(unsealed, [], 'no value stored unsealed');
  assert.ok(raw.chunks.length >= 4, 'the ledgers are there, sealed');
  // The own key is kept only wrapped (trust-format.md §5, turn 4): sealed
  // bytes like any value, no key object anywhere (tamper.test.mjs tries them).
  const own = raw.keys.find((e) => e.key === '"own"');
  if (own) assert.deepEqual(Object.keys(own.value.object).sort(), ['as', 'bound', 'packed', 'sealed']);
  assert.ok(!JSON.stringify(raw).includes('"cryptoKey":true'), 'no CryptoKey stored while the lock is on');

  // Reloaded: the unlock form alone.
  await page.reload();
  await assertOnlyTheUnlockForm(page, secrets);

  // A wrong passphrase: a sentence, still locked.
  await page.fill('[data-testid="unlock-passphrase"]', '不是这个口令不是');
  await page.click('[data-testid="unlock"]');
  assert.match(await page.locator('[data-testid="unlock-error"]').innerText(), /口令或恢复密钥不对/);
  await assertOnlyTheUnlockForm(page, secrets);
  // Two more wrong tries: the next must wait (2 s after the third), whatever is typed.
  for (let i = 0; i < 2; i += 1) {
    await page.click('[data-testid="unlock"]');
    await page.locator('[data-testid="unlock"]:not([disabled])').waitFor();
  }
  await page.fill('[data-testid="unlock-passphrase"]', PASSPHRASE);
  await page.click('[data-testid="unlock"]');
  await page.locator('[data-testid="unlock-error"]', { hasText: /请等 [12] 秒后再试/ }).waitFor();
  await assertOnlyTheUnlockForm(page, secrets);
  // The pause passed on the page's clock, not by sleeping.
  await page.clock.fastForward(2100);

  // The passphrase: every figure as before.
  await unlock(page);
  assert.deepEqual(await figures(page), shown);

  // Lock now, then the recovery key as someone types it (lower case, spaces).
  await page.click('[data-testid="lock-now"]');
  await assertOnlyTheUnlockForm(page, secrets);
  await unlock(page, { recovery: recovery.toLowerCase().replaceAll('-', ' ') });
  assert.deepEqual(await figures(page), shown);
  const again = JSON.parse((await exportJson(page)).text);
  assert.deepEqual(again.cases, file.cases, 'the ledgers exported as before');
  assert.deepEqual(errors, []);
});

test('idle time locks; two tabs lock together and unlock together', async () => {
  const context = await browser.newContext({ locale: 'zh-CN', acceptDownloads: true, viewport: { width: 1280, height: 900 } });
  await context.clock.install();
  const { page } = await openApp(browser, server.url, { context });
  await loadSample(page);
  const secrets = secretsOf(JSON.parse((await exportJson(page)).text));
  await turnLockOn(page);
  const other = await context.newPage();
  await other.goto(server.url + '#/dashboard');
  await assertOnlyTheUnlockForm(other, secrets);

  // Unlocked in one tab: the other opens too.
  await page.reload();
  await unlock(page);
  await other.waitForSelector('[data-testid="app-ready"]', { state: 'attached' });
  await other.locator('[data-kpi]').first().waitFor();

  // Used, the page stays open past the idle time's end in the other tab.
  await context.clock.runFor(10 * 60_000);
  await page.keyboard.press('Shift');
  await context.clock.runFor(10 * 60_000);
  assert.equal(await page.locator('[data-testid="app-ready"]').count(), 1, 'used 10 minutes ago: open');
  // Idle for the default 15 minutes: both lock.
  await context.clock.runFor(6 * 60_000);
  await assertOnlyTheUnlockForm(page, secrets);
  await assertOnlyTheUnlockForm(other, secrets);

  // Lock now in one tab locks the other.
  await unlock(other);
  await page.waitForSelector('[data-testid="app-ready"]', { state: 'attached' });
  await other.click('[data-testid="lock-now"]');
  await assertOnlyTheUnlockForm(page, secrets);
  await assertOnlyTheUnlockForm(other, secrets);
  await context.close();
});

test('with the lock on, an import, its history and undo, the briefing, a signed export and the passphrase changed work as before; turned off, everything is stored plain again', async () => {
  const { page, errors } = await openApp(browser, server.url);
  await loadSample(page);
  const before = JSON.parse((await exportJson(page)).text);
  await turnLockOn(page);

  // An import through the engine, which reads and writes the sealed database.
  const changed = structuredClone(before);
  const target = changed.cases.find((c) => !c.deleted && c.notes === '');
  Object.assign(target, { notes: '锁定时导入', revision: target.revision + 1, updated_at: '2021-06-01T00:00:00Z' });
  await page.click('[data-nav="exchange"]');
  await page.setInputFiles('[data-testid="import-file"]', { name: '锁定.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(changed)) });
  await page.locator('[data-testid="import-preview"]').waitFor();
  await page.click('[data-testid="import-confirm"]');
  await page.locator('[data-testid="import-summary"]').waitFor();
  const history = await historyOf(page, 'cases', target.id);
  assert.deepEqual(history.map((h) => [h.how, h.changes.notes]), [['import', ['（空）', '锁定时导入']]]);
  const exported = await exportJson(page);
  assert.equal(JSON.parse(exported.text).cases.find((c) => c.id === target.id).notes, '锁定时导入');
  assert.equal(typeof JSON.parse(exported.raw).signature, 'string', 'signed as before');
  assert.equal(allText(await rawDatabase(page)).includes('锁定时导入'), false, 'the import, its history and log sealed too');

  // The briefing counts as before.
  await page.click('[data-nav="report"]');
  assert.match(await page.locator('[data-testid="report-text"]').inputValue(), /受理问题线索\s*\d+件/);
  // An edited draft stays in the page: the browser's local storage is not encrypted.
  await page.fill('[data-testid="report-text"]', '锁定时改写的简报');
  await page.click('[data-nav="dashboard"]');
  await page.click('[data-nav="report"]');
  assert.equal(await page.locator('[data-testid="report-text"]').inputValue(), '锁定时改写的简报', 'kept while the page is open');
  assert.equal((await page.evaluate(() => JSON.stringify(localStorage))).includes('锁定时改写的简报'), false, 'not in local storage');

  // Undo.
  await page.click('[data-nav="exchange"]');
  await page.click('[data-testid="import-undo"]');
  await page.click('[data-testid="confirm-yes"]');
  await page.locator('[data-testid="import-undo"]').waitFor({ state: 'detached' });
  assert.deepEqual(JSON.parse((await exportJson(page)).text).cases, before.cases);

  // The passphrase changed: the old one no longer opens, the new one does.
  await page.click('[data-nav="offices"]');
  const change = page.locator('form[data-form="lock-change"]');
  await change.locator('[name="current"]').fill(PASSPHRASE);
  await change.locator('[name="new"]').fill('新的口令新的口令');
  await change.locator('[name="new-again"]').fill('新的口令新的口令');
  await change.locator('[type=submit]').click();
  await page.locator('[data-testid="passphrase-changed"]').waitFor();
  await page.click('[data-testid="lock-now"]');
  await page.fill('[data-testid="unlock-passphrase"]', PASSPHRASE);
  await page.click('[data-testid="unlock"]');
  await page.locator('[data-testid="unlock-error"]').waitFor();
  await unlock(page, { passphrase: '新的口令新的口令' });

  // Off: every value plain again, the data whole.
  await page.click('[data-nav="offices"]');
  const off = page.locator('form[data-form="lock-off"]');
  await off.locator('[name="current"]').fill('新的口令新的口令');
  await off.locator('[type=submit]').click();
  await page.locator('[data-testid="lock-set"]').waitFor();
  const raw = await rawDatabase(page);
  assert.equal(raw.meta.some((e) => e.key === '"applock"'), false);
  assert.equal(allText(raw).includes(before.offices[0].name), true, 'stored plain again');
  await page.reload();
  await page.waitForSelector('[data-testid="app-ready"]', { state: 'attached' });
  assert.deepEqual(JSON.parse((await exportJson(page)).text).cases, before.cases);
  assert.deepEqual(errors, []);
});
