import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serveDist, launch, openApp, loadSample, exportJson } from './harness.mjs';

let server, browser;
before(async () => { server = await serveDist(); browser = await launch(); });
after(async () => { await browser?.close(); await server?.close(); });

/** Fills a form[data-form=NAME] field by field (selects by value) and submits it. */
async function fillAndSubmit(page, form, values) {
  const root = page.locator(`form[data-form="${form}"]`);
  for (const [name, value] of Object.entries(values)) {
    const control = root.locator(`[name="${name}"]`);
    if ((await control.evaluate((el) => el.tagName)) === 'SELECT') await control.selectOption(value);
    else await control.fill(value);
  }
  await root.locator('[type=submit]').click();
}

const errorFor = (page, field) => page.locator(`[data-error-for="${field}"]`);
const row = (page, text) => page.locator('tr[data-row]', { hasText: text });

async function addOffice(page, values) {
  await page.click('[data-testid="new-offices"]');
  await fillAndSubmit(page, 'offices', values);
  await page.locator(`[data-row="${values.code}"]`).waitFor();
}

test('offices, records of all three ledgers, validation, and reload', async () => {
  const { page, context, errors } = await openApp(browser, server.url);
  await page.click('[data-nav="offices"]');

  // A tree of three levels.
  await addOffice(page, { code: '210000-committee', name: '辽宁省委政法委', level: 'province', system: 'committee' });
  await addOffice(page, { code: '211200-committee', name: '铁岭市委政法委', level: 'city', system: 'committee', parent: '210000-committee' });
  await addOffice(page, { code: '211202-court', name: '银州区人民法院', level: 'county', system: 'court', parent: '211200-committee', headcount: '120' });
  // Codes are unique, and no office can sit under its own descendant.
  await page.click('[data-testid="new-offices"]');
  await fillAndSubmit(page, 'offices', { code: '211202-court', name: '重复', level: 'county', system: 'court' });
  assert.match(await errorFor(page, 'code').innerText(), /重复/);
  await page.locator('form[data-form="offices"] button[type=button]').click();
  await page.locator('[data-row="210000-committee"] [data-action="edit"]').click();
  await fillAndSubmit(page, 'offices', { parent: '211202-court' });
  assert.match(await errorFor(page, 'parent').innerText(), /下级/);
  await page.locator('form[data-form="offices"] button[type=button]').click();
  await page.selectOption('[data-testid="own-office-select"]', '211202-court');
  await page.waitForFunction(() => document.querySelector('[data-testid="own-office"]').textContent.includes('银州区人民法院'));

  // Training sessions: a wrong entry is refused with the message beside the field.
  await page.click('[data-nav="training_sessions"]');
  await page.click('[data-testid="new-training_sessions"]');
  const session = { title: '政治轮训班', office: '211202-court', kind: 'political_rotation', format: 'in_person',
    start_date: '2021-03-15', end_date: '2021-03-14', participants: '120', hours: '18' };
  await fillAndSubmit(page, 'training_sessions', session);
  assert.equal(await errorFor(page, 'end_date').innerText(), '结束日期早于开始日期');
  assert.equal(await row(page, '政治轮训班').count(), 0, 'nothing saved');
  await fillAndSubmit(page, 'training_sessions', { end_date: '2021-03-17' });
  await row(page, '政治轮训班').waitFor();
  await page.click('[data-testid="new-training_sessions"]');
  await fillAndSubmit(page, 'training_sessions', { ...session, title: '待删除的活动', end_date: '2021-03-15' });
  await row(page, '待删除的活动').waitFor();
  await row(page, '政治轮训班').locator('[data-action="edit"]').click();
  await fillAndSubmit(page, 'training_sessions', { title: '政治轮训班（第一期）', participants: '118' });
  await row(page, '政治轮训班（第一期）').waitFor();
  await row(page, '待删除的活动').locator('[data-action="delete"]').click();
  await page.click('[data-testid="confirm-yes"]');
  await row(page, '待删除的活动').waitFor({ state: 'detached' });

  // Honoured models.
  await page.click('[data-nav="honoured_models"]');
  await page.click('[data-testid="new-honoured_models"]');
  await fillAndSubmit(page, 'honoured_models', { name: '', office: '211202-court', kind: 'individual', title: '全国优秀法官', level: 'national', awarded_on: '2021-04-28' });
  assert.equal(await errorFor(page, 'name').innerText(), '必填');
  await fillAndSubmit(page, 'honoured_models', { name: '李明' });
  await row(page, '李明').waitFor();
  await page.click('[data-testid="new-honoured_models"]');
  await fillAndSubmit(page, 'honoured_models', { name: '待删除集体', office: '211202-court', kind: 'collective', title: '先进集体', level: 'city', awarded_on: '2021-04-28' });
  await row(page, '待删除集体').waitFor();
  await row(page, '李明').locator('[data-action="edit"]').click();
  await fillAndSubmit(page, 'honoured_models', { deeds: '审结案件三百余件' , title: '全国模范法官' });
  await row(page, '全国模范法官').waitFor();
  await row(page, '待删除集体').locator('[data-action="delete"]').click();
  await page.click('[data-testid="confirm-yes"]');
  await row(page, '待删除集体').waitFor({ state: 'detached' });

  // Cases: resolved without a resolved date (or outcome) is refused.
  await page.click('[data-nav="cases"]');
  await page.click('[data-testid="new-cases"]');
  const lead = { reference: '督交〔2021〕1号', office: '211202-court', source: 'supervision_group', category: 'interference',
    received_on: '2021-04-16', deadline: '2021-05-16', status: 'resolved' };
  await fillAndSubmit(page, 'cases', lead);
  assert.equal(await errorFor(page, 'resolved_on').innerText(), '已办结的线索须填写办结日期');
  assert.equal(await errorFor(page, 'outcome').innerText(), '已办结的线索须填写办理结果');
  await fillAndSubmit(page, 'cases', { resolved_on: '2021-04-10', outcome: 'rectified' });
  assert.equal(await errorFor(page, 'resolved_on').innerText(), '办结日期早于受理日期');
  await fillAndSubmit(page, 'cases', { resolved_on: '2021-04-30' });
  await row(page, '督交〔2021〕1号').waitFor();
  await page.click('[data-testid="new-cases"]');
  await fillAndSubmit(page, 'cases', { ...lead, reference: '待删除线索', status: 'verifying' });
  await row(page, '待删除线索').waitFor();
  await row(page, '督交〔2021〕1号').locator('[data-action="edit"]').click();
  await fillAndSubmit(page, 'cases', { notes: '已整改' , reference: '督交〔2021〕1号（改）' });
  await row(page, '督交〔2021〕1号（改）').waitFor();
  await row(page, '待删除线索').locator('[data-action="delete"]').click();
  await page.click('[data-testid="confirm-yes"]');
  await row(page, '待删除线索').waitFor({ state: 'detached' });

  // After a reload everything is still there, deletions included.
  await page.reload();
  await page.waitForSelector('[data-testid="app-ready"]', { state: 'attached' });
  assert.match(await page.locator('[data-testid="own-office"]').innerText(), /银州区人民法院/);
  await page.click('[data-nav="offices"]');
  await page.locator('[data-row="211202-court"]').waitFor();
  for (const code of ['210000-committee', '211200-committee', '211202-court']) {
    assert.equal(await page.locator(`[data-row="${code}"]`).count(), 1, code);
  }
  await page.click('[data-nav="training_sessions"]');
  await row(page, '政治轮训班（第一期）').waitFor();
  assert.equal(await row(page, '政治轮训班（第一期）').count(), 1);
  assert.match(await row(page, '政治轮训班（第一期）').innerText(), /118/);
  assert.equal(await row(page, '待删除的活动').count(), 0);
  await page.click('[data-nav="honoured_models"]');
  await row(page, '全国模范法官').waitFor();
  assert.equal(await row(page, '全国模范法官').count(), 1);
  assert.equal(await row(page, '待删除集体').count(), 0);
  await page.click('[data-nav="cases"]');
  await row(page, '督交〔2021〕1号（改）').waitFor();
  assert.equal(await row(page, '督交〔2021〕1号（改）').count(), 1);
  assert.equal(await row(page, '待删除线索').count(), 0);
  assert.deepEqual(errors, []);
  await context.close();
});

