// What a user does on the ledger and office screens in the authority tests
// over approvals: a case picked and edited in its form, a month probed for
// its lock by a form save, and offices added, removed, re-parented or chosen
// as this copy's own.
import assert from 'node:assert/strict';
import { closeNotice, race, pause } from './authority-approval.mjs';

// ---- Forms ----

/** A case whose reference no other case's contains (so a search finds it alone). */
export function pickCase(file, month, taken, accept = () => true) {
  const found = file.cases.find((c) => !c.deleted && c.received_on.startsWith(month) && !taken.includes(c.id) && accept(c)
    && file.cases.filter((o) => o.reference.includes(c.reference)).length === 1);
  assert.ok(found, `the sample has a case of ${month} to try`);
  taken.push(found.id);
  return found;
}

export async function openCase(page, record) {
  await closeNotice(page);
  await page.click('[data-nav="cases"]');
  await page.fill('[data-testid="search"]', record.reference);
  const row = page.locator(`[data-row="${record.id}"]`);
  if (!(await row.waitFor({ timeout: 5000 }).then(() => true, () => false))) return null;
  await row.locator('[data-action="edit"]').click();
  const form = page.locator('form[data-form="cases"]');
  await form.waitFor();
  return form;
}

/** Submits an open form: { saved } or { refused: the notice's text } or { invalid: the field messages }. */
export async function submit(page, kind) {
  const form = page.locator(`form[data-form="${kind}"]`);
  await form.locator('[type=submit]').click();
  const notice = page.locator('[data-testid="notice"]');
  const out = await race(
    page.waitForFunction((k) => !document.querySelector(`form[data-form="${k}"]`), kind).then(() => ({ saved: true })),
    notice.waitFor().then(async () => ({ refused: await notice.innerText() })),
    form.locator('[data-error-for]:not(:empty)').first().waitFor().then(async () => ({ invalid: await form.locator('[data-error-for]:not(:empty)').allInnerTexts() })),
  );
  if (!out.saved) {
    await closeNotice(page);
    if (await form.count()) await form.locator('button[type=button]').first().click();
  }
  return out;
}

/** Edits a case in its form: `fields` by name (selects chosen, inputs filled). */
export async function editCase(page, record, fields) {
  const form = await openCase(page, record);
  if (!form) return { missing: `case ${record.id} is gone` };
  for (const [name, value] of Object.entries(fields)) {
    const control = form.locator(`[name="${name}"]`);
    if (await control.evaluate((e) => e.tagName === 'SELECT')) await control.selectOption(value);
    else await control.fill(value);
  }
  return submit(page, 'cases');
}

let probes = 0;
/** Whether a record's month is locked: a form save of its notes is refused (the refusal's text), else null (and it saved). */
export async function lockedOn(page, record) {
  const out = await editCase(page, record, { notes: `探测改动 ${++probes}` });
  assert.ok(!out.invalid, `the probe's form is valid: ${out.invalid}`);
  return out.refused ?? null;
}

// ---- Offices ----

export async function addOffice(page, office) {
  await page.click('[data-nav="offices"]');
  await page.click('[data-testid="new-offices"]');
  const form = page.locator('form[data-form="offices"]');
  await form.locator('[name="code"]').fill(office.code);
  await form.locator('[name="name"]').fill(office.name);
  await form.locator('[name="level"]').selectOption(office.level);
  await form.locator('[name="system"]').selectOption(office.system);
  await form.locator('[name="parent"]').selectOption(office.parent);
  const out = await submit(page, 'offices');
  assert.ok(out.saved, `office ${office.code} added: ${JSON.stringify(out)}`);
  await page.locator(`[data-row="${office.code}"]`).waitFor();
}

/** Removes an office on the offices screen, answering yes: { removed } or { refused }. */
export async function removeOffice(page, code) {
  await closeNotice(page);
  await page.click('[data-nav="offices"]');
  await page.click(`[data-row="${code}"] [data-action="delete"]`);
  const refusal = page.locator('[data-testid="refusal"]');
  const asked = await race(
    page.locator('[data-testid="confirm-yes"]').waitFor().then(() => 'asked'),
    refusal.waitFor().then(() => 'refused'),
  );
  if (asked === 'refused') return { refused: await refusal.innerText() };
  await page.click('[data-testid="confirm-yes"]');
  const notice = page.locator('[data-testid="notice"]');
  const out = await race(
    notice.waitFor().then(async () => ({ refused: await notice.innerText() })),
    refusal.waitFor().then(async () => ({ refused: await refusal.innerText() })),
    page.locator(`[data-row="${code}"]`).waitFor({ state: 'detached' }).then(() => ({ removed: true })),
    pause(8000).then(() => ({ nothing: true })),
  );
  await closeNotice(page);
  return out;
}

/** Puts an office under another parent with its form. */
export async function reparent(page, code, parent) {
  await closeNotice(page);
  await page.click('[data-nav="offices"]');
  if (!(await page.locator(`[data-row="${code}"]`).waitFor({ timeout: 5000 }).then(() => true, () => false))) return { missing: `office ${code} is gone` };
  await page.click(`[data-row="${code}"] [data-action="edit"]`);
  const form = page.locator('form[data-form="offices"]');
  await form.locator('[name="parent"]').selectOption(parent);
  return submit(page, 'offices');
}

/** Chooses this copy's own office; answers yes to a warning about a new key: whether it was warned. */
export async function chooseOwnOffice(page, code, name) {
  await closeNotice(page);
  await page.click('[data-nav="offices"]');
  await page.selectOption('[data-testid="own-office-select"]', code);
  const warning = page.locator('[data-testid="new-key-warning"]');
  const warned = await warning.waitFor({ state: 'attached', timeout: 5000 }).then(() => true, () => false);
  let inDialog = false;
  if (warned) {
    const dialog = '[role="dialog"], [role="alertdialog"], dialog, .dialog';
    inDialog = await warning.first().evaluate((e, d) => Boolean(e.closest(d) || e.querySelector(d)), dialog);
    await page.click('[data-testid="confirm-yes"]');
  }
  await page.locator('div[data-testid="own-office"]', { hasText: name }).waitFor();
  return { warned, inDialog };
}
