// Approval of a month (审核确认) between two copies: the city approves the
// district's April; the district takes the signed file, and April is locked
// against the form, deletion and imports, while May stays open; a sending
// back opens April again; an approval of another version of April locks
// nothing; a forged or unsigned approval is refused. The month's hash is
// computed here from the contract's rule, with code of its own.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { serveDist, launch, exportJson, chooseText, inner, download, cityAndDistrict, CITY, DISTRICT } from './harness.mjs';
import { monthHash, subtree } from './month-hash.mjs';
import { verifySigned } from './jws.mjs';

let server, browser;
before(async () => { server = await serveDist(); browser = await launch(); });
after(async () => { await browser?.close(); await server?.close(); });


/** Takes an approval file: what the card says it did, or the refusal's text. */
async function take(page, file) {
  await chooseText(page, file.name, file.text);
  const taken = page.locator('[data-testid="approval-taken"]');
  const refused = page.locator('[data-testid="import-errors"]');
  await taken.or(refused).first().waitFor();
  if (await taken.count()) return { taken: await taken.getAttribute('data-taken'), text: await taken.innerText() };
  return { refused: await refused.innerText() };
}

/** The case's row on the cases screen, found by its reference as a user would. */
async function caseRow(page, record) {
  await page.click('[data-nav="cases"]');
  await page.fill('[data-testid="search"]', record.reference);
  const row = page.locator(`[data-row="${record.id}"]`);
  await row.waitFor();
  return row;
}

/** Saves a case's notes in its form: the notice's text if refused, else null. */
async function editNotes(page, record, notes) {
  await (await caseRow(page, record)).locator('[data-action="edit"]').click();
  await page.fill('form[data-form="cases"] [name="notes"]', notes);
  await page.click('form[data-form="cases"] [type=submit]');
  const notice = page.locator('[data-testid="notice"]');
  const closed = page.waitForFunction(() => !document.querySelector('form[data-form="cases"]')).then(() => null);
  const said = await Promise.race([closed, notice.waitFor().then(() => notice.innerText())]);
  if (said !== null) {
    await notice.locator('button').click();
    await page.locator('form[data-form="cases"] button[type=button]').click();
  }
  return said;
}

const storedNotes = async (page, id) => JSON.parse((await exportJson(page)).text).cases.find((c) => c.id === id).notes;

