// The core flows in Firefox (Debian's firefox-esr, driven over WebDriver BiDi
// by puppeteer-core): open, enter a record, see the dashboard's figures and
// charts, export, import a file with a conflict, reload, and open again with
// the server gone. Expected figures are the sample's (the sources' numbers).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import puppeteer from 'puppeteer-core';
import { serveDist, inner } from './harness.mjs';

const FIREFOX = process.env.FIREFOX ?? '/usr/bin/firefox-esr';
const PYTHON = '/usr/bin/python3';
const fixture = (name) => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));
const downloads = mkdtempSync(join(tmpdir(), 'taizhang-firefox-'));
let server, browser;

before(async () => {
  server = await serveDist();
  browser = await puppeteer.launch({
    browser: 'firefox',
    executablePath: FIREFOX,
    headless: true,
    // Downloads go to a folder without asking, as a user's "always save" would.
    extraPrefsFirefox: {
      'browser.download.dir': downloads,
      'browser.download.folderList': 2,
      'browser.download.useDownloadDir': true,
      'browser.download.always_ask_before_handling_new_types': false,
      // The downloads panel would take the window's focus, and Firefox's date fields then ignore typing.
      'browser.download.alwaysOpenPanel': false,
    },
  });
});
after(async () => { await browser?.close(); await server?.close(); });

/** A page of the app in a profile of its own (`context`, or a fresh one), with its errors collected. */
async function open(url, context) {
  context ??= await browser.createBrowserContext();
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e.message ?? e)));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  await page.goto(url);
  await page.waitForSelector('[data-testid="app-ready"]', { timeout: 30000 });
  return { page, errors, context };
}

const kpi = (page, name) => page.$eval(`[data-kpi="${name}"]`, (e) => e.dataset.value);

