// 帮助 / Help (使用说明): a `?` beside every screen's title opens its part;
// the guide downloads as Word (read back by python-docx) and prints on A4;
// and a new user following it alone gets through the month's loop — this
// test reads the steps off the help screen and does exactly those, in their
// order: a district imports its workbook and sends its month; the city takes
// the file, reads the reporting table and returns a receipt; the district
// takes the receipt.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { serveDist, launch, openApp, loadSample, download, CITY, DISTRICT } from './harness.mjs';

const PYTHON = '/usr/bin/python3';
const fixture = (name) => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));
let server, browser, dir;
before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'taizhang-help-'));
  execFileSync(PYTHON, [fixture('workbooks.py'), dir]);
  server = await serveDist();
  browser = await launch();
});
after(async () => { await browser?.close(); await server?.close(); });

const SCREENS = ['dashboard', 'training_sessions', 'honoured_models', 'cases', 'offices', 'exchange', 'submissions', 'report'];

test('a ? beside every screen\'s title opens that screen\'s part of the help, in the interface\'s language', async () => {
  const { page, errors } = await openApp(browser, server.url);
  await loadSample(page);
  for (const screen of SCREENS) {
    await page.click(`[data-nav="${screen}"]`);
    await page.click(`[data-screen] h1 [data-testid="help-link"]`);
    const part = page.locator(`[data-help-part="${screen}"].focused`);
    await part.waitFor();
    assert.ok((await part.locator('[data-task] [data-step]').count()) > 0, `${screen}: steps`);
    await page.click('[data-nav="help"]');
  }
  await page.click('[data-testid="lang-en"]');
  assert.match(await page.locator('[data-screen="help"] .letterhead h2').innerText(), /users' guide/);
  // A renamed button renames its help: the steps name the screen's own labels.
  assert.match(await page.locator('[data-task="import-workbook"]').innerText(), /“Choose a file…”/);
  await page.click('[data-testid="lang-zh"]');
  assert.deepEqual(errors, []);
});

test('the help downloads as a Word document (read by python-docx) and prints as A4 pages with the letterhead', async () => {
  const { page } = await openApp(browser, server.url, { hash: '#/help' });
  await page.locator('[data-screen="help"]').waitFor();
  const [file] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid="help-docx"]')]);
  assert.equal(file.suggestedFilename(), '台账使用说明.docx');
  const read = JSON.parse(execFileSync(PYTHON, [fixture('docx_read.py'), await file.path()], { encoding: 'utf8' }));
  assert.equal(read.paragraphs.find((p) => p.trim()), '台账使用说明');
  const text = read.paragraphs.join('\n');
  for (const expected of ['导入本单位原有的 Excel 台账', '「选择文件…」', '「确认导入」', '部署：放在单位内网上', '恢复密钥']) {
    assert.ok(text.includes(expected), `the Word document says ${expected}`);
  }
  assert.deepEqual(read.tables, [], 'no briefing table in the guide');
  await page.emulateMedia({ media: 'print' });
  assert.equal(await page.locator('.masthead').isVisible(), false, 'printed without the page frame');
  assert.equal(await page.locator('[data-screen="help"] .letterhead').isVisible(), true, 'with the letterhead');
  const pdf = await page.pdf({ format: 'A4' });
  assert.ok(pdf.length > 10000);
});

/** Every task of the help as its screen shows it: per task, its steps' act and hook, in order. */
async function readGuide(page) {
  await page.click('[data-nav="help"]');
  await page.locator('[data-screen="help"] [data-task]').first().waitFor();
  return page.locator('[data-task]').evaluateAll((tasks) => Object.fromEntries(tasks.map((t) => [
    `${t.dataset.part}/${t.dataset.task}`,
    [...t.querySelectorAll('[data-step]')].map((li) => ({ act: li.dataset.act ?? null, hook: li.dataset.hook ?? null, text: li.textContent })),
  ])));
}

