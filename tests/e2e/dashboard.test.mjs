import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serveDist, launch, openApp, loadSample, exportJson } from './harness.mjs';
import { kpis, live, shown, countBy, today } from './oracle.mjs';

let server, browser;
before(async () => { server = await serveDist(); browser = await launch(); });
after(async () => { await browser?.close(); await server?.close(); });

const kpi = async (page, name) => page.locator(`[data-kpi="${name}"]`).getAttribute('data-value');
/** What the tile says to a reader, beside its machine value. */
const tileText = async (page, name) => page.locator(`[data-kpi="${name}"] .kpi-value`).innerText();
const CHARTS = ['training', 'coverage', 'models', 'cases_trend', 'resolution_by_office', 'cases_by_category', 'open_age'];

/** Share of a canvas's pixels that are not white: 0 for a blank canvas. */
const inked = (page, name) => page.locator(`canvas[data-chart="${name}"]`).evaluate((canvas) => {
  const { data } = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height);
  let ink = 0;
  for (let i = 0; i < data.length; i += 4) if (data[i] < 240 || data[i + 1] < 240 || data[i + 2] < 240) ink += 1;
  return ink / (data.length / 4);
});

async function withSample(page) {
  await loadSample(page);
  await page.click('[data-nav="dashboard"]');
}

test('with the sample, the tiles show what the sources report for 石峰区', async () => {
  const { page, context, errors } = await openApp(browser, server.url);
  await withSample(page);
  await page.selectOption('[data-testid="office-filter"]', '430204-committee');
  await page.waitForFunction(() => location.hash.includes('office=430204-committee'));
  // seed 003: 227 concentrated study sessions; models 4 + 22 individuals, 2 + 4 collectives; 458 officers.
  assert.equal(await kpi(page, 'training.sessions'), '227');
  assert.equal(await kpi(page, 'models.individuals'), '26');
  assert.equal(await kpi(page, 'models.collectives'), '6');
  assert.equal(await kpi(page, 'offices.headcount'), '458');
  // 4 supervision-group leads (2 closed) + 248 chronic-problem items (71 rectified) + 8 self-reports.
  assert.equal(await kpi(page, 'cases.received'), '260');
  assert.equal(await kpi(page, 'cases.resolved'), '73');
  assert.equal(await kpi(page, 'cases.resolution_rate'), '0.2808');
  // What a reader sees beside each machine value.
  assert.equal(await tileText(page, 'training.sessions'), '227');
  assert.equal(await tileText(page, 'cases.resolution_rate'), '28.08%');
  assert.equal(await tileText(page, 'offices.headcount'), '458');
  const file = JSON.parse((await exportJson(page)).text);
  await page.goto(server.url + '#/dashboard?office=430204-committee');
  await page.waitForSelector('[data-testid="app-ready"]', { state: 'attached' });
  const expected = kpis(file, '430204-committee');
  assert.ok(Number(expected['training.participants']) >= 1000, 'a figure with a thousands separator');
  for (const [name, value] of Object.entries(expected)) {
    assert.equal(await kpi(page, name), value, name);
    assert.equal(await tileText(page, name), shown(name, value), `${name} as read`);
  }
  assert.equal(await tileText(page, 'training.participants'), Number(expected['training.participants']).toLocaleString('en-US'));
  assert.match(await tileText(page, 'training.participants'), /^\d{1,3}(,\d{3})+$/);
  // Overdue as of today for the whole district: 177 items and both open leads.
  assert.equal(expected['cases.overdue'], '179');
  // The public-security bureau alone: 71 of 248 items plus its lead and one self-report.
  await page.selectOption('[data-testid="office-filter"]', '430204-public_security');
  await page.waitForFunction(() => document.querySelector('[data-kpi="cases.resolved"]').dataset.value === '71');
  // Overdue (deadlines all in 2021): 248 − 71 = 177 open chronic-problem items and 1 open supervision lead.
  assert.equal(await kpi(page, 'cases.overdue'), '178');
  await page.click('[data-kpi="cases.overdue"]');
  await page.waitForFunction(() => location.hash.startsWith('#/cases'));
  await page.locator('[data-testid="list-count"]', { hasText: /^共 178 条$/ }).waitFor();
  assert.ok(await page.locator('[data-testid="list-flag"]').isVisible());
  assert.deepEqual(errors, []);
  await context.close();
});

