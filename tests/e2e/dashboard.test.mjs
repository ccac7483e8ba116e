import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serveDist, launch, openApp, loadSample } from './harness.mjs';

let server, browser;
before(async () => { server = await serveDist(); browser = await launch(); });
after(async () => { await browser?.close(); await server?.close(); });

const kpi = async (page, name) => page.locator(`[data-kpi="${name}"]`).getAttribute('data-value');
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
  assert.equal(await kpi(page, 'cases.resolution_rate'), (73 / 260).toFixed(4));
  // The public-security bureau alone: 71 of 248 items plus its lead and one self-report.
  await page.selectOption('[data-testid="office-filter"]', '430204-public_security');
  await page.waitForFunction(() => document.querySelector('[data-kpi="cases.resolved"]').dataset.value === '71');
  // The overdue count traces back to the list behind it.
  const overdue = await kpi(page, 'cases.overdue');
  assert.ok(Number(overdue) > 0);
  await page.click('[data-kpi="cases.overdue"]');
  await page.waitForFunction(() => location.hash.startsWith('#/cases'));
  await page.locator('[data-testid="list-count"]', { hasText: new RegExp(`^共 ${overdue} 条$`) }).waitFor();
  assert.ok(await page.locator('[data-testid="list-flag"]').isVisible());
  assert.deepEqual(errors, []);
  await context.close();
});

test('the filters live in the URL; charts are drawn, sharp, and shown as tables', async () => {
  const context = await browser.newContext({ locale: 'zh-CN', deviceScaleFactor: 2, viewport: { width: 1280, height: 900 } });
  const { page, errors } = await openApp(browser, server.url, { context });
  await withSample(page);
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
  const sessions = await kpi(page, 'training.sessions');
  await page.reload();
  await page.waitForSelector('[data-testid="app-ready"]', { state: 'attached' });
  assert.equal(await page.locator('[data-testid="office-filter"]').inputValue(), '430204-court');
  assert.equal(await page.locator('[data-testid="period-from"]').inputValue(), '2021-04-01');
  assert.equal(await kpi(page, 'training.sessions'), sessions);
  // Each chart downloads as a PNG image.
  const [png] = await Promise.all([
    page.waitForEvent('download'),
    page.locator('figure', { has: page.locator('canvas[data-chart="cases_trend"]') }).locator('[data-action="png"]').click(),
  ]);
  assert.match(png.suggestedFilename(), /^台账-430204-court-\d{8}-cases_trend\.png$/);
  const { readFile } = await import('node:fs/promises');
  const bytes = await readFile(await png.path());
  assert.deepEqual([...bytes.subarray(1, 4)].map((b) => String.fromCharCode(b)).join(''), 'PNG');
  // The accessible table of a chart holds its numbers.
  await page.locator('figure', { has: page.locator('canvas[data-chart="models"]') }).locator('[data-action="table"]').click();
  const table = page.locator('table[data-table="models"]');
  await table.waitFor();
  assert.match(await table.innerText(), /先进个人/);
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
