// The history of a record (留痕): a case edited in its form, then changed by
// an imported file, then the import undone. Its history, opened from its
// row, holds exactly those changes with their old and new values (spelled
// out here by hand), and the same after a reload.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { serveDist, launch, openApp, loadSample, exportJson, historyOf, rawDatabase, saveCaseNotes } from './harness.mjs';

let server, browser;
before(async () => { server = await serveDist(); browser = await launch(); });
after(async () => { await browser?.close(); await server?.close(); });

test('a record edited in its form, changed by an import, the import undone: its history, exactly, and after a reload', async () => {
  const { page, context, errors } = await openApp(browser, server.url);
  await loadSample(page);
  const file = JSON.parse((await exportJson(page)).text);
  const target = file.cases.find((c) => c.notes === '' && !c.deleted);
  const reference = target.reference;
  assert.deepEqual(await historyOf(page, 'cases', target.id), [], 'the sample was loaded, not edited');

  // The form: a note.
  await page.click('[data-nav="cases"]');
  await page.locator(`[data-row="${target.id}"] [data-action="edit"]`).click();
  await page.fill('form[data-form="cases"] [name="notes"]', '已约谈当事干警');
  await page.click('form[data-form="cases"] [type=submit]');
  await page.waitForFunction(() => !document.querySelector('form[data-form="cases"]'));
  const formEntry = { n: 1, how: 'form', changes: { notes: ['（空）', '已约谈当事干警'] } };
  const shape = (revisions) => revisions.map(({ n, how, changes }) => ({ n, how, changes }));
  assert.deepEqual(shape(await historyOf(page, 'cases', target.id)), [formEntry]);

  // A file from the city: another note and a new reference, one revision later than the form's.
  Object.assign(target, { notes: '市委政法委督办', reference: `${reference}-督`, revision: 3, updated_at: '2021-05-03T08:00:00Z' });
  await page.click('[data-nav="exchange"]');
  await page.setInputFiles('[data-testid="import-file"]', { name: '督办.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(file)) });
  await page.locator('[data-testid="import-preview"]').waitFor();
  await page.click('[data-testid="import-confirm"]');
  await page.locator('[data-testid="import-summary"]').waitFor();
  const imported = await historyOf(page, 'cases', target.id);
  assert.deepEqual(shape(imported), [formEntry, {
    n: 2, how: 'import', changes: { reference: [reference, `${reference}-督`], notes: ['已约谈当事干警', '市委政法委督办'] },
  }]);
  assert.match(imported[1].said, /督办\.json/, 'names the file');
  assert.match(imported[1].said, /石峰区委政法委/, 'names its sender');
  assert.match(imported[1].said, /SHA-256 [0-9a-f]{64}/, 'gives its SHA-256');

  // The import undone: its entry gives way to the undo's, the same fields back.
  await page.click('[data-nav="exchange"]');
  await page.click('[data-testid="import-undo"]');
  await page.click('[data-testid="confirm-yes"]');
  await page.locator('[data-testid="import-undo"]').waitFor({ state: 'detached' });
  const expected = [formEntry, {
    n: 2, how: 'undo', changes: { reference: [`${reference}-督`, reference], notes: ['市委政法委督办', '已约谈当事干警'] },
  }];
  assert.deepEqual(shape(await historyOf(page, 'cases', target.id)), expected);

  await page.reload();
  await page.waitForSelector('[data-testid="app-ready"]', { state: 'attached' });
  const reloaded = await historyOf(page, 'cases', target.id);
  assert.deepEqual(shape(reloaded), expected, 'kept across a reload');
  assert.match(reloaded[1].said, /撤销了文件《督办\.json》的导入/);

  // In English: the same history in the other language.
  await page.click('[data-testid="lang-en"]');
  const english = await historyOf(page, 'cases', target.id);
  assert.equal(english[0].changes.notes[0], '(empty)');
  assert.match(english[1].said, /undone/);
  assert.deepEqual(errors, []);
  await context.close();
});

/**
 * The history the database holds for `id`, read by this test's own code:
 * pages of JSON Lines — a header with the write's time and how; per ledger,
 * the records the write created, `"created": "id revision,…"`; then a
 * revision a line, the header's time and how left out — each revision as
 * its JSON with the header's filled in.
 */
async function storedHistory(page, id) {
  const db = await rawDatabase(page);
  return db.history_pages
    .map((page) => page.value.object.text.text.split('\n'))
    .flatMap(([header, ...lines]) => lines.flatMap((line) => {
      const { created, ...revision } = { ...JSON.parse(header), ...JSON.parse(line) };
      if (created === undefined) return [revision];
      return created.split(',').map((entry) => {
        const [record, number] = entry.split(' ');
        return { ...revision, record, revision: Number(number) };
      });
    }))
    .filter((revision) => revision.record === id);
}

test('a deleted record keeps its history; no exported file — exchange file, workbook, CSV — carries any; a protected export\'s password is stored nowhere', async () => {
  const { page, context, errors } = await openApp(browser, server.url);
  await loadSample(page);
  const file = JSON.parse((await exportJson(page)).text);
  const target = file.cases.find((c) => c.notes === '' && !c.deleted);
  const edit = (notes) => saveCaseNotes(page, target.id, notes, target.reference);
  await edit('第一次的说明：只在留痕里');
  await edit('第二次的说明');
  await page.locator(`[data-row="${target.id}"] [data-action="delete"]`).click();
  await page.click('[data-testid="confirm-yes"]');
  await page.locator(`[data-row="${target.id}"]`).waitFor({ state: 'detached' });

  // Deleted, and still its three changes, the last the deletion, kept across a reload.
  await page.reload();
  await page.waitForSelector('[data-testid="app-ready"]', { state: 'attached' });
  const kept = await storedHistory(page, target.id);
  assert.deepEqual(kept.map((r) => [r.how.by, r.revision]), [['form', target.revision + 1], ['form', target.revision + 2], ['form', target.revision + 3]]);
  const deletion = kept[2].changes.find((c) => c.field === 'deleted');
  assert.ok(deletion, `the deletion is a change of "deleted": ${JSON.stringify(kept[2].changes)}`);

  // What leaves this copy: the current records only, never an earlier value.
  const earlier = '第一次的说明：只在留痕里';
  const exported = await exportJson(page);
  assert.ok(!exported.raw.includes(earlier), 'the exchange file holds no history');
  const tombstone = JSON.parse(exported.text).cases.find((c) => c.id === target.id);
  assert.equal(tombstone?.deleted, true, 'the deletion travels as a tombstone');
  assert.deepEqual(Object.keys(JSON.parse(exported.text)).sort(), ['cases', 'exported_at', 'format', 'honoured_models', 'offices', 'source_office', 'training_sessions', 'version']);
  const [workbook] = await Promise.all([page.waitForEvent('download', { timeout: 120_000 }), page.click('[data-testid="export-xlsx"]')]);
  const parts = execFileSync('/usr/bin/python3', ['-c', 'import zipfile, html, sys\nz = zipfile.ZipFile(sys.argv[1])\nprint(html.unescape("".join(z.read(n).decode("utf-8", "replace") for n in z.namelist())))', await workbook.path()]).toString();
  assert.ok(parts.includes('第二次') || parts.includes('台账'), 'the workbook was read');
  assert.ok(!parts.includes(earlier), 'the workbook holds no history');
  const [csv] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid="export-csv-cases"]')]);
  assert.ok(!readFileSync(await csv.path(), 'utf8').includes(earlier), 'the CSV holds no history');

  // A protected export: its password is in no store, setting or local storage afterwards.
  const password = 'Geheim-口令-2021';
  await page.fill('[data-testid="export-password"]', password);
  const [zip] = await Promise.all([page.waitForEvent('download', { timeout: 120_000 }), page.click('[data-testid="export-json"]')]);
  assert.match(zip.suggestedFilename(), /\.zip$/);
  const stored = JSON.stringify(await rawDatabase(page));
  assert.ok(stored.includes('"sent"') && stored.length > 1000, 'the database was read');
  assert.ok(!stored.includes(password), 'the password is in the database');
  const local = await page.evaluate(() => JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage }));
  assert.ok(!local.includes(password), 'the password is in local or session storage');
  assert.equal(await page.inputValue('[data-testid="export-password"]'), '');
  assert.deepEqual(errors, []);
  await context.close();
});