/** A browser context whose storage manager answers `persisted`/`persist` with `granted`. */
async function contextWherePersistence(granted) {
  const context = await browser.newContext({ locale: 'zh-CN', acceptDownloads: true, viewport: { width: 1280, height: 900 } });
  await context.addInitScript((answer) => {
    const storage = navigator.storage;
    storage.persisted = async () => answer;
    storage.persist = async () => answer;
  }, granted);
  return context;
}

test('storage health says whether the browser keeps the data for good', async () => {
  for (const [granted, text] of [[true, '已获浏览器批准：数据不会被自动清除'], [false, '未获批准：浏览器空间紧张时可能清除数据，请定期导出']]) {
    const { page, context } = await openApp(browser, server.url, { context: await contextWherePersistence(granted) });
    await page.click('[data-nav="offices"]');
    await page.locator('[data-testid="persisted"]', { hasText: text }).waitFor();
    assert.equal(await page.locator('[data-testid="persisted"]').innerText(), text);
    await context.close();
  }
});

test('persistence is asked for on the user\'s click, never on opening (Firefox would put the question first thing)', async () => {
  const context = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1280, height: 900 } });
  await context.addInitScript(() => {
    let kept = false;
    window.__persistAsked = 0;
    navigator.storage.persisted = async () => kept;
    navigator.storage.persist = async () => { window.__persistAsked += 1; kept = true; return true; };
  });
  const { page } = await openApp(browser, server.url, { context });
  await loadSample(page);
  await page.locator('[data-testid="persisted"]', { hasText: '未获批准' }).waitFor();
  assert.equal(await page.evaluate(() => window.__persistAsked), 0, 'not asked on opening or on loading data');
  await page.click('[data-testid="request-persistence"]');
  await page.locator('[data-testid="persisted"]', { hasText: '已获浏览器批准' }).waitFor();
  assert.equal(await page.evaluate(() => window.__persistAsked), 1);
  assert.equal(await page.locator('[data-testid="request-persistence"]').count(), 0, 'the button goes once granted');
  await context.close();
});

