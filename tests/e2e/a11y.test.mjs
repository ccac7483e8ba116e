// Accessibility: every screen, in Chinese and in English, with the sample
// loaded, passes axe-core's WCAG 2.1 A and AA rules (and its best practices:
// headings in order, landmarks) with no violation.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { AxeBuilder } from '@axe-core/playwright';
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { serveDist, launch, openApp, loadSample, chooseText, inner, download, cityAndDistrict, DISTRICT, turnLockOn, PASSPHRASE } from './harness.mjs';
import { officeKey, roster } from './jws.mjs';

let server, browser;
before(async () => { server = await serveDist(); browser = await launch(); });
after(async () => { await browser?.close(); await server?.close(); });

const SCREENS = ['dashboard', 'training_sessions', 'honoured_models', 'cases', 'offices', 'exchange', 'submissions', 'report', 'help'];

async function violations(page) {
  const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']).analyze();
  return result.violations.map((v) => `${v.id}: ${v.nodes.length} × ${v.nodes[0]?.target.join(' ')} — ${v.help}`);
}

for (const locale of ['zh-CN', 'en']) {
  test(`every screen passes WCAG 2.1 A/AA (axe-core), ${locale}`, async () => {
    const { page, context } = await openApp(browser, server.url, { locale });
    await loadSample(page);
    if (locale === 'en') await page.click('[data-testid="lang-en"]');
    const found = {};
    for (const screen of SCREENS) {
      await page.click(`[data-nav="${screen}"]`);
      await page.locator(`[data-screen="${screen}"]`).waitFor();
      await page.waitForTimeout(300);
      const list = await violations(page);
      if (list.length) found[screen] = list;
    }
    await context.close();
    assert.deepEqual(found, {});
  });
}

test('the import\'s states pass too: a refused file, a workbook\'s mapping step with values to map, a preview with a conflict, a dialog', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'taizhang-a11y-'));
  execFileSync('/usr/bin/python3', [fileURLToPath(new URL('./fixtures/workbooks.py', import.meta.url)), dir]);
  const { page, context } = await openApp(browser, server.url);
  await loadSample(page);
  const found = {};
  const check = async (state) => { const list = await violations(page); if (list.length) found[state] = list; };
  await chooseText(page, 'bad.json', '{"format":"taizhang-exchange","version":1,"exported_at":"x","offices":[],"training_sessions":[{}],"honoured_models":[],"cases":[]}');
  await page.locator('[data-testid="import-errors"]').waitFor();
  await check('refused file');
  await page.setInputFiles('[data-testid="import-file"]', join(dir, '台账-石峰区.xlsx'));
  await page.locator('[data-testid="value-mapping"]').waitFor();
  await check('mapping step');
  await page.click('[data-testid="sheet-continue"]');
  await page.locator('[data-testid="import-errors"] [data-cell]').first().waitFor();
  await check('workbook refused');
  // A conflict: the district's own export, with one case changed at the same revision.
  await page.click('[data-nav="exchange"]');
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid="export-json"]')]);
  const file = JSON.parse(inner(await (await import('node:fs/promises')).readFile(await download.path(), 'utf8')));
  file.cases[0].notes = '另一个版本';
  await chooseText(page, 'conflict.json', JSON.stringify(file));
  await page.locator('[data-testid="import-preview"]').waitFor();
  await check('preview with a conflict');
  await page.click('[data-testid="import-confirm"]');
  await page.locator('[data-testid="import-summary"]').waitFor();
  await check('summary');
  await page.click('[data-testid="import-undo"]');
  await page.locator('[data-testid="confirm-yes"]').waitFor();
  await check('confirm dialog');
  await page.click('[data-testid="confirm-no"]');
  // A roster of keys to compare, a changed signed file, an unknown sender.
  const city = officeKey();
  await chooseText(page, 'roster.json', roster(city, '430200-committee', [city.listed('430200-committee')]));
  await page.locator('[data-testid="roster"]').waitFor();
  await check('roster');
  const signed = JSON.parse(city.sign(JSON.stringify({ ...file, source_office: '430200-committee' }), '430200-committee', 'taizhang-exchange'));
  await chooseText(page, 'unknown.json', JSON.stringify(signed));
  await page.locator('[data-testid="import-sender"][data-trust="unknown"]').waitFor();
  await check('unknown sender');
  await chooseText(page, 'changed.json', JSON.stringify({ ...signed, signature: signed.signature.replace(/^./, (c) => (c === 'A' ? 'B' : 'A')) }));
  await page.locator('[data-testid="import-sender"][data-trust="invalid"]').waitFor();
  await check('invalid signature');
  // A protected file: the password field with a short password, then the password asked after a wrong one.
  await page.fill('[data-testid="export-password"]', 'short');
  await page.locator('[data-testid="export-password-short"]').waitFor();
  await check('export password too short');
  await page.fill('[data-testid="export-password"]', 'a-long-enough-password');
  const [zipped] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid="export-json"]')]);
  await page.setInputFiles('[data-testid="import-file"]', await zipped.path());
  await page.fill('[data-testid="import-password"]', 'the-wrong-password');
  await page.click('[data-testid="import-password-ok"]');
  await page.locator('[data-testid="password-asked"][data-wrong="true"]').waitFor();
  await check('password asked again');
  await context.close();
  assert.deepEqual(found, {});
});

