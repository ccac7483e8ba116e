import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { parse } from 'csv-parse/sync';
import { serveDist, launch, openApp, loadSample, exportJson, saveCaseNotes } from './harness.mjs';
import { kpis, assertSameRecords } from './oracle.mjs';

let server, browser;
before(async () => { server = await serveDist(); browser = await launch(); });
after(async () => { await browser?.close(); await server?.close(); });

const KPIS = ['training.sessions', 'training.participants', 'models.individuals', 'models.collectives',
  'cases.received', 'cases.resolved', 'cases.resolution_rate', 'cases.overdue'];

async function figures(page, office = '') {
  await page.goto(page.url().split('#')[0] + `#/dashboard${office ? `?office=${office}` : ''}`);
  await page.waitForSelector('[data-testid="app-ready"]', { state: 'attached' });
  const out = {};
  for (const name of KPIS) out[name] = await page.locator(`[data-kpi="${name}"]`).getAttribute('data-value');
  return out;
}

async function choose(page, name, text) {
  await page.click('[data-nav="exchange"]');
  await page.setInputFiles('[data-testid="import-file"]', { name, mimeType: 'application/json', buffer: Buffer.from(text) });
}

const count = (page, where, name) => page.locator(`[data-testid="${where}"] [data-count="${name}"]`).getAttribute('data-value');

async function previewCounts(page) {
  await page.locator('[data-testid="import-preview"]').waitFor();
  const out = {};
  for (const name of ['new', 'updated', 'unchanged', 'stale', 'conflict', 'deleted']) out[name] = Number(await count(page, 'import-preview', name));
  return out;
}

async function confirmImport(page) {
  await page.click('[data-testid="import-confirm"]');
  await page.locator('[data-testid="import-summary"]').waitFor();
}

/** Reloads the page (what is shown must have been stored) and exports everything. */
async function storedFile(page) {
  await page.reload();
  await page.waitForSelector('[data-testid="app-ready"]', { state: 'attached' });
  return JSON.parse((await exportJson(page)).text);
}

test('export from one profile, import into a fresh one: same records and figures; re-import changes nothing; undo', async () => {
  const a = await openApp(browser, server.url);
  await loadSample(a.page);
  const original = await exportJson(a.page);
  assert.match(original.name, /^台账-430204-committee-\d{8}\.json$/);
  // Every field filled (the sample leaves notes empty), so that a field lost on the way shows.
  const file = JSON.parse(original.text);
  file.training_sessions.forEach((s, i) => Object.assign(s, { notes: `第${i}场的备注 🎓`, hours: 1.25 + (i % 7) }));
  file.honoured_models.forEach((m, i) => Object.assign(m, { notes: `备注${i}`, deeds: `事迹“${i}”\n第二段` }));
  file.cases.forEach((c, i) => Object.assign(c, { notes: `线索备注 ${i}` }));
  const exported = { name: original.name, text: JSON.stringify(file) };
  assert.equal(file.format, 'taizhang-exchange');
  assert.equal(file.cases.length, 260);
  // Expected figures: from the file by the oracle, and by hand from the source (seed 003).
  const expected = kpis(file, '430204-committee');
  assert.deepEqual(
    [expected['training.sessions'], expected['models.individuals'], expected['models.collectives'], expected['cases.received'], expected['cases.resolved']],
    ['227', '26', '6', '260', '73'],
  );
  assert.deepEqual(await figures(a.page, '430204-committee'), expected, 'the exporting copy shows the same');

  const b = await openApp(browser, server.url);
  await choose(b.page, exported.name, exported.text);
  const first = await previewCounts(b.page);
  assert.deepEqual(first, { new: 7 + 227 + 32 + 260, updated: 0, unchanged: 0, stale: 0, conflict: 0, deleted: 0 });
  await confirmImport(b.page);
  assert.equal(await count(b.page, 'import-summary', 'new'), String(7 + 227 + 32 + 260));
  assert.deepEqual(await figures(b.page, '430204-committee'), expected);
  assertSameRecords(await storedFile(b.page), file, 'after the import and a reload');

  // The same file again: nothing new, nothing changed.
  await choose(b.page, exported.name, exported.text);
  assert.deepEqual(await previewCounts(b.page), { new: 0, updated: 0, unchanged: 7 + 227 + 32 + 260, stale: 0, conflict: 0, deleted: 0 });
  await confirmImport(b.page);
  assert.deepEqual(await figures(b.page, '430204-committee'), expected);
  assertSameRecords(await storedFile(b.page), file, 'after the re-import and a reload');

  // A newer file (one open lead resolved, one case deleted) updates; undo brings everything back.
  const changed = JSON.parse(exported.text);
  const open = changed.cases.find((c) => c.status !== 'resolved' && c.source === 'supervision_group');
  Object.assign(open, { status: 'resolved', resolved_on: '2021-05-20', outcome: 'rectified', revision: 2, updated_at: '2021-05-20T08:00:00Z' });
  Object.assign(changed.cases[0], { deleted: true, revision: 2, updated_at: '2021-05-21T08:00:00Z' });
  await choose(b.page, 'newer.json', JSON.stringify(changed));
  const plan = await previewCounts(b.page);
  assert.equal(plan.updated, 1);
  assert.equal(plan.deleted, 1);
  await confirmImport(b.page);
  const after = await figures(b.page, '430204-committee');
  assert.deepEqual(after, kpis(changed, '430204-committee'));
  assert.equal(after['cases.resolved'], String(73 + 1 - (file.cases[0].status === 'resolved' ? 1 : 0)));
  assert.equal(after['cases.received'], '259');
  assertSameRecords(await storedFile(b.page), changed, 'after the newer file and a reload');
  await b.page.click('[data-nav="exchange"]');
  await b.page.click('[data-testid="import-undo"]');
  // The question names the import and what it changed.
  assert.match(await b.page.locator('.dialog').innerText(), /撤销上次导入（newer\.json · [^）]+）？它新增的 0 条、更新的 1 条记录（含单位）将撤回，它删除的 1 条将恢复/);
  await b.page.click('[data-testid="confirm-yes"]');
  await b.page.locator('[data-testid="import-undo"]').waitFor({ state: 'detached' });
  assert.deepEqual(await figures(b.page, '430204-committee'), expected);
  // And it holds across a reload, record by record.
  assertSameRecords(await storedFile(b.page), file, 'after undo and a reload');
  assert.deepEqual(await figures(b.page, '430204-committee'), expected);
  assert.deepEqual(a.errors, []);
  assert.deepEqual(b.errors, []);
  await a.context.close();
  await b.context.close();
});

