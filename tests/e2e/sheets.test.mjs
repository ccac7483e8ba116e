// Offices' own Excel 台账 in and out (docs/sheets.md). The workbooks imported
// are written by openpyxl (fixtures/workbooks.py), and the workbook the app
// exports is read back by openpyxl: neither shares code with the app.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { serveDist, launch, openApp, loadSample, exportJson } from './harness.mjs';

const PYTHON = '/usr/bin/python3';
const WORKBOOKS = fileURLToPath(new URL('./fixtures/workbooks.py', import.meta.url));
let server, browser, dir;
before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'taizhang-sheets-'));
  execFileSync(PYTHON, [WORKBOOKS, dir]);
  server = await serveDist();
  browser = await launch();
});
after(async () => { await browser?.close(); await server?.close(); });

const KPIS = ['training.sessions', 'training.participants', 'models.individuals', 'models.collectives',
  'cases.received', 'cases.resolved', 'cases.resolution_rate', 'cases.overdue'];

async function figures(page) {
  await page.goto(page.url().split('#')[0] + '#/dashboard');
  await page.waitForSelector('[data-testid="app-ready"]', { state: 'attached' });
  const out = {};
  for (const name of KPIS) out[name] = Number(await page.locator(`[data-kpi="${name}"]`).getAttribute('data-value'));
  return out;
}

async function chooseWorkbook(page, path) {
  await page.click('[data-nav="exchange"]');
  await page.setInputFiles('[data-testid="import-file"]', path);
  await page.locator('[data-testid="sheet-mapping"]').waitFor();
}

const sheet = (name) => `[data-testid="sheet-mapping"] [data-sheet="${name}"]`;
const count = (page, where, name) => page.locator(`[data-testid="${where}"] [data-count="${name}"]`).getAttribute('data-value').then(Number);

async function previewCounts(page) {
  await page.locator('[data-testid="import-preview"]').waitFor();
  const out = {};
  for (const name of ['new', 'updated', 'unchanged', 'conflict']) out[name] = await count(page, 'import-preview', name);
  return out;
}

// What the workbook's rows must be once stored, by hand from the contract
// (docs/sheets.md's synonyms): 廉政党课 as the user mapped it, 警示教育,
// 网络直播, 线上+线下, 集中学习, 区级, 正在核查, 已整改, 1.5 hours, dates typed every way.
const STORED = {
  training_sessions: {
    '四月政治轮训': { office: '430204-committee', kind: 'political_rotation', format: 'in_person', start_date: '2021-04-06', end_date: '2021-04-08', participants: 86, hours: 24 },
    '廉政党课（四月）': { office: '430204-court', kind: 'warning_education', format: 'in_person', start_date: '2021-04-09', end_date: '2021-04-09', participants: 1020, hours: 2, notes: '院长主讲' },
    '英模事迹报告会': { office: '430204-procuratorate', kind: 'model_education', format: 'livestream', start_date: '2021-04-12', end_date: '2021-04-12', participants: 64, hours: 1.5 },
    '警示教育大会': { office: '430204-committee', kind: 'warning_education', format: 'mixed', start_date: '2021-04-15', end_date: '2021-04-15', participants: 120, hours: 3 },
    '街道干部专题党课': { office: '430204-qingshuitang', kind: 'party_lesson', format: 'in_person', start_date: '2021-04-16', end_date: '2021-04-16', participants: 35, hours: 2 },
  },
  cases: {
    '石峰自〔2021〕101号': { office: '430204-court', source: 'self_report', category: 'business', received_on: '2021-04-02', deadline: '2021-05-02', status: 'resolved', resolved_on: '2021-04-20', outcome: 'rectified' },
    '石峰督〔2021〕102号': { office: '430204-procuratorate', source: 'supervision_group', category: 'improper_contact', received_on: '2021-04-05', deadline: '2021-05-05', status: 'verifying', resolved_on: null, outcome: null },
  },
  honoured_models: {
    '王某某': { office: '430204-court', kind: 'individual', title: '政法英模', level: 'county', awarded_on: '2021-04-18', deeds: '扎根基层审判一线二十年' },
  },
  offices: {
    '430204-qingshuitang': { name: '清水塘街道政法委', level: 'county', system: 'committee', parent: '430204-committee', headcount: 12 },
  },
};
const KEY = { training_sessions: 'title', cases: 'reference', honoured_models: 'name', offices: 'code' };