test('the city approves the district\'s April: locked there against the form, deletion and imports; a sending back opens it; another version or a forged approval locks nothing', async () => {
  const { district, city, file } = await cityAndDistrict(browser, server.url);
  const unique = (c) => !c.deleted && file.cases.filter((o) => o.reference.includes(c.reference)).length === 1;
  const april = file.cases.filter((c) => c.received_on.startsWith('2021-04') && unique(c));
  const outside = file.cases.find((c) => c.received_on.startsWith('2021-05') && unique(c));
  assert.ok(april.length >= 2 && outside, 'the sample has cases of April and of May');
  const aprilHash = monthHash(file, DISTRICT, '2021-04');

  // The city approves April on its reporting screen.
  const approveApril = `[data-testid="approve"][data-office="${DISTRICT}"][data-month="2021-04"]`;
  const approval = await download(city.page, () => city.page.click(approveApril));
  const approved = JSON.parse(inner(approval.text));
  // Signed as the contract says, checked by Node's own crypto, and what it signs is the file.
  assert.deepEqual(verifySigned(approval.text, { cty: 'taizhang-approval', office: CITY }).inner, approved);
  assert.deepEqual({ ...approved, at: undefined }, {
    format: 'taizhang-approval', version: 1, office: DISTRICT, month: '2021-04', action: 'approve',
    by: CITY, at: undefined, records_sha256: aprilHash, reason: '',
  }, 'the hash of April as the contract computes it');
  await city.page.locator(`[data-submission][data-office="${DISTRICT}"][data-period="2021-04"] [data-approval="approved"]`).waitFor();

  // The city's figures restricted to approved months: the district's April, and nothing of its other months.
  const approvedTile = `[data-kpi="reports.approved"]`;
  assert.equal(await city.page.locator(approvedTile).getAttribute('data-value'), '1');
  const inDistrict = subtree(file, DISTRICT);
  const counted = (ledger, field) => file[ledger]
    .filter((r) => !r.deleted && (r.office === CITY || (inDistrict.has(r.office) && r[field].startsWith('2021-04')))).length;
  // Each screen is waited for: the office filter and the tick exist on the screen left too.
  await city.page.click('[data-nav="dashboard"]');
  await city.page.locator('[data-screen="dashboard"]').waitFor();
  await city.page.selectOption('[data-testid="office-filter"]', CITY);
  const figure = (name) => city.page.locator(`[data-kpi="${name}"]`).getAttribute('data-value');
  const allCases = await figure('cases.received');
  await city.page.check('[data-testid="approved-only"]');
  await city.page.waitForFunction(() => location.hash.includes('approved=1'));
  assert.equal(await figure('cases.received'), String(counted('cases', 'received_on')));
  assert.equal(await figure('training.sessions'), String(counted('training_sessions', 'start_date')));
  assert.notEqual(await figure('cases.received'), allCases, 'the sample has cases outside April');
  assert.match(await city.page.locator('main').innerText(), /只计已审核确认的月份/);
  await city.page.click('[data-nav="report"]');
  await city.page.locator('[data-screen="report"]').waitFor();
  await city.page.waitForFunction(() => !location.hash.includes('approved=1'));
  await city.page.selectOption('[data-testid="office-filter"]', CITY);
  await city.page.check('[data-testid="approved-only"]');
  await city.page.waitForFunction(() => location.hash.includes('approved=1'));
  await city.page.locator('main', { hasText: '仅计已审核确认的月份' }).waitFor();
  const briefing = await city.page.locator('main').innerText();
  assert.equal(briefing.match(/受理问题线索\s*(\d+)件/)?.[1], String(counted('cases', 'received_on')));
  await city.page.goto(`${server.url}#/submissions?office=${CITY}&from=2021-04-01&to=2021-05-31`);
  await city.page.waitForSelector('[data-testid="app-ready"]', { state: 'attached' });

  // A forged approval (payload changed after signing) and an unsigned one are refused.
  const signedFile = JSON.parse(approval.text);
  const forged = { ...signedFile, payload: Buffer.from(JSON.stringify({ ...approved, month: '2021-05' })).toString('base64url') };
  assert.match((await take(district.page, { name: 'forged.json', text: JSON.stringify(forged) })).refused, /签名|改动/);
  assert.match((await take(district.page, { name: 'unsigned.json', text: inner(approval.text) })).refused, /没有签名|未被信任/);
  await district.page.click('[data-nav="cases"]');
  // The screen with its rows first (its code loads on first opening), then nothing locked on it.
  await district.page.locator('[data-screen="cases"] tr[data-row]').first().waitFor();
  assert.equal(await district.page.locator('[data-testid="locked-month"]').count(), 0, 'nothing locked by them');

  // The real approval, of April as both hold it: locked.
  const locked = await take(district.page, approval);
  assert.equal(locked.taken, 'locked');
  assert.match(locked.text, /2021-04/);
  await (await caseRow(district.page, april[0])).locator('[data-testid="locked-month"]').waitFor();
  assert.equal(await (await caseRow(district.page, outside)).locator('[data-testid="locked-month"]').count(), 0);

  // Form, deletion, import: each refused with the sentence, nothing written.
  const refusal = /2021-04[\s\S]*株洲市委政法委/;
  assert.match(await editNotes(district.page, april[0], '锁定后改'), refusal);
  await (await caseRow(district.page, april[1])).locator('[data-action="delete"]').click();
  await district.page.click('[data-testid="confirm-yes"]');
  assert.match(await district.page.locator('[data-testid="notice"]').innerText(), refusal);
  await district.page.locator('[data-testid="notice"] button').click();
  const changed = structuredClone(file);
  const target = changed.cases.find((c) => c.id === april[1].id);
  Object.assign(target, { notes: '文件改动', revision: target.revision + 1, updated_at: '2021-06-01T00:00:00Z' });
  await chooseText(district.page, 'changed.json', JSON.stringify(changed));
  const importRefused = district.page.locator('[data-testid="import-errors"]');
  await importRefused.waitFor();
  assert.match(await importRefused.innerText(), refusal);
  const index = changed.cases.indexOf(target);
  assert.equal(await importRefused.locator(`[data-pointer="/cases/${index}"]`).count(), 1, 'located by JSON Pointer');
  const stored = JSON.parse((await exportJson(district.page)).text);
  assert.equal(stored.cases.find((c) => c.id === april[0].id).notes, april[0].notes);
  assert.equal(stored.cases.find((c) => c.id === april[1].id).deleted, false);
  assert.equal(stored.cases.find((c) => c.id === april[1].id).notes, april[1].notes);
  // Another month is open.
  assert.equal(await editNotes(district.page, outside, '别的月份照常'), null);
  assert.equal(await storedNotes(district.page, outside.id), '别的月份照常');

  // Locked after a reload too.
  await district.page.reload();
  await district.page.waitForSelector('[data-testid="app-ready"]', { state: 'attached' });
  assert.match(await editNotes(district.page, april[0], '重新打开后改'), refusal);

  // The city sends April back with a reason: open again.
  await city.page.click(`[data-testid="reopen"][data-office="${DISTRICT}"][data-month="2021-04"]`);
  await city.page.fill('[data-testid="reopen-reason"]', '案件备注需补充');
  const reopen = await download(city.page, () => city.page.click('[data-testid="reopen-send"]'));
  assert.equal(JSON.parse(inner(reopen.text)).action, 'reopen');
  const reopened = await take(district.page, reopen);
  assert.equal(reopened.taken, 'reopened');
  assert.match(reopened.text, /案件备注需补充/);
  assert.equal(await editNotes(district.page, april[0], '退回后更正'), null);
  assert.equal(await storedNotes(district.page, april[0].id), '退回后更正');
  assert.equal(await (await caseRow(district.page, april[0])).locator('[data-testid="locked-month"]').count(), 0);

  // The city approves April again, as it still holds it: the district's April has changed since,
  // so the approval is of a different version and locks nothing.
  const again = await download(city.page, () => city.page.click(approveApril));
  assert.equal(JSON.parse(inner(again.text)).records_sha256, aprilHash);
  const different = await take(district.page, again);
  assert.equal(different.taken, 'different');
  assert.match(different.text, /另一个版本/);
  assert.equal(await editNotes(district.page, april[0], '仍可更正'), null, 'nothing locked');
  assert.deepEqual([...district.errors, ...city.errors], []);
});