test('a file with four kinds of errors is refused with every pointer, and nothing changes', async () => {
  const { page, context, errors } = await openApp(browser, server.url);
  await loadSample(page);
  const original = (await exportJson(page)).text;
  const good = JSON.parse(original);
  const before = await figures(page);
  good.cases[17].resolved_on = '2021-01-01'; // cross-field: before received_on
  good.cases[3].status = 'closed'; // enum
  good.training_sessions[5].participants = 'many'; // type
  good.honoured_models[2].colour = 'red'; // unknown key
  await choose(page, 'broken.json', JSON.stringify(good));
  const list = page.locator('[data-testid="import-errors"]');
  await list.waitFor();
  const pointers = await list.locator('[data-pointer]').evaluateAll((els) => els.map((e) => e.dataset.pointer).sort());
  assert.deepEqual(pointers, ['/cases/17/resolved_on', '/cases/3/status', '/honoured_models/2/colour', '/training_sessions/5/participants']);
  assert.match(await list.innerText(), /办结日期早于受理日期/);
  assert.equal(await page.locator('[data-testid="import-preview"]').count(), 0);
  assert.deepEqual(await figures(page), before);
  assertSameRecords(await storedFile(page), JSON.parse(original), 'after a refused file');
  // Malformed JSON says where.
  await choose(page, 'cut.json', '{\n  "format": "taizhang-exchange",\n  "version": 1,\n  "cases": [');
  await page.waitForFunction(() => document.querySelector('[data-testid="import-errors"]')?.innerText.includes('意外结束'));
  assert.deepEqual(errors, []);
  await context.close();
});

test('a conflict is shown side by side and resolved both ways', async () => {
  const { page, context } = await openApp(browser, server.url);
  await loadSample(page);
  const file = JSON.parse((await exportJson(page)).text);
  const target = file.cases[0];
  // Here: edit the case (revision 2). There: another edit of revision 1, also revision 2.
  await page.click('[data-nav="cases"]');
  await page.locator(`[data-row="${target.id}"] [data-action="edit"]`).click();
  await page.fill('form[data-form="cases"] [name="notes"]', '本地的说明');
  await page.click('form[data-form="cases"] [type=submit]');
  await page.waitForFunction(() => !document.querySelector('form[data-form="cases"]'));
  Object.assign(target, { notes: '上级的说明', revision: 2, updated_at: '2021-05-01T00:00:00Z' });
  const text = JSON.stringify(file);

  await choose(page, 'theirs.json', text);
  assert.equal((await previewCounts(page)).conflict, 1);
  const conflict = page.locator(`[data-conflict="cases/0"]`);
  assert.match(await conflict.innerText(), /本地的说明[\s\S]*上级的说明/);
  const marked = await conflict.locator('tr[data-differs="true"]').evaluateAll((rows) => rows.map((r) => r.dataset.field));
  assert.deepEqual(marked.sort(), ['notes', 'updated_at']);
  assert.match(await conflict.locator('tr[data-field="notes"] th').innerText(), /备注/);
  // Keep mine.
  await confirmImport(page);
  await page.click('[data-nav="cases"]');
  assert.match(await page.locator('[data-testid="search"]').inputValue(), /^$/);
  await page.fill('[data-testid="search"]', '本地的说明');
  await page.locator(`[data-row="${target.id}"]`).waitFor();
  assert.equal(await page.locator('tr[data-row]').count(), 1);
  // Take theirs, for all.
  await choose(page, 'theirs.json', text);
  await page.click('[data-testid="conflicts-take-all"]');
  assert.ok(await page.locator(`[data-conflict="cases/0"] input[value="take"]`).isChecked());
  await confirmImport(page);
  await page.click('[data-nav="cases"]');
  await page.fill('[data-testid="search"]', '上级的说明');
  await page.locator(`[data-row="${target.id}"]`).waitFor();
  assert.equal(await page.locator('tr[data-row]').count(), 1);
  // What was stored is their file, record by record.
  assertSameRecords(await storedFile(page), file, 'after taking theirs');
  await context.close();
});