/** Every field of STORED as the app holds it after the import (read from its own export). */
async function assertStoredAsTyped(page) {
  const file = JSON.parse((await exportJson(page)).text);
  for (const [ledger, rows] of Object.entries(STORED)) {
    for (const [key, expected] of Object.entries(rows)) {
      const record = file[ledger].find((r) => r[KEY[ledger]] === key);
      assert.ok(record, `${ledger} ${key} is stored`);
      for (const [field, value] of Object.entries(expected)) {
        assert.deepEqual(record[field] ?? null, value, `${ledger} ${key} ${field}`);
      }
    }
  }
}

test('an office\'s own workbook imports through the mapping step; the same workbook again changes nothing', async () => {
  const { page, errors } = await openApp(browser, server.url);
  await loadSample(page);
  const before = await figures(page);
  await chooseWorkbook(page, join(dir, '台账-石峰区.xlsx'));
  // What each sheet is, guessed from its headers under the title rows.
  const ledgers = {};
  for (const name of ['学习教育活动台账', '问题线索台账', '英模台账', '单位', '说明']) {
    ledgers[name] = await page.locator(`${sheet(name)} select[data-role="ledger"]`).inputValue();
  }
  assert.deepEqual(ledgers, { 学习教育活动台账: 'training_sessions', 问题线索台账: 'cases', 英模台账: 'honoured_models', 单位: 'offices', 说明: '' });
  const columns = {};
  for (const letter of ['A', 'B', 'C', 'D', 'E', 'F', 'G', 'H', 'I', 'J']) {
    columns[letter] = await page.locator(`${sheet('学习教育活动台账')} select[data-column="${letter}"]`).inputValue();
  }
  assert.deepEqual(columns, { A: '', B: 'office', C: 'title', D: 'kind', E: 'format', F: 'start_date', G: 'end_date', H: 'participants', I: 'hours', J: 'notes' });
  // 廉政党课 is no choice of the contract: mapped once, for every cell with it.
  const unmatched = page.locator('[data-testid="value-mapping"] select[data-field="kind"][data-raw="廉政党课"]');
  await unmatched.selectOption('warning_education');
  await page.click('[data-testid="sheet-continue"]');
  // Five sessions, two cases, one model, and the new office the ledger names.
  assert.deepEqual(await previewCounts(page), { new: 9, updated: 0, unchanged: 0, conflict: 0 });
  await page.click('[data-testid="import-confirm"]');
  await page.locator('[data-testid="import-summary"]').waitFor();
  const after = await figures(page);
  assert.equal(after['training.sessions'], before['training.sessions'] + 5);
  assert.equal(after['training.participants'], before['training.participants'] + 86 + 1020 + 64 + 120 + 35);
  assert.equal(after['cases.received'], before['cases.received'] + 2);
  assert.equal(after['cases.resolved'], before['cases.resolved'] + 1);
  assert.equal(after['models.individuals'], before['models.individuals'] + 1);
  await assertStoredAsTyped(page);

  // The same workbook again: the mapping and the value mapping are remembered; nothing changes.
  await chooseWorkbook(page, join(dir, '台账-石峰区.xlsx'));
  assert.equal(await unmatched.inputValue(), 'warning_education');
  await page.click('[data-testid="sheet-continue"]');
  assert.deepEqual(await previewCounts(page), { new: 0, updated: 0, unchanged: 9, conflict: 0 });
  await page.click('[data-testid="import-confirm"]');
  await page.locator('[data-testid="import-summary"]').waitFor();
  await assertStoredAsTyped(page);
  assert.deepEqual(errors, []);
});

test('a workbook with errors is refused with every cell named, and nothing is written', async () => {
  const { page, errors } = await openApp(browser, server.url);
  await loadSample(page);
  const before = (await exportJson(page)).text;
  await chooseWorkbook(page, join(dir, '台账-有错误.xlsx'));
  await page.click('[data-testid="sheet-continue"]');
  await page.locator('[data-testid="import-errors"]').waitFor();
  const cells = await page.locator('[data-testid="import-errors"] [data-cell]').evaluateAll((items) => items.map((li) => li.dataset.cell));
  // F4 not a date, B5 no such office, D5 a kind left unmapped, G6 ends before it starts.
  assert.deepEqual(cells, ['学习教育活动台账!F4', '学习教育活动台账!B5', '学习教育活动台账!D5', '学习教育活动台账!G6']);
  const text = await page.locator('[data-testid="import-errors"]').innerText();
  assert.match(text, /“下周一”不是日期/);
  assert.match(text, /单位“不存在的单位”不存在/);
  // Back to the mapping, as it was.
  await page.click('[data-testid="sheet-back"]');
  await page.locator('[data-testid="sheet-mapping"]').waitFor();
  const after = JSON.parse((await exportJson(page)).text);
  const was = JSON.parse(before);
  for (const key of ['offices', 'training_sessions', 'honoured_models', 'cases']) assert.deepEqual(after[key], was[key], key);
  assert.deepEqual(errors, []);
});