test('the filters live in the URL; charts are drawn, sharp, and shown as tables', async () => {
  const context = await browser.newContext({ locale: 'zh-CN', deviceScaleFactor: 2, viewport: { width: 1280, height: 900 } });
  const { page, errors } = await openApp(browser, server.url, { context });
  await loadSample(page);
  const file = JSON.parse((await exportJson(page)).text);
  await page.click('[data-nav="dashboard"]');
  // The export is built in a worker and then noted in the settings: the screen settles after it.
  await page.locator(`canvas[data-chart="${CHARTS[0]}"]`).waitFor();
  for (const name of CHARTS) {
    const canvas = page.locator(`canvas[data-chart="${name}"]`);
    assert.equal(await canvas.count(), 1, name);
    const { width, cssWidth } = await canvas.evaluate((c) => ({ width: c.width, cssWidth: c.getBoundingClientRect().width }));
    assert.ok(Math.abs(width - cssWidth * 2) <= 2, `${name}: ${width} device px for ${cssWidth} css px`);
    assert.ok((await inked(page, name)) > 0.02, `${name} has marks on it`);
  }
  await page.fill('[data-testid="period-from"]', '2021-04-01');
  await page.fill('[data-testid="period-to"]', '2021-04-30');
  await page.locator('[data-testid="period-to"]').dispatchEvent('change');
  await page.locator('[data-testid="period-from"]').dispatchEvent('change');
  await page.selectOption('[data-testid="office-filter"]', '430204-court');
  await page.waitForFunction(() => location.hash.includes('from=2021-04-01') && location.hash.includes('office=430204-court'));
  const courtApril = String(live(file, 'training_sessions', '430204-court', { from: '2021-04-01', to: '2021-04-30', day: 'start_date' }).length);
  assert.notEqual(courtApril, String(live(file, 'training_sessions', '430204-court').length), 'the period matters');
  assert.notEqual(courtApril, '227', 'the office matters');
  await page.waitForFunction((n) => document.querySelector('[data-kpi="training.sessions"]').dataset.value === n, courtApril);
  await page.reload();
  await page.waitForSelector('[data-testid="app-ready"]', { state: 'attached' });
  assert.equal(await page.locator('[data-testid="office-filter"]').inputValue(), '430204-court');
  assert.equal(await page.locator('[data-testid="period-from"]').inputValue(), '2021-04-01');
  assert.equal(await kpi(page, 'training.sessions'), courtApril);
  // Each chart downloads as a PNG image.
  const [png] = await Promise.all([
    page.waitForEvent('download'),
    page.locator('figure', { has: page.locator('canvas[data-chart="cases_trend"]') }).locator('[data-action="png"]').click(),
  ]);
  assert.match(png.suggestedFilename(), /^台账-430204-court-\d{8}-cases_trend\.png$/);
  const { readFile } = await import('node:fs/promises');
  const bytes = await readFile(await png.path());
  assert.deepEqual([...bytes.subarray(1, 4)].map((b) => String.fromCharCode(b)).join(''), 'PNG');
  // Each chart's table holds its numbers: checked against the file for the district.
  await page.goto(server.url + '#/dashboard?office=430204-committee');
  await page.waitForSelector('[data-testid="app-ready"]', { state: 'attached' });
  await checkChartTables(page, file, '430204-committee');
  await page.goto(server.url + '#/dashboard?office=430204-court&from=2021-04-01');
  await page.waitForSelector('[data-testid="app-ready"]', { state: 'attached' });
  // The campaign's phases (set for 株洲市, followed by the district) are periods one click away.
  await page.selectOption('[data-testid="office-filter"]', '');
  await page.click('[data-preset="rectify"]');
  await page.waitForFunction(() => location.hash.includes('from=2021-04-14') && location.hash.includes('to=2021-06-15'));
  // A period with nothing in it shows empty states, not empty axes.
  await page.goto(server.url + '#/dashboard?from=2030-01-01&to=2030-12-31');
  await page.waitForSelector('[data-testid="app-ready"]', { state: 'attached' });
  assert.equal(await kpi(page, 'training.sessions'), '0');
  assert.equal(await kpi(page, 'cases.resolution_rate'), '');
  assert.deepEqual(errors, []);
  await context.close();
});