/**
 * Does what the help's task says, step by step, on `page`. `given` holds what
 * a user brings: the file to choose, the option to pick, what to do before a
 * step (a choice the page asks), which clicks download a file.
 */
async function follow(page, guide, task, given = {}) {
  const steps = guide[task];
  assert.ok(steps?.length, `the help has the task ${task}`);
  const downloads = [];
  for (const { act, hook } of steps) {
    if (!act) continue; // a sentence to read
    await given.before?.[hook]?.(page);
    const control = page.locator(hook).first();
    if (act === 'go' || act === 'click') {
      if (given.downloads?.includes(hook)) downloads.push(await download(page, () => control.click()));
      else await control.click();
    } else if (act === 'choose') {
      await page.setInputFiles(hook, given.file);
    } else if (act === 'select') {
      await control.selectOption(given.select[hook]);
    } else if (act === 'fill') {
      if (given.fill?.[hook] !== undefined) await control.fill(given.fill[hook]);
      else await control.waitFor();
    } else {
      await control.waitFor();
    }
  }
  return downloads;
}

test('following the help alone: a district imports its workbook and sends its month; the city takes it, reads the table and returns a receipt; the district takes the receipt', async () => {
  // A copy that already keeps the district's ledgers.
  const district = await openApp(browser, server.url);
  await loadSample(district.page);
  const guide = await readGuide(district.page);

  await follow(district.page, guide, 'offices/own-office', { select: { '[data-testid="own-office-select"]': DISTRICT } });
  await follow(district.page, guide, 'exchange/import-workbook', {
    file: join(dir, '台账-石峰区.xlsx'),
    // The value the guide says to map once: 廉政党课 is no choice of the ledger.
    before: { '[data-testid="sheet-continue"]': (page) => page.locator('[data-testid="value-mapping"] select[data-field="kind"][data-raw="廉政党课"]').selectOption('warning_education') },
  });
  const [sent] = await follow(district.page, guide, 'exchange/send-month', { downloads: ['[data-testid="export-json"]'] });
  assert.match(sent.name, /\.json$/);
  assert.ok(JSON.parse(sent.text).payload, 'signed');

  const city = await openApp(browser, server.url);
  await follow(city.page, guide, 'exchange/take-file', { file: { name: sent.name, mimeType: 'application/json', buffer: Buffer.from(sent.text) } });
  await city.page.locator('[data-testid="import-summary"]').waitFor();
  await follow(city.page, guide, 'offices/own-office', { select: { '[data-testid="own-office-select"]': CITY } });
  await follow(city.page, guide, 'submissions/read-matrix', { select: { '[data-testid="office-filter"]': CITY } });
  const cells = await city.page.locator(`[data-submission][data-office="${DISTRICT}"]`).evaluateAll((tds) => tds.map((td) => td.dataset.status));
  assert.ok(cells.some((s) => s === 'on_time' || s === 'late'), `the district's month is counted as sent: ${cells}`);
  const [receipt] = await follow(city.page, guide, 'exchange/give-receipt', { downloads: ['[data-testid="receipt"]'] });
  assert.equal(JSON.parse(JSON.parse(receipt.text).payload ? Buffer.from(JSON.parse(receipt.text).payload, 'base64url').toString() : receipt.text).format, 'taizhang-receipt');

  // The guide has the receipt chosen twice: the second time once the key it trusted is stored.
  const trusted = async (p) => {
    if (await p.locator('[data-testid="import-sender"]').count()) {
      await p.waitForFunction(() => document.querySelector('[data-testid="import-sender"]')?.dataset.trust === 'verified');
    }
  };
  await follow(district.page, guide, 'exchange/take-receipt', {
    file: { name: receipt.name, mimeType: 'application/json', buffer: Buffer.from(receipt.text) },
    before: { '[data-testid="import-file"]': trusted },
  });
  await district.page.locator('[data-testid="sent-files"] [data-status="received"]').waitFor();
  assert.deepEqual([...district.errors, ...city.errors], []);
});