test('approval\'s states pass too: the matrix with approved and sent-back months, the sending back, the approval taken, locked rows', async () => {
  const { district, city } = await cityAndDistrict(browser, server.url);
  const found = {};
  const check = async (page, state) => { const list = await violations(page); if (list.length) found[state] = list; };
  const approval = await download(city.page, () => city.page.click(`[data-testid="approve"][data-office="${DISTRICT}"][data-month="2021-04"]`));
  await download(city.page, () => city.page.click(`[data-testid="approve"][data-office="${DISTRICT}"][data-month="2021-05"]`));
  await city.page.click(`[data-testid="reopen"][data-office="${DISTRICT}"][data-month="2021-05"]`);
  await city.page.fill('[data-testid="reopen-reason"]', '需补充');
  await check(city.page, 'sending back');
  await download(city.page, () => city.page.click('[data-testid="reopen-send"]'));
  await city.page.locator('[data-approval="reopened"]').waitFor();
  await check(city.page, 'matrix with approved and sent-back months');
  await chooseText(district.page, approval.name, approval.text);
  await district.page.locator('[data-testid="approval-taken"]').waitFor();
  await check(district.page, 'approval taken');
  await district.page.click('[data-nav="cases"]');
  await district.page.locator('[data-testid="locked-month"]').first().waitFor();
  await check(district.page, 'locked rows');
  await city.context.close();
  await district.context.close();
  assert.deepEqual(found, {});
});

test('the app lock\'s states pass too, in both languages: the form to turn it on with a refusal, the recovery key, the settings once on, the unlock form with a wrong try', async () => {
  const { page, context } = await openApp(browser, server.url);
  await loadSample(page);
  const found = {};
  const check = async (state) => {
    for (const lang of ['zh', 'en']) {
      await page.click(`[data-testid="lang-${lang}"]`);
      const list = await violations(page);
      if (list.length) found[`${state} (${lang})`] = list;
    }
  };
  await page.click('[data-nav="offices"]');
  await page.click('[data-testid="lock-set"]');
  await page.fill('form[data-form="lock"] [name="passphrase"]', '短');
  await page.click('form[data-form="lock"] [type=submit]');
  await page.locator('[data-testid="lock-error"]').waitFor();
  await check('turning it on, refused');
  await page.fill('form[data-form="lock"] [name="passphrase"]', PASSPHRASE);
  await page.fill('form[data-form="lock"] [name="passphrase-again"]', PASSPHRASE);
  await page.click('form[data-form="lock"] [type=submit]');
  await page.locator('[data-testid="recovery-key"]').waitFor();
  await check('the recovery key');
  await page.click('[data-testid="recovery-done"]');
  await check('on');
  await page.click('[data-testid="lock-now"]');
  await page.fill('[data-testid="unlock-passphrase"]', '不对的口令不对的');
  await page.click('[data-testid="unlock"]');
  await page.locator('[data-testid="unlock-error"]').waitFor();
  await check('the unlock form');
  await context.close();
  assert.deepEqual(found, {});
});