test('the sample data fills an empty app, and lists filter, search and page', async () => {
  const { page, context, errors } = await openApp(browser, server.url);
  await loadSample(page);
  assert.match(await page.locator('[data-testid="own-office"]').innerText(), /石峰区委政法委/);
  // Storage health: the space used and left.
  await page.locator('[data-testid="storage-usage"]', { hasText: /MB \/ .*MB/ }).waitFor();
  await page.click('[data-nav="training_sessions"]');
  // Waits for the list to show exactly this count (the list updates after the input event).
  const counted = (text) => page.locator('[data-testid="list-count"]', { hasText: new RegExp(`^${text}$`) }).waitFor();
  await counted('共 227 条');
  assert.equal(await page.locator('tbody tr[data-row]').count(), 50, 'one page of 50');
  const firstRow = await page.locator('tbody tr[data-row]').first().getAttribute('data-row');
  const next = page.locator('.pager button').last();
  assert.equal(await next.innerText(), '下一页');
  await next.click();
  await page.locator('.pager span', { hasText: /^2 \/ 5$/ }).waitFor();
  assert.notEqual(await page.locator('tbody tr[data-row]').first().getAttribute('data-row'), firstRow);
  for (let i = 0; i < 3; i += 1) await next.click();
  await page.locator('.pager span', { hasText: /^5 \/ 5$/ }).waitFor();
  assert.equal(await page.locator('tbody tr[data-row]').count(), 27, 'the last page holds the rest');
  assert.ok(await next.isDisabled());
  await page.selectOption('select[name="filter-category"]', 'party_lesson');
  await counted('共 24 条');
  await page.selectOption('select[name="filter-category"]', '');
  await page.fill('[data-testid="search"]', '廉政');
  await counted('共 29 条');
  await page.click('[data-nav="cases"]');
  await page.selectOption('select[name="filter-office"]', '430204-public_security');
  await page.selectOption('select[name="filter-category"]', 'resolved');
  await counted('共 71 条');
  assert.deepEqual(errors, []);
  await context.close();
});