test('conflict choices that would loop the office tree are refused before anything is written', async () => {
  const { page, context, errors } = await openApp(browser, server.url);
  await loadSample(page);
  const file = JSON.parse((await exportJson(page)).text);
  // There: the court became the district committee's parent (a tree in that file).
  const committee = file.offices.findIndex((o) => o.code === '430204-committee');
  const court = file.offices.findIndex((o) => o.code === '430204-court');
  file.offices[committee].parent = '430204-court';
  file.offices[court].parent = '430200-committee';
  await choose(page, 'loop.json', JSON.stringify(file));
  assert.equal((await previewCounts(page)).conflict, 2);
  // Their committee (under the court) with my court (under the committee): a loop.
  await page.locator(`[data-conflict="offices/${committee}"] input[value="take"]`).check();
  await page.click('[data-testid="import-confirm"]');
  const refused = page.locator('[data-testid="import-refused"]');
  await refused.waitFor();
  assert.match(await refused.innerText(), /430204-committee、430204-court 的上下级形成循环/);
  assert.equal(await page.locator('[data-testid="import-summary"]').count(), 0);
  // The same choice for both is a tree, and is applied.
  await page.click('[data-testid="conflicts-take-all"]');
  assert.equal(await refused.count(), 0, 'the refusal goes when the choices change');
  await confirmImport(page);
  await page.click('[data-nav="offices"]');
  await page.locator('[data-row="430204-committee"]').waitFor();
  await page.locator('[data-row="430204-court"] [data-action="edit"]').click();
  assert.equal(await page.locator('form[data-form="offices"] [name="parent"]').inputValue(), '430200-committee');
  assertSameRecords(await storedFile(page), file, 'after taking their offices');
  assert.deepEqual(errors, []);
  await context.close();
});

test('the CSV for Excel reads back with its records and Chinese intact', async () => {
  const { page, context } = await openApp(browser, server.url);
  await loadSample(page);
  await page.click('[data-nav="exchange"]');
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid="export-csv-cases"]')]);
  assert.match(download.suggestedFilename(), /^台账-问题线索-\d{8}\.csv$/);
  const bytes = await readFile(await download.path());
  assert.deepEqual([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'UTF-8 BOM for Excel');
  const rows = parse(bytes, { bom: true, columns: true });
  assert.equal(rows.length, 260);
  assert.equal(rows[0]['线索编号'], '督交〔2021〕1号');
  assert.equal(rows[0]['单位'], '石峰区人民法院', 'the workbook\'s columns: the office by its name');
  assert.equal(rows[0]['受理日期'], '2021-04-16');
  assert.equal(rows[0]['办理状态'], '已办结');
  await context.close();
});

test('an edit after an import forgets its undo: the undo is no longer offered, and the edit and the import both stay', async () => {
  const { page, context, errors } = await openApp(browser, server.url);
  await loadSample(page);
  const file = JSON.parse((await exportJson(page)).text);
  const [imported, edited] = file.cases.filter((c) => !c.deleted).slice(0, 2);
  Object.assign(imported, { notes: '文件带来的说明', revision: imported.revision + 1, updated_at: '2021-06-01T00:00:00Z' });
  await choose(page, 'later.json', JSON.stringify(file));
  await confirmImport(page);
  await page.click('[data-nav="exchange"]');
  await page.locator('[data-testid="import-undo"]').waitFor();
  await saveCaseNotes(page, edited.id, '导入之后的修改', edited.reference);
  await page.click('[data-nav="exchange"]');
  await page.locator('[data-testid="import-summary"], [data-testid="import-file"]').first().waitFor({ state: 'attached' });
  assert.equal(await page.locator('[data-testid="import-undo"]').count(), 0, 'no undo offered after the edit');
  assert.match(await page.locator('[data-testid="undo-forgotten"]').innerText(), /导入之后台账又有了修改，上次导入已不能撤销/, 'and the page says why');
  await page.reload();
  await page.waitForSelector('[data-testid="app-ready"]', { state: 'attached' });
  await page.click('[data-nav="exchange"]');
  assert.equal(await page.locator('[data-testid="import-undo"]').count(), 0, 'nor after a reload');
  const stored = JSON.parse((await exportJson(page)).text).cases;
  assert.equal(stored.find((c) => c.id === imported.id).notes, '文件带来的说明');
  assert.equal(stored.find((c) => c.id === edited.id).notes, '导入之后的修改');
  assert.deepEqual(errors, []);
  await context.close();
});