/** A chart's table as { header, rows }: each cell its text and its `data-value`. */
async function chartTable(page, name) {
  const figure = page.locator('figure', { has: page.locator(`canvas[data-chart="${name}"]`) });
  const table = page.locator(`table[data-table="${name}"]`);
  if (!(await table.count())) await figure.locator('[data-action="table"]').click();
  await table.waitFor();
  return table.evaluate((t) => ({
    header: [...t.querySelectorAll('thead th')].map((th) => th.textContent),
    rows: [...t.querySelectorAll('tbody tr')].map((tr) => [...tr.querySelectorAll('td')].map((td) => ({ text: td.textContent, value: td.dataset.value }))),
  }));
}

/** The column named `label`, each number read as its machine value, each checked against its text. */
function column({ header, rows }, label, percent = false) {
  const i = header.indexOf(label);
  assert.ok(i > 0, `a column ${label} in ${header}`);
  return rows.map((row) => {
    const { text, value } = row[i];
    assert.equal(text, percent ? `${(Number(value) * 100).toFixed(2)}%` : String(Number(value)), `${label}: ${text} reads as ${value}`);
    return Number(value);
  });
}
const sum = (values) => values.reduce((a, b) => a + b, 0);

const KIND = { political_rotation: '政治轮训', party_lesson: '专题党课', warning_education: '警示/廉政教育', model_education: '英模教育', party_history: '党史学习教育', red_education: '红色教育', professional: '业务培训', competition: '知识竞赛/演讲比赛', other: '其他' };
const LEVEL = { national: '国家级', provincial: '省级', city: '市级', county: '县级' };

async function checkChartTables(page, file, office) {
  const sessions = live(file, 'training_sessions', office);
  const models = live(file, 'honoured_models', office);
  const cases = live(file, 'cases', office);
  const open = cases.filter((c) => c.status !== 'resolved');
  const participants = sum(sessions.map((s) => s.participants));

  const training = await chartTable(page, 'training');
  for (const [kind, n] of Object.entries(countBy(sessions, 'kind'))) assert.equal(sum(column(training, KIND[kind])), n, kind);
  assert.equal(sum(column(training, '参加人次')), participants);

  const coverage = column(await chartTable(page, 'coverage'), '累计参学人次');
  assert.equal(coverage.at(-1), participants, 'cumulative participants end at the total');

  const byLevel = await chartTable(page, 'models');
  for (const [kind, label] of [['individual', '先进个人'], ['collective', '先进集体']]) {
    const values = column(byLevel, label);
    byLevel.rows.forEach((row, r) => {
      const level = Object.keys(LEVEL).find((k) => LEVEL[k] === row[0].text);
      assert.equal(values[r], models.filter((m) => m.kind === kind && m.level === level).length, `${label} ${row[0].text}`);
    });
  }

  const trend = await chartTable(page, 'cases_trend');
  assert.equal(column(trend, '累计受理').at(-1), cases.length);
  assert.equal(column(trend, '累计办结').at(-1), cases.length - open.length);
  assert.equal(column(trend, '未办结').at(-1), open.length);

  const byOffice = await chartTable(page, 'resolution_by_office');
  const rates = column(byOffice, '办结率', true);
  const labels = byOffice.rows.map((row) => row.at(-1).text).sort();
  const perOffice = file.offices.map((o) => cases.filter((c) => c.office === o.code))
    .filter((own) => own.length).map((own) => `${own.filter((c) => c.status === 'resolved').length}/${own.length}`).sort();
  assert.deepEqual(labels, perOffice, 'resolved/received of each office');
  byOffice.rows.forEach((row, r) => {
    const [done, all] = row.at(-1).text.split('/').map(Number);
    assert.ok(Math.abs(rates[r] - done / all) < 1e-9, `rate of ${row[0].text}`);
  });

  const byCategory = await chartTable(page, 'cases_by_category');
  for (const [status, label] of [['received', '已受理'], ['verifying', '核查中'], ['resolved', '已办结']]) {
    assert.equal(sum(column(byCategory, label)), cases.filter((c) => c.status === status).length, label);
  }

  const age = await chartTable(page, 'open_age');
  const overdue = open.filter((c) => c.deadline && today() > c.deadline).length;
  assert.equal(sum(column(age, '已超期')), overdue);
  assert.equal(sum(column(age, '未超期')), open.length - overdue);
}
