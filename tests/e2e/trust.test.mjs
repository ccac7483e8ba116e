import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serveDist, launch, openApp, loadSample, exportJson } from './harness.mjs';
import { assertSameRecords } from './oracle.mjs';

let server, browser;
before(async () => { server = await serveDist(); browser = await launch(); });
after(async () => { await browser?.close(); await server?.close(); });

const SCREENS = ['dashboard', 'training_sessions', 'honoured_models', 'cases', 'offices', 'exchange'];
const HOSTILE = '<img src=x onerror=alert(1)><script>alert(2)</script>"\'&amp;';

test('a strict CSP holds on every screen, and the page asks nothing of other origins', async () => {
  const { page, context, errors, foreign } = await openApp(browser, server.url);
  const csp = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
  for (const rule of ["script-src 'self' 'wasm-unsafe-eval'", "object-src 'none'", "base-uri 'none'", "connect-src 'self'"]) {
    assert.ok(csp.includes(rule), rule);
  }
  assert.ok(!/script-src[^;]*'unsafe-(inline|eval)'/.test(csp));
  assert.equal(await page.locator('script:not([src])').count(), 0, 'no inline script in the page');
  await loadSample(page);
  for (const name of SCREENS) {
    await page.click(`[data-nav="${name}"]`);
    await page.waitForFunction((n) => location.hash.startsWith(`#/${n}`), name);
  }
  await page.click('[data-testid="lang-en"]');
  // The policy is enforced: an injected inline script does not run.
  const ran = await page.evaluate(() => {
    const script = document.createElement('script');
    script.textContent = 'window.__injected = true';
    document.body.append(script);
    return window.__injected === true;
  });
  assert.equal(ran, false);
  // The browser reports the violation as an event, after the script was refused.
  await page.waitForFunction(() => window.__cspViolations.length > 0);
  const violations = await page.evaluate(() => window.__cspViolations);
  assert.deepEqual(violations.filter((v) => !v.includes('inline')), [], 'only the injected script was refused');
  assert.equal(violations.length, 1);
  assert.deepEqual(foreign, []);
  assert.deepEqual(errors.filter((e) => !e.includes('Content Security Policy')), []);
  await context.close();
});