/** Waits until a new file is fully in the download folder; returns its name, path and text. */
async function downloaded(before) {
  let last = -1;
  for (let i = 0; i < 200; i++) {
    const names = readdirSync(downloads).filter((n) => !before.includes(n) && !n.endsWith('.part'));
    if (names.length) {
      const path = join(downloads, names[0]);
      // Firefox may show the file before its bytes: whole once it is not empty and no longer grows.
      const size = existsSync(path) ? statSync(path).size : 0;
      if (!existsSync(`${path}.part`) && size > 0 && size === last) return { name: names[0], path, text: readFileSync(path, 'utf8') };
      last = size;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('nothing was downloaded');
}

test('Firefox: an office\'s workbook through the mapping step, the 台账 exported as a workbook and the briefing as Word, read back by openpyxl and python-docx', async () => {
  const workbooks = mkdtempSync(join(tmpdir(), 'taizhang-firefox-books-'));
  execFileSync(PYTHON, [fixture('workbooks.py'), workbooks]);
  const { page, errors, context } = await open(server.url);
  await page.click('[data-nav="offices"]');
  await page.waitForSelector('[data-testid="load-sample"]');
  await page.click('[data-testid="load-sample"]');
  await page.waitForSelector('[data-row="430204-court"]');

  // The workbook engine is a module worker of its own: Firefox loads it on the first workbook.
  await page.click('[data-nav="exchange"]');
  await (await page.waitForSelector('[data-testid="import-file"]')).uploadFile(join(workbooks, '台账-石峰区.xlsx'));
  await page.waitForSelector('[data-testid="sheet-mapping"]');
  await page.select('[data-testid="value-mapping"] select[data-field="kind"][data-raw="廉政党课"]', 'warning_education');
  await page.click('[data-testid="sheet-continue"]');
  await page.waitForSelector('[data-testid="import-preview"]');
  // Five sessions, two cases, one model and the office the ledger names (as in Chromium).
  assert.equal(await page.$eval('[data-testid="import-preview"] [data-count="new"]', (e) => e.dataset.value), '9');
  await page.click('[data-testid="import-confirm"]');
  await page.waitForSelector('[data-testid="import-summary"]');

  let before = readdirSync(downloads);
  await page.click('[data-testid="export-xlsx"]');
  const workbook = await downloaded(before);
  assert.match(workbook.name, /^台账-430204-committee-\d{8}\.xlsx$/);
  const book = JSON.parse(execFileSync(PYTHON, [fixture('workbooks.py'), '--read', workbook.path], { encoding: 'utf8' }));
  assert.deepEqual(book.sheets, ['学习教育活动台账', '英模台账', '问题线索台账', '单位']);
  assert.equal(book['学习教育活动台账'].rows, 227 + 5);
  assert.equal(book['问题线索台账'].rows, 260 + 2);

  await page.click('[data-nav="report"]');
  await page.waitForSelector('[data-testid="report-text"]');
  before = readdirSync(downloads);
  await page.click('[data-testid="export-docx"]');
  const word = await downloaded(before);
  assert.match(word.name, /^简报-430204-committee-\d{8}\.docx$/);
  const docx = JSON.parse(execFileSync(PYTHON, [fixture('docx_read.py'), word.path], { encoding: 'utf8' }));
  assert.match(docx.paragraphs.join('\n'), /232场次/, 'the sample\'s 227 sessions and the workbook\'s five');
  assert.equal(docx.pictures, 4, 'the four charts, drawn by Firefox');
  assert.deepEqual(errors, []);
  await context.close();
});

test('Firefox: open, enter, dashboard, export, import with a conflict, reload, offline', async () => {
  const { page, errors, context } = await open(server.url);

  // The sample, and the offline copy ready after this one visit.
  await page.click('[data-nav="offices"]');
  await page.waitForSelector('[data-testid="load-sample"]');
  await page.click('[data-testid="load-sample"]');
  await page.waitForSelector('[data-row="430204-court"]');
  await page.waitForFunction(() => document.querySelector('[data-testid="offline-status"]')?.textContent.includes('已就绪'), { timeout: 30000 });

  // The dashboard's figures (the sources': 227 sessions, 12,962 attendances, 260 cases) and its seven charts.
  await page.click('[data-nav="dashboard"]');
  await page.waitForFunction(() => document.querySelectorAll('canvas[data-chart][data-drawn]').length === 7);
  assert.equal(await kpi(page, 'training.sessions'), '227');
  assert.equal(await kpi(page, 'training.participants'), '12962');
  assert.equal(await kpi(page, 'cases.received'), '260');
  // The canvas holds a drawing, not a blank: some pixels are the palette's first colour.
  const drawn = await page.$eval('canvas[data-chart="training"]', (c) => {
    const data = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
    let coloured = 0;
    for (let i = 0; i < data.length; i += 4) if (data[i] === 213 && data[i + 1] === 94 && data[i + 2] === 0) coloured++;
    return coloured;
  });
  assert.ok(drawn > 100, `the training chart has its bars (${drawn} pixels)`);

  // A record entered through the form; Firefox's date field is typed in the order it shows (mm/dd/yyyy here).
  await page.click('[data-nav="training_sessions"]');
  await page.waitForSelector('[data-testid="new-training_sessions"]');
  await page.click('[data-testid="new-training_sessions"]');
  await page.type('form [name="title"]', '火狐录入的专题党课');
  await page.select('form [name="kind"]', 'party_lesson');
  // Clicked at its month, as a person clicks into it, then typed.
  for (const name of ['start_date', 'end_date']) {
    await page.click(`form [name="${name}"]`, { offset: { x: 14, y: 12 } });
    await page.keyboard.type('04052021');
  }
  await page.type('form [name="participants"]', '42');
  assert.equal(await page.$eval('form [name="start_date"]', (e) => e.value), '2021-04-05');
  await page.click('form[data-form="training_sessions"] [type=submit]');
  await page.waitForSelector('form[data-form="training_sessions"]', { hidden: true });
  await page.click('[data-nav="dashboard"]');
  await page.waitForFunction(() => document.querySelector('[data-kpi="training.sessions"]')?.dataset.value === '228');
  assert.equal(await kpi(page, 'training.participants'), String(12962 + 42));

  // Export: the file lands in the download folder, whole.
  await page.click('[data-nav="exchange"]');
  await page.waitForSelector('[data-testid="export-json"]');
  const before = readdirSync(downloads);
  await page.click('[data-testid="export-json"]');
  const exported = await downloaded(before);
  assert.match(exported.name, /^台账-430204-committee-\d{8}\.json$/);
  const file = JSON.parse(inner(exported.text));
  assert.equal(file.training_sessions.length, 228);
  assert.equal(file.cases.length, 260);

  // Import the same file with one case changed elsewhere at the same revision: one conflict, taken.
  const target = file.cases[0];
  target.notes = '火狐里选择了上级的版本';
  const path = join(mkdtempSync(join(tmpdir(), 'taizhang-firefox-in-')), 'theirs.json');
  writeFileSync(path, JSON.stringify(file));
  const input = await page.$('[data-testid="import-file"]');
  await input.uploadFile(path);
  await page.waitForSelector('[data-testid="import-preview"]');
  assert.equal(await page.$eval('[data-testid="import-preview"] [data-count="conflict"]', (e) => e.dataset.value), '1');
  await page.click(`[data-conflict="cases/0"] input[value="take"]`);
  await page.click('[data-testid="import-confirm"]');
  await page.waitForSelector('[data-testid="import-summary"]');

  // Reload: what was stored is there.
  await page.goto(`${server.url}#/cases`);
  await page.reload();
  await page.waitForSelector('[data-testid="app-ready"]', { timeout: 30000 });
  // The screen's code arrives after the app is ready (loaded on first opening).
  await page.waitForSelector('[data-testid="search"]');
  await page.type('[data-testid="search"]', '火狐里选择了上级的版本');
  await page.waitForSelector(`[data-row="${target.id}"]`);
  await page.close();
  assert.deepEqual(errors, []);

  // The server gone: the page opens from the browser's copy, with its figures.
  await server.close();
  const offline = await open(server.url + '#/dashboard', context);
  await offline.page.waitForFunction(() => document.querySelector('[data-kpi="training.sessions"]')?.dataset.value === '228');
  await offline.page.waitForFunction(() => document.querySelectorAll('canvas[data-chart][data-drawn]').length === 7);
  assert.deepEqual(offline.errors, []);
  await context.close();
});

test('Firefox: the app lock — on, nothing readable in the database, two tabs locked; unlocked in one, the other opens; the figures as before', async () => {
  // A server of its own: the test before ends with the server gone (offline).
  const served = await serveDist();
  const { page, errors, context } = await open(served.url);
  await page.click('[data-nav="offices"]');
  await page.waitForSelector('[data-testid="load-sample"]');
  await page.click('[data-testid="load-sample"]');
  await page.waitForSelector('[data-row="430204-court"]');
  await page.click('[data-testid="lock-set"]');
  await page.type('form[data-form="lock"] [name="passphrase"]', '政法队伍教育整顿2021');
  await page.type('form[data-form="lock"] [name="passphrase-again"]', '政法队伍教育整顿2021');
  await page.click('form[data-form="lock"] [type=submit]');
  await page.waitForSelector('[data-testid="recovery-key"]');
  await page.click('[data-testid="recovery-done"]');
  // The database, read by this code: no office name in it.
  const stored = await page.evaluate(async () => {
    const db = await new Promise((resolve) => { const r = indexedDB.open('taizhang'); r.onsuccess = () => resolve(r.result); });
    const texts = [];
    for (const name of db.objectStoreNames) {
      const values = await new Promise((resolve) => { const r = db.transaction(name).objectStore(name).getAll(); r.onsuccess = () => resolve(r.result); });
      for (const v of values) texts.push(v instanceof Uint8Array ? new TextDecoder().decode(v) : JSON.stringify(v, (k, x) => (x instanceof Uint8Array ? new TextDecoder().decode(x) : x)));
    }
    db.close();
    return texts.join('\n');
  });
  assert.equal(stored.includes('石峰区人民法院'), false, 'no office name stored readable');

  // A second tab opens locked; the first, reloaded, too.
  const other = await context.newPage();
  await other.goto(served.url + '#/dashboard');
  await other.waitForSelector('[data-testid="unlock-passphrase"]');
  await page.reload();
  await page.waitForSelector('[data-testid="unlock-passphrase"]');
  assert.equal(await page.$('[data-nav]'), null, 'the unlock form alone');
  await page.type('[data-testid="unlock-passphrase"]', '政法队伍教育整顿2021');
  await page.click('[data-testid="unlock"]');
  await page.waitForSelector('[data-testid="app-ready"]');
  // The other tab was handed the key.
  await other.waitForSelector('[data-testid="app-ready"]', { timeout: 15000 });
  await other.waitForSelector('[data-kpi="training.sessions"]');
  assert.equal(await kpi(other, 'training.sessions'), '227');
  assert.equal(await kpi(other, 'cases.received'), '260');
  // Lock now in one: both lock.
  await other.click('[data-testid="lock-now"]');
  await page.waitForSelector('[data-testid="unlock-passphrase"]');
  await other.waitForSelector('[data-testid="unlock-passphrase"]');
  assert.deepEqual(errors, []);
  await context.close();
  await served.close();
});
