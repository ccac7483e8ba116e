// The history of a record (留痕): a case edited in its form, then changed by
// an imported file, then the import undone. Its history, opened from its
// row, holds exactly those changes with their old and new values (spelled
// out here by hand), and the same after a reload.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serveDist, launch, openApp, loadSample, exportJson, historyOf } from './harness.mjs';

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