/** Opens `screen` afresh (a reload: the keyboard starts from the page's top). */
async function reopenAt(page, screen) {
  await page.goto(`${server.url}#/${screen}`);
  await page.reload();
  await page.waitForSelector('[data-testid="app-ready"]', { state: 'attached' });
}

/** Which element has the focus, as its test id, name or id. */
const focused = (page) => page.evaluate(() => {
  const el = document.activeElement;
  return el?.dataset.testid ?? el?.getAttribute('name') ?? el?.id ?? el?.tagName;
});

test('the keyboard\'s first stop skips to the screen, and each chart describes itself to a screen reader', async () => {
  const { page, context } = await openApp(browser, server.url);
  await loadSample(page);
  await reopenAt(page, 'dashboard');
  await page.locator('canvas[data-chart="training"]').waitFor();
  await page.keyboard.press('Tab');
  assert.equal(await focused(page), 'skip-link');
  await page.keyboard.press('Enter');
  assert.equal(await focused(page), 'main-content');
  assert.match(page.url(), /#\/dashboard/, 'the screen stays');
  const described = await page.locator('canvas[data-chart="training"]').getAttribute('aria-describedby');
  assert.match(await page.locator(`#${described}`).textContent(), /专题党课合计24/);
  await context.close();
});

/** Presses Tab until `selector` has the focus (at most `limit` times). */
async function tabTo(page, selector, limit = 60) {
  for (let i = 0; i < limit; i++) {
    if (await page.evaluate((s) => document.activeElement?.matches(s) ?? false, selector)) return;
    await page.keyboard.press('Tab');
  }
  throw new Error(`Tab never reached ${selector}`);
}

test('a training session is entered, edited and deleted with the keyboard alone, Escape closes the form, and the dashboard is filtered with the arrows', async () => {
  const { page, context, errors } = await openApp(browser, server.url);
  await loadSample(page);
  await reopenAt(page, 'training_sessions');
  await tabTo(page, '[data-testid="new-training_sessions"]');
  await page.keyboard.press('Enter');
  // The form takes the focus at its first field.
  assert.equal(await focused(page), 'title');
  await page.keyboard.type('键盘录入的专题党课');
  await tabTo(page, 'form [name="kind"]');
  await page.keyboard.press('ArrowDown'); // from 政治轮训 to 专题党课
  // A date field is typed in the order the browser shows it: this Chromium's is mm/dd/yyyy.
  await tabTo(page, 'form [name="start_date"]');
  await page.keyboard.type('04052021');
  await tabTo(page, 'form [name="end_date"]');
  await page.keyboard.type('04052021');
  await tabTo(page, 'form [name="participants"]');
  await page.keyboard.type('42');
  await page.keyboard.press('Enter'); // submits the form
  await page.locator('form[data-form="training_sessions"]').waitFor({ state: 'detached' });
  await page.fill('[data-testid="search"]', '键盘录入');
  await page.locator('tr[data-row]').first().waitFor();
  const row = await page.locator('tr[data-row]').first().innerText();
  assert.match(row, /键盘录入的专题党课/);
  assert.match(row, /专题党课/);
  assert.match(row, /2021-04-05/);
  // Edited: the row's edit button, the form with the focus at the title, Enter saves.
  await tabTo(page, 'tr[data-row] [data-action="edit"]');
  await page.keyboard.press('Enter');
  assert.equal(await focused(page), 'title');
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.type('键盘录入的专题党课（改）');
  await page.keyboard.press('Enter');
  await page.locator('form[data-form="training_sessions"]').waitFor({ state: 'detached' });
  await page.locator('tr[data-row]', { hasText: '键盘录入的专题党课（改）' }).waitFor();
  // Deleted: the dialog has the safe answer first; Tab to delete, Enter; the focus goes back to the screen.
  await tabTo(page, 'tr[data-row] [data-action="delete"]');
  await page.keyboard.press('Enter');
  await page.locator('[data-testid="confirm-yes"]').waitFor();
  assert.equal(await focused(page), 'confirm-no');
  await page.keyboard.press('Tab');
  await page.keyboard.press('Enter');
  await page.locator('tr[data-row]').first().waitFor({ state: 'detached' });
  await page.waitForFunction(() => document.activeElement?.id === 'main-content');
  // Escape leaves a form without saving.
  await tabTo(page, '[data-testid="new-training_sessions"]');
  await page.keyboard.press('Enter');
  await page.keyboard.press('Escape');
  await page.locator('form[data-form="training_sessions"]').waitFor({ state: 'detached' });
  await page.waitForFunction(() => document.activeElement?.dataset.testid === 'new-training_sessions');
  // The dashboard's office filter, changed with the arrows, changes the figures and the address.
  await page.goto(`${server.url}#/dashboard`);
  await page.waitForFunction(() => document.querySelector('[data-kpi="training.sessions"]')?.dataset.value === '227');
  await tabTo(page, '[data-testid="office-filter"]');
  for (let i = 0; i < 12 && !/office=430204-court\b/.test(page.url()); i++) await page.keyboard.press('ArrowDown');
  assert.match(page.url(), /office=430204-court\b/, 'the arrows reach the district court');
  await page.waitForFunction(() => Number(document.querySelector('[data-kpi="training.sessions"]')?.dataset.value) < 227);
  assert.deepEqual(errors, []);
  await context.close();
});

test('an export and a whole import with a conflict are done with the keyboard alone; dialogs keep and give back the focus', async () => {
  const { page, context, errors } = await openApp(browser, server.url);
  await loadSample(page);
  await reopenAt(page, 'exchange');

  // Export (the sample's copy knows its office, so nothing is asked).
  await tabTo(page, '[data-testid="export-json"]');
  const [downloaded] = await Promise.all([page.waitForEvent('download'), page.keyboard.press('Enter')]);
  const file = JSON.parse(inner(await readFile(await downloaded.path(), 'utf8')));

  // A conflict: the same case changed elsewhere at the same revision.
  const target = file.cases[0];
  target.notes = '键盘选择了上级的版本';
  const path = join(mkdtempSync(join(tmpdir(), 'taizhang-keys-')), 'theirs.json');
  await writeFile(path, JSON.stringify(file));

  // The file input is reached by Tab and opened by Space; the chooser is answered as a person would.
  await tabTo(page, '[data-testid="import-file"]');
  const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.keyboard.press('Space')]);
  await chooser.setFiles(path);
  await page.locator('[data-testid="import-preview"]').waitFor();
  // Keep mine is chosen; the arrow moves the choice to theirs.
  await tabTo(page, `[data-conflict="cases/0"] input[type="radio"]`);
  await page.keyboard.press('ArrowDown');
  assert.ok(await page.locator(`[data-conflict="cases/0"] input[value="take"]`).isChecked());
  await tabTo(page, '[data-testid="import-confirm"]');
  await page.keyboard.press('Enter');
  await page.locator('[data-testid="import-summary"]').waitFor();

  // Undo asks first: the safe answer has the focus, Tab keeps to the dialog, Escape gives the focus back.
  await tabTo(page, '[data-testid="import-undo"]');
  await page.keyboard.press('Enter');
  await page.locator('[data-testid="confirm-yes"]').waitFor();
  assert.equal(await focused(page), 'confirm-no');
  await page.keyboard.press('Tab');
  assert.equal(await focused(page), 'confirm-yes');
  await page.keyboard.press('Tab');
  assert.equal(await focused(page), 'confirm-no', 'Tab stays inside the dialog');
  await page.keyboard.press('Escape');
  await page.locator('[data-testid="confirm-yes"]').waitFor({ state: 'detached' });
  await page.waitForFunction(() => document.activeElement?.dataset.testid === 'import-undo');

  // What was taken is stored: the case list shows their note.
  await reopenAt(page, 'cases');
  await page.fill('[data-testid="search"]', '键盘选择了上级的版本');
  await page.locator(`[data-row="${target.id}"]`).waitFor();
  // Confirmed, the undo takes its own button away: the keyboard goes on from the screen.
  await reopenAt(page, 'exchange');
  await tabTo(page, '[data-testid="import-undo"]');
  await page.keyboard.press('Enter');
  await page.locator('[data-testid="confirm-yes"]').waitFor();
  await page.keyboard.press('Tab');
  await page.keyboard.press('Enter');
  await page.locator('[data-testid="import-undo"]').waitFor({ state: 'detached' });
  await page.waitForFunction(() => document.activeElement?.id === 'main-content');
  assert.deepEqual(errors, []);
  await context.close();

  // A copy that does not know its office asks once: the dialog takes the focus, keeps Tab inside,
  // is answered with keys, and gives the focus back to the export button.
  const other = await openApp(browser, server.url);
  await chooseText(other.page, 'theirs.json', JSON.stringify(file));
  await other.page.click('[data-testid="import-confirm"]');
  await other.page.locator('[data-testid="import-summary"]').waitFor();
  await tabTo(other.page, '[data-testid="export-json"]');
  await other.page.keyboard.press('Enter');
  await other.page.locator('[data-testid="own-office-dialog"]').waitFor();
  assert.equal(await focused(other.page), 'own-office', 'the dialog takes the focus at its choice');
  await other.page.keyboard.press('ArrowDown'); // the first office
  for (let i = 0; i < 3; i++) await other.page.keyboard.press('Tab'); // choice → cancel → save → the choice again
  assert.equal(await focused(other.page), 'own-office', 'Tab stays inside the dialog');
  await other.page.keyboard.press('Shift+Tab');
  assert.equal(await focused(other.page), 'own-office-save');
  const [sent] = await Promise.all([other.page.waitForEvent('download'), other.page.keyboard.press('Enter')]);
  assert.match(sent.suggestedFilename(), /\.json$/);
  await other.page.waitForFunction(() => document.activeElement?.dataset.testid === 'export-json');
  assert.deepEqual(other.errors, []);
  await other.context.close();
});