test('a double click on Save saves once: a new record and a new office each land once, and the button waits while it saves', async () => {
  const { page, errors } = await openApp(browser, server.url);
  await loadSample(page);
  await page.click('[data-nav="training_sessions"]');
  await page.click('[data-testid="new-training_sessions"]');
  const form = page.locator('form[data-form="training_sessions"]');
  const values = { title: '双击保存的活动', office: '430204-court', kind: 'political_rotation', format: 'in_person',
    start_date: '2021-03-15', end_date: '2021-03-15', participants: '40', hours: '2' };
  for (const [name, value] of Object.entries(values)) {
    const control = form.locator(`[name="${name}"]`);
    if ((await control.evaluate((el) => el.tagName)) === 'SELECT') await control.selectOption(value);
    else await control.fill(value);
  }
  // Two presses before the first save is stored (as a double click on a slow PC).
  await form.evaluate((f) => { f.requestSubmit(); f.requestSubmit(); });
  await form.waitFor({ state: 'detached' });
  await page.fill('[data-testid="search"]', '双击保存的活动');
  await row(page, '双击保存的活动').waitFor();
  // The list as stored: exactly one, after a reload too.
  await page.reload();
  await page.waitForSelector('[data-testid="app-ready"]', { state: 'attached' });
  await page.click('[data-nav="training_sessions"]');
  await page.fill('[data-testid="search"]', '双击保存的活动');
  await row(page, '双击保存的活动').waitFor();
  assert.equal(await row(page, '双击保存的活动').count(), 1, 'one record, not two');

  await page.click('[data-nav="offices"]');
  await page.click('[data-testid="new-offices"]');
  const office = page.locator('form[data-form="offices"]');
  for (const [name, value] of Object.entries({ code: '430204-bureau', name: '石峰区某局', level: 'county', system: 'justice', parent: '430204-committee' })) {
    const control = office.locator(`[name="${name}"]`);
    if ((await control.evaluate((el) => el.tagName)) === 'SELECT') await control.selectOption(value);
    else await control.fill(value);
  }
  await office.evaluate((f) => { f.requestSubmit(); f.requestSubmit(); });
  await office.waitFor({ state: 'detached' });
  assert.equal(await page.locator('[data-row="430204-bureau"]').count(), 1, 'one office, and no refusal for a code used twice');
  assert.equal(await page.locator('[data-testid="notice"]').count(), 0, 'no notice');
  assert.deepEqual(errors, []);
});

test('a double click on the sample loads it once (no refusal that the app is not empty)', async () => {
  const { page, errors } = await openApp(browser, server.url);
  await page.click('[data-nav="offices"]');
  const button = page.locator('[data-testid="load-sample"]');
  await button.waitFor();
  // Two presses in one task, before the first load is stored.
  await button.evaluate((b) => { b.click(); b.click(); });
  await button.waitFor({ state: 'detached' });
  const file = JSON.parse((await exportJson(page)).text);
  // The sample's figures (domain.md): 227 training sessions, each once.
  assert.equal(file.training_sessions.length, 227);
  assert.equal(new Set(file.training_sessions.map((s) => s.id)).size, 227);
  assert.equal(await page.locator('[data-testid="notice"]').count(), 0, 'no notice');
  assert.deepEqual(errors, []);
});