test('the exported workbook is the 台账 a superior expects, and an empty app reads it back to the same figures', async () => {
  const a = await openApp(browser, server.url);
  await loadSample(a.page);
  const sample = JSON.parse((await exportJson(a.page)).text);
  const live = (key) => sample[key].filter((r) => !r.deleted).length;
  const [download] = await Promise.all([a.page.waitForEvent('download'), a.page.click('[data-testid="export-xlsx"]')]);
  assert.match(download.suggestedFilename(), /^台账-430204-committee-\d{8}\.xlsx$/);
  const path = join(dir, download.suggestedFilename());
  await download.saveAs(path);
  const book = JSON.parse(execFileSync(PYTHON, [WORKBOOKS, '--read', path], { encoding: 'utf8' }));
  assert.deepEqual(book.sheets, ['学习教育活动台账', '英模台账', '问题线索台账', '单位']);
  const cases = book['问题线索台账'];
  assert.deepEqual(cases.header, ['线索编号', '单位', '线索来源', '问题类别', '受理日期', '办结时限', '办理状态', '办结日期', '处理结果', '备注', '记录ID']);
  assert.equal(cases.rows, live('cases'));
  assert.equal(book['学习教育活动台账'].rows, live('training_sessions'));
  assert.equal(book['英模台账'].rows, live('honoured_models'));
  assert.equal(cases.freeze, 'A4');
  assert.equal(cases.filter, `A3:K${3 + cases.rows}`);
  assert.deepEqual(cases.merged, ['A1:K1']);
  assert.match(cases.title, /石峰区委政法委/);
  assert.match(cases.total, /^合计/);
  assert.deepEqual(cases.dates, ['办结日期', '办结时限', '受理日期']);
  assert.deepEqual(book['学习教育活动台账'].numbers, ['参加人次', '学时']);
  assert.equal(cases.first[1], '石峰区人民法院', 'offices by name');
  assert.equal(cases.first[6], '已办结', 'choices by label');
  const before = await figures(a.page);

  const b = await openApp(browser, server.url);
  await chooseWorkbook(b.page, path);
  await b.page.click('[data-testid="sheet-continue"]');
  const counts = await previewCounts(b.page);
  assert.equal(counts.new, live('training_sessions') + live('honoured_models') + live('cases') + sample.offices.length);
  await b.page.click('[data-testid="import-confirm"]');
  await b.page.locator('[data-testid="import-summary"]').waitFor();
  assert.deepEqual(await figures(b.page), before);
  // Field by field: every live record as the first copy has it (its revision
  // and time aside), hours, titles, names, choices, deeds and notes with
  // their quotes, line breaks and formula-like text included.
  const copy = JSON.parse((await exportJson(b.page, { office: '430204-committee' })).text);
  const plain = (records) => records.filter((r) => !r.deleted).map(({ revision, updated_at, ...rest }) => rest).sort((x, y) => x.id.localeCompare(y.id));
  for (const key of ['training_sessions', 'honoured_models', 'cases']) {
    assert.deepEqual(plain(copy[key]), plain(sample[key]), `${key} read back from the workbook`);
  }
  const byCode = (offices) => [...offices].sort((x, y) => x.code.localeCompare(y.code));
  assert.deepEqual(byCode(copy.offices), byCode(sample.offices), 'offices read back from the workbook');
  const noted = sample.honoured_models.filter((m) => m.deeds.includes('\n')).length + sample.training_sessions.filter((t) => t.notes.startsWith('=')).length;
  assert.ok(noted >= 2, 'the sample has multi-line deeds and formula-like notes to lose');
  assert.deepEqual(a.errors, []);
  assert.deepEqual(b.errors, []);
});

test('a workbook whose name says nothing (no extension) is still known by its bytes', async () => {
  const { page, errors } = await openApp(browser, server.url);
  await loadSample(page);
  await page.click('[data-nav="exchange"]');
  const buffer = await (await import('node:fs/promises')).readFile(join(dir, '台账-石峰区.xlsx'));
  await page.setInputFiles('[data-testid="import-file"]', { name: '石峰区台账', mimeType: 'application/octet-stream', buffer });
  await page.locator('[data-testid="sheet-mapping"] [data-sheet="学习教育活动台账"]').waitFor();
  assert.deepEqual(errors, []);
});