test('text from forms and files is only ever text', async () => {
  const { page, context, errors } = await openApp(browser, server.url);
  let dialogs = 0;
  page.on('dialog', async (dialog) => { dialogs += 1; await dialog.dismiss(); });
  // In a form.
  await page.click('[data-nav="offices"]');
  await page.click('[data-testid="new-offices"]');
  const office = page.locator('form[data-form="offices"]');
  await office.locator('[name="code"]').fill('x-1');
  await office.locator('[name="name"]').fill(HOSTILE.slice(0, 100));
  await office.locator('[type=submit]').click();
  await page.locator('[data-row="x-1"]').waitFor();
  assert.equal(await page.locator('[data-row="x-1"] td').first().innerText(), HOSTILE.slice(0, 100));
  // In an imported file: every text field of every ledger.
  const now = '2021-05-01T00:00:00Z';
  const common = { office: 'x-1', revision: 1, updated_at: now, deleted: false, notes: HOSTILE };
  const file = {
    format: 'taizhang-exchange', version: 1, exported_at: now, source_office: 'x-1',
    offices: [{ code: 'x-1', name: HOSTILE.slice(0, 100), level: 'county', system: 'court', parent: null, headcount: 1 }],
    training_sessions: [{ id: '11111111-1111-4111-8111-111111111111', ...common, title: HOSTILE, kind: 'other', format: 'online', start_date: '2021-04-01', end_date: '2021-04-01', participants: 1, hours: null }],
    honoured_models: [{ id: '22222222-2222-4222-8222-222222222222', ...common, name: HOSTILE, kind: 'individual', title: HOSTILE, level: 'county', awarded_on: '2021-04-01', deeds: HOSTILE }],
    cases: [{ id: '33333333-3333-4333-8333-333333333333', ...common, reference: HOSTILE.slice(0, 64), source: 'other', category: 'other', received_on: '2021-04-01', deadline: null, status: 'received', resolved_on: null, outcome: null }],
  };
  await page.click('[data-nav="exchange"]');
  await page.setInputFiles('[data-testid="import-file"]', { name: 'hostile.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(file)) });
  await page.locator('[data-testid="import-preview"]').waitFor();
  await page.locator('[data-list="new"] summary').click();
  assert.ok((await page.locator('[data-list="new"]').innerText()).includes(HOSTILE));
  await page.click('[data-testid="import-confirm"]');
  await page.locator('[data-testid="import-summary"]').waitFor();
  for (const [screen, id] of [['training_sessions', '11111111-1111-4111-8111-111111111111'], ['honoured_models', '22222222-2222-4222-8222-222222222222'], ['cases', '33333333-3333-4333-8333-333333333333']]) {
    await page.click(`[data-nav="${screen}"]`);
    const row = page.locator(`[data-row="${id}"]`);
    await row.waitFor();
    assert.ok((await row.innerText()).includes(HOSTILE.slice(0, 64)), screen);
    await row.locator('[data-action="edit"]').click();
    assert.equal(await page.locator('[name="notes"]').inputValue(), HOSTILE);
    await page.locator('form button[type=button]').click();
  }
  assert.equal(await page.locator('img[src="x"]').count(), 0, 'no element was made from the text');
  assert.equal(dialogs, 0);
  assert.deepEqual(errors, []);
  await context.close();
});

test('two tabs: a change in one shows in the other, a stale edit is refused, clearing asks first', async () => {
  const a = await openApp(browser, server.url);
  const bPage = await a.context.newPage();
  await bPage.goto(server.url + '#/offices');
  await bPage.waitForSelector('[data-testid="app-ready"]', { state: 'attached' });
  // A change saved in one tab appears in the other without a reload.
  await a.page.click('[data-nav="offices"]');
  await a.page.click('[data-testid="load-sample"]');
  await bPage.locator('[data-row="430204-court"]').waitFor();

  // Backup reminder and the age of the last export.
  await a.page.locator('[data-testid="export-reminder"]').waitFor();
  assert.equal(await a.page.locator('[data-testid="last-export-age"]').innerText(), '从未导出');
  await a.page.click('[data-nav="exchange"]');
  await Promise.all([a.page.waitForEvent('download'), a.page.click('[data-testid="export-json"]')]);
  await a.page.click('[data-nav="offices"]');
  await a.page.locator('[data-testid="last-export-age"]', { hasText: '0 天前' }).waitFor();

  // Both tabs open the same case; B saves first; A's save is refused, not silently applied.
  for (const page of [a.page, bPage]) {
    await page.click('[data-nav="cases"]');
    await page.locator('tr[data-row]').first().locator('[data-action="edit"]').click();
  }
  await bPage.fill('form[data-form="cases"] [name="notes"]', '乙标签页的修改');
  await bPage.click('form[data-form="cases"] [type=submit]');
  await bPage.waitForFunction(() => !document.querySelector('form[data-form="cases"]'));
  await a.page.locator('tr[data-row]', { hasText: '督交' }).first().waitFor();
  await a.page.fill('form[data-form="cases"] [name="notes"]', '甲标签页的修改');
  await a.page.click('form[data-form="cases"] [type=submit]');
  const notice = a.page.locator('[data-testid="notice"]');
  await notice.waitFor();
  assert.match(await notice.innerText(), /已在另一个标签页中被修改（现为第 2 版）/);
  await a.page.click('form[data-form="cases"] button[type=button]');
  await a.page.fill('[data-testid="search"]', '乙标签页的修改');
  await a.page.locator('[data-testid="list-count"]', { hasText: /^共 1 条$/ }).waitFor();

  // Clearing everything names what will go, and happens only on yes.
  await a.page.click('[data-nav="offices"]');
  await a.page.click('[data-testid="clear-everything"]');
  assert.match(await a.page.locator('.dialog').innerText(), /7 个单位和 519 条记录/);
  await a.page.click('[data-testid="confirm-no"]');
  assert.equal(await a.page.locator('[data-row="430204-court"]').count(), 1);
  await a.page.click('[data-testid="clear-everything"]');
  await a.page.click('[data-testid="confirm-yes"]');
  await a.page.locator('[data-testid="load-sample"]').waitFor();
  await bPage.click('[data-nav="offices"]');
  await bPage.locator('[data-testid="load-sample"]').waitFor();
  assert.deepEqual(a.errors, []);
  await a.context.close();
});

test('deleting an office asks first and names the records that go with it; the rest stays exportable', async () => {
  const { page, context, errors } = await openApp(browser, server.url);
  await loadSample(page);
  // An office with offices under it cannot go.
  await page.click('[data-row="430204-committee"] [data-action="delete"]');
  assert.match(await page.locator('[data-testid="refusal"]').innerText(), /不能删除“430204-committee”：它下面还有 4 个单位/);
  assert.equal(await page.locator('.dialog').count(), 0);
  // One with records names them (counted here from an export, tombstones too); no keeps everything.
  const whole = JSON.parse((await exportJson(page)).text);
  const own = (file, key) => file[key].filter((r) => r.office === '430204-justice');
  const counts = ['training_sessions', 'honoured_models', 'cases'].map((key) => own(whole, key).length);
  assert.ok(counts.every((n) => n > 0), `the justice bureau has records of each ledger: ${counts}`);
  await page.click('[data-nav="offices"]');
  await page.click('[data-row="430204-justice"] [data-action="delete"]');
  const question = await page.locator('.dialog').innerText();
  assert.ok(question.includes(`${counts[0]} 条学习教育活动、${counts[1]} 条英模典型、${counts[2]} 条问题线索`), question);
  assert.match(question, /删除单位“石峰区司法局”（430204-justice）？它的记录将一并从本机删除/);
  await page.click('[data-testid="confirm-no"]');
  await page.locator('[data-row="430204-justice"]').waitFor();
  // Yes removes the office and exactly those records, and it holds over a reload.
  await page.click('[data-row="430204-justice"] [data-action="delete"]');
  await page.click('[data-testid="confirm-yes"]');
  await page.locator('[data-row="430204-justice"]').waitFor({ state: 'detached' });
  await page.reload();
  await page.waitForSelector('[data-testid="app-ready"]', { state: 'attached' });
  await page.click('[data-nav="offices"]');
  await page.locator('[data-row="430204-court"]').waitFor();
  assert.equal(await page.locator('[data-row="430204-justice"]').count(), 0);
  const file = JSON.parse((await exportJson(page)).text);
  // Exactly the other records are left, unchanged; the other offices too.
  const expected = structuredClone(whole);
  expected.offices = whole.offices.filter((o) => o.code !== '430204-justice');
  for (const key of ['training_sessions', 'honoured_models', 'cases']) expected[key] = whole[key].filter((r) => r.office !== '430204-justice');
  assertSameRecords(file, expected, 'after removing the justice bureau');
  // The file left behind is accepted whole (every record's office is in it).
  await page.setInputFiles('[data-testid="import-file"]', { name: 'left.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(file)) });
  await page.locator('[data-testid="import-preview"]').waitFor();
  assert.equal(await page.locator('[data-testid="import-errors"]').count(), 0);
  assert.deepEqual(errors, []);
  await context.close();
});
