// The briefing (简报): the draft states the sources' figures for 石峰区, an
// edit is kept, and the Word document is read back by python-docx.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { serveDist, launch, openApp, loadSample, exportJson } from './harness.mjs';

const READ_DOCX = fileURLToPath(new URL('./fixtures/docx_read.py', import.meta.url));
let server, browser;
before(async () => { server = await serveDist(); browser = await launch(); });
after(async () => { await browser?.close(); await server?.close(); });

const draftText = (page) => page.locator('[data-testid="report-text"]').inputValue();

test('the briefing of 石峰区 states the sources\' figures; an edit is kept; the Word document holds the text, a table and the charts', async () => {
  const { page, errors } = await openApp(browser, server.url);
  await loadSample(page);
  await page.click('[data-nav="report"]');
  await page.locator('[data-testid="report-text"]').waitFor();
  const text = await draftText(page);
  // 石峰区's report: 227 sessions, 24 party lessons, 29 integrity sessions; 458 officers in the sample's offices.
  for (const figure of ['共227场次', '专题党课24次', '警示/廉政教育29次', '政法干警458名']) assert.ok(text.includes(figure), `${figure} in ${text}`);
  assert.doesNotMatch(text, /[^\d]0(场次|件|人次|名)/, 'no sentence says 0');

  // An edit is kept over a reload, for this office and period.
  await page.locator('[data-testid="report-text"]').fill(`${text}\n\n七、下一步工作\n持续推进学习教育。`);
  await page.reload();
  await page.waitForSelector('[data-testid="app-ready"]', { state: 'attached' });
  await page.locator('[data-testid="report-text"]').waitFor();
  assert.match(await draftText(page), /七、下一步工作/);

  const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid="export-docx"]')]);
  assert.match(download.suggestedFilename(), /^简报-430204-committee-\d{8}\.docx$/);
  const path = `${await download.path()}.docx`;
  await download.saveAs(path);
  const doc = JSON.parse(execFileSync('/usr/bin/python3', [READ_DOCX, path], { encoding: 'utf8' }));
  const all = doc.paragraphs.join('\n');
  assert.ok(all.includes('共227场次') && all.includes('七、下一步工作'), 'the text as edited');
  assert.equal(doc.title_font, '黑体');
  assert.ok(doc.tables.length >= 1);
  assert.deepEqual(doc.tables[0][1], ['学习教育', '227场次']);
  assert.equal(doc.pictures, 4, 'the four charts');

  // The cases, the ranking and the signature lines, against the figures counted
  // here from the app's own export (no code of the app's).
  const file = JSON.parse((await exportJson(page)).text);
  const cases = file.cases.filter((c) => !c.deleted);
  const rate = (resolved, received) => `${((resolved / received) * 100).toFixed(2)}%`;
  const resolvedCount = (list) => list.filter((c) => c.status === 'resolved').length;
  const resolutionRate = rate(resolvedCount(cases), cases.length);
  const casesSection = doc.paragraphs.findIndex((p) => /、问题线索核查办理$/.test(p));
  assert.ok(casesSection > 0, 'the cases have a section');
  assert.match(doc.paragraphs[casesSection + 1], new RegExp(`共受理问题线索${cases.length}件，已办结${resolvedCount(cases)}件，办结率${resolutionRate.replace('.', '\\.')}`));
  const ranking = doc.tables.find((table) => table.some((row) => row.length === 4));
  assert.ok(ranking, 'the ranking is a table of place, office, rate, resolved/received');
  const names = Object.fromEntries(file.offices.map((o) => [o.name, o.code]));
  let last = Infinity;
  ranking.forEach(([place, name, shown, detail], i) => {
    assert.equal(place, String(i + 1));
    // An office under it with everything under that, or the office itself (本级): its own cases.
    const own = cases.filter((c) => c.office === names[name.replace(/（本级）$/, '')]);
    assert.equal(detail, `${resolvedCount(own)}/${own.length}`, `${name}'s cases`);
    assert.equal(shown, rate(resolvedCount(own), own.length), `${name}'s rate`);
    assert.ok(resolvedCount(own) / own.length <= last, 'highest rate first');
    last = resolvedCount(own) / own.length;
  });
  const withCases = new Set(cases.map((c) => c.office));
  assert.equal(ranking.length, withCases.size, 'every office with cases, the committee itself (本级) among them');
  assert.match(doc.paragraphs.at(-1), /^制表人：_+\s+审核人：_+\s+日期：_+$/);
  await page.click('[data-nav="report"]');

  // In English, the draft is English.
  await page.click('[data-testid="lang-en"]');
  await page.waitForFunction(() => document.querySelector('[data-testid="report-text"]')?.value.includes('227 training sessions'));
  assert.deepEqual(errors, []);
});