/**
 * What of the page is wider than its window: the document's overflow, and
 * the elements that stick out past the right edge (not counting what
 * scrolls inside a box of its own, such as a wide table).
 */
const overflow = (page) => page.evaluate(() => {
  const width = document.documentElement.clientWidth;
  const scrolls = (el) => { for (let p = el.parentElement; p; p = p.parentElement) { const o = getComputedStyle(p).overflowX; if (o === 'auto' || o === 'scroll' || o === 'hidden') return true; } return false; };
  const out = [...document.querySelectorAll('body *')]
    .filter((el) => el.getBoundingClientRect().right > width + 1 && el.getClientRects().length && !scrolls(el) && !el.closest('.visually-hidden, .skip-link'))
    .slice(0, 5)
    .map((el) => `${el.tagName.toLowerCase()}${el.dataset.testid ? `[${el.dataset.testid}]` : el.className ? `.${String(el.className).split(' ')[0]}` : ''} to ${Math.round(el.getBoundingClientRect().right)}`);
  return { page: document.documentElement.scrollWidth - width, out };
});

// A 1280×720 window, and the same window at 200% zoom (a 640×360 CSS viewport at two device pixels each).
for (const [label, viewport, scale] of [['1280×720', { width: 1280, height: 720 }, 1], ['200% zoom', { width: 640, height: 360 }, 2]]) {
  test(`every screen fits a ${label} window without scrolling sideways`, async () => {
    const context = await browser.newContext({ locale: 'zh-CN', viewport, deviceScaleFactor: scale });
    const { page } = await openApp(browser, server.url, { context });
    await loadSample(page);
    const found = {};
    for (const screen of SCREENS) {
      await page.goto(`${server.url}#/${screen}`);
      await page.waitForSelector('[data-testid="app-ready"]', { state: 'attached' });
      await page.waitForTimeout(300); // the charts size themselves to their box after the first frame
      const { page: extra, out } = await overflow(page);
      if (extra > 0) found[screen] = `${extra}px wider: ${out.join(', ')}`;
    }
    // Every tab is in sight (wrapped onto another row, not scrolled out of view).
    const hidden = await page.evaluate(() => [...document.querySelectorAll('[data-nav]')]
      .filter((a) => a.getBoundingClientRect().right > document.documentElement.clientWidth).map((a) => a.dataset.nav));
    if (hidden.length) found.tabs = `out of sight: ${hidden.join(', ')}`;
    await context.close();
    assert.deepEqual(found, {});
  });
}