test('a record a file brought: its history shows the values it came with after a form changed them, and the import wrote its history a page per bucket', async () => {
  const { page, context, errors } = await openApp(browser, server.url);
  await loadSample(page);
  const file = JSON.parse((await exportJson(page)).text);
  const model = file.cases.find((c) => !c.deleted && c.notes === '');
  const brought = { ...model, id: '5d0c8a3e-7b1f-4e2a-9c64-2f8e1a7b3c90', reference: '株法〔2021〕新1号', notes: '文件带来的说明', revision: 2 };
  file.cases.push(brought);
  await page.click('[data-nav="exchange"]');
  await page.setInputFiles('[data-testid="import-file"]', { name: '新案件.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(file)) });
  await page.locator('[data-testid="import-preview"]').waitFor();
  await page.click('[data-testid="import-confirm"]');
  await page.locator('[data-testid="import-summary"]').waitFor();

  // As stored (this test's own reader): the import's pages, one per bucket, its new record among them.
  const db = await rawDatabase(page);
  const pages = db.history_pages.map((p) => p.value.object);
  const buckets = pages.map((p) => p.bucket.other);
  assert.equal(new Set(buckets).size, buckets.length, `one page per bucket: ${buckets}`);
  const stored = await storedHistory(page, brought.id);
  assert.deepEqual(stored.map((r) => [r.how.by, r.how.file, r.from_revision ?? null, r.revision]), [['import', '新案件.json', null, 2]]);

  // The form changes its notes.
  await saveCaseNotes(page, brought.id, '表单改的说明', brought.reference);

  for (const when of ['now', 'after a reload']) {
    const shown = await historyOf(page, 'cases', brought.id, brought.reference);
    assert.deepEqual(shown.map((r) => r.how), ['import', 'form'], when);
    assert.deepEqual(shown[0].changes.notes, ['（空）', '文件带来的说明'], `${when}: the notes it came with`);
    assert.deepEqual(shown[0].changes.reference, ['（空）', '株法〔2021〕新1号'], when);
    assert.deepEqual(shown[1].changes, { notes: ['文件带来的说明', '表单改的说明'] }, when);
    await page.reload();
    await page.waitForSelector('[data-testid="app-ready"]', { state: 'attached' });
  }
  assert.deepEqual(errors, []);
  await context.close();
});
