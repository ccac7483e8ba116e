// Authority over approvals (trust-format.md §3 and §6), tried as an attacker
// would — only a reopen opens a locked month: an undo never opens it nor
// drops an approval taken after the import it undoes; office removal and
// re-parenting, date and office moves, imports and new records in the form
// that would change a locked month are each refused.
// Judged by what the database holds: a full export of every office, the
// approvals kept in the `meta` store's settings (`approvals_taken` and
// `approvals_given`, or one `approvals` list in builds before §6), and
// whether a form save of a record of the month is refused. Helpers:
// authority-approval.mjs and authority-approval-forms.mjs.
// Run against another build with TAIZHANG_DIST=/path/to/dist.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { serveDist, launch, CITY, DISTRICT } from './harness.mjs';
import { monthHash } from './month-hash.mjs';
import {
  share, COURT, PROCURATORATE, APRIL, MAY, HOUR, iso, race, pause, fullExport, storedApprovals, holds, snapshot,
  changes, choose, importFile, closeNotice, approvalFile, districtCopy, exchangeFile, changed,
} from './authority-approval.mjs';
import { pickCase, submit, editCase, lockedOn, removeOffice, reparent } from './authority-approval-forms.mjs';

let server, browser;
before(async () => { server = await serveDist(); browser = await launch(); share({ server, browser }); });
after(async () => { await browser?.close(); await server?.close(); });

// ---- 4. Only a reopen unlocks ----

test('4a. an undo never opens a locked month nor drops an approval taken after the import it undoes', async () => {
  const { page, context, city, errors } = await districtCopy();
  const start = await fullExport(page);
  const used = [];
  const touched = pickCase(start, APRIL, used);
  const aprilCase = pickCase(start, APRIL, used);
  const maySession = start.training_sessions.find((s) => !s.deleted && s.start_date.startsWith(MAY));
  const failures = [];

  // An import (before the approval) changing an April case and adding a May session.
  const first = exchangeFile(start, {
    cases: [changed(touched, { notes: '审核前导入的改动' })],
    training_sessions: [{ ...maySession, id: randomUUID(), revision: 1, title: '审核前导入的五月活动' }],
  });
  assert.equal((await importFile(page, '审核前.json', first)).kind, 'applied');
  const approval = approvalFile(city, CITY, { at: iso(Date.now() - HOUR), sha: monthHash(await fullExport(page), DISTRICT, APRIL) });
  assert.equal((await choose(page, approval.name, approval.text)).taken, 'locked');
  const lockedState = await snapshot(page);

  const undo = async () => {
    await closeNotice(page);
    await page.click('[data-nav="exchange"]');
    await page.click('[data-testid="import-undo"]');
    await page.click('[data-testid="confirm-yes"]');
    const notice = page.locator('[data-testid="notice"]');
    const out = await race(
      notice.waitFor().then(async () => ({ refused: await notice.innerText() })),
      page.locator('[data-testid="import-undo"]').waitFor({ state: 'detached' }).then(() => ({ undone: true })),
      pause(8000).then(() => ({ nothing: true })),
    );
    await closeNotice(page);
    return out;
  };
  // (a) Undoing it would change April: refused, naming the month.
  const refused = await undo();
  if (refused.nothing) failures.push('the undo of an import that touched April: no refusal sentence shown (no [data-testid="notice"] within 8 s, the undo button stays)');
  else if (!refused.refused) failures.push(`the undo of an import that touched April was not refused: ${JSON.stringify(refused)}`);
  else if (!/2021-04/.test(refused.refused)) failures.push(`the refusal does not name 2021-04: ${refused.refused}`);
  for (const c of changes(lockedState, await snapshot(page))) failures.push(`after the undo: ${c}`);
  if (!(await lockedOn(page, aprilCase))) failures.push('April open after the undo');

  // (a') An import of May only, then the approval again: undoing the import keeps the approval.
  const second = exchangeFile(start, { training_sessions: [{ ...maySession, id: randomUUID(), revision: 1, title: '五月补录' }] });
  assert.equal((await importFile(page, '五月补录.json', second)).kind, 'applied');
  const again = approvalFile(city, CITY, { at: iso(Date.now() - HOUR / 2), sha: monthHash(await fullExport(page), DISTRICT, APRIL) });
  const out = await choose(page, again.name, again.text);
  if (out.kind !== 'approval') failures.push(`the second approval: ${out.kind} ${out.text.slice(0, 100)}`);
  const before = await storedApprovals(page);
  await undo();
  const after = await storedApprovals(page);
  for (const a of [approval, again]) {
    if (holds(before.taken, a.approval) && !holds(after.taken, a.approval)) failures.push(`the undo dropped the approval taken at ${a.approval.at}`);
  }
  if (!(await lockedOn(page, aprilCase))) failures.push('April open after undoing a May-only import');
  assert.deepEqual(failures, []);
  assert.deepEqual(errors, []);
  await context.close();
});

test('4b. with April locked: removing or re-parenting the court, moving a date or an office into or out of April, imports that add an office with April records, re-parent the court or bring a new April case, and a new April record in the form are each refused; nothing changes', async () => {
  const { page, context, city, errors } = await districtCopy();
  const start = await fullExport(page);
  const approval = approvalFile(city, CITY, { at: iso(Date.now() - HOUR), sha: monthHash(start, DISTRICT, APRIL) });
  assert.equal((await choose(page, approval.name, approval.text)).taken, 'locked');
  const locked = await snapshot(page);
  const courtApril = locked.file.training_sessions.filter((s) => !s.deleted && s.office === COURT && s.start_date.startsWith(APRIL));
  assert.ok(courtApril.length > 0, 'the court has April sessions');
  const used = [];
  const away = (c) => c.office !== COURT; // the court's records go if its removal is not refused
  const probe = pickCase(locked.file, APRIL, used, away);
  const outOfApril = pickCase(locked.file, APRIL, used, (c) => away(c) && (c.deadline ?? '9') >= '2021-05-20' && (c.resolved_on ?? '9') >= '2021-05-20');
  const intoApril = pickCase(locked.file, MAY, used, away);
  const otherUnit = pickCase(locked.file, APRIL, used, (c) => away(c) && c.office !== PROCURATORATE);
  const failures = [];
  let state = locked; // each step judged against the state before it
  /** Judges a step; if it changed anything, `restore` puts it back (so each step is judged on its own). */
  const judge = async (label, out, restore) => {
    if (!out.refused) failures.push(`${label}: not refused (${JSON.stringify(out).slice(0, 160)})`);
    else if (!/2021-04/.test(out.refused)) failures.push(`${label}: the refusal does not name 2021-04: ${out.refused.slice(0, 200)}`);
    const now = await snapshot(page);
    const changed = changes(state, now);
    for (const c of changed) failures.push(`${label}: ${c}`);
    state = now;
    if (changed.length && restore) {
      await restore();
      state = await snapshot(page);
    }
  };
  const imported = (out) => (out.kind === 'applied' ? { applied: true } : { refused: out.text ?? out.kind });
  const courtBack = () => reparent(page, COURT, DISTRICT);

  // (c) Re-parenting the court under the city (its April records would leave the district).
  await judge('(c) re-parenting the court under the city', await reparent(page, COURT, CITY), courtBack);
  // (b) Removing the court (it has April sessions).
  await judge('(b) removing the court', await removeOffice(page, COURT));
  // (d) Dates and offices moved into or out of April.
  await judge('(d) an April case moved to May', await editCase(page, outOfApril, { received_on: '2021-05-20' }));
  await judge('(d) a May case moved into April', await editCase(page, intoApril, { received_on: '2021-04-20' }));
  await judge('(d) an April case moved to another unit', await editCase(page, otherUnit, { office: PROCURATORATE }));
  // (e) An import adding an office under the district with a session in April.
  const newUnit = { code: '430204-newunit', name: '石峰区新设单位', level: 'county', system: 'other', parent: DISTRICT, headcount: null };
  const addUnit = exchangeFile(locked.file, {
    training_sessions: [{ ...courtApril[0], id: randomUUID(), office: newUnit.code, revision: 1, title: '新单位的四月活动' }],
  }, { offices: [...locked.file.offices, newUnit] });
  const e = await importFile(page, '新单位.json', addUnit);
  if (e.kind === 'errors' && !e.pointers.includes('/training_sessions/0')) failures.push(`(e) the session not named at /training_sessions/0: ${e.pointers}`);
  await judge('(e) an import of a new unit with an April session', imported(e), () => removeOffice(page, newUnit.code));
  // (f) An import re-parenting the court under the city (the user takes their version).
  const moved = exchangeFile(locked.file, {}, { offices: locked.file.offices.map((o) => (o.code === COURT ? { ...o, parent: CITY } : o)) });
  await judge('(f) an import re-parenting the court', imported(await importFile(page, '法院改隶.json', moved, { takeTheirs: true })), courtBack);

  // (g) An import bringing a new April case for a unit this copy has.
  const aprilCase = locked.file.cases.find((c) => !c.deleted && c.received_on.startsWith(APRIL) && c.office !== COURT);
  const newCase = exchangeFile(locked.file, { cases: [{ ...aprilCase, id: randomUUID(), revision: 1, reference: '线索〔2021〕四月新增99号' }] });
  const g = await importFile(page, '四月新线索.json', newCase);
  if (g.kind === 'errors' && !g.pointers.includes('/cases/0')) failures.push(`(g) the case not named at /cases/0: ${g.pointers}`);
  await judge('(g) an import of a new April case', imported(g));
  // (h) A new April session entered in the form.
  await closeNotice(page);
  await page.click('[data-nav="training_sessions"]');
  await page.click('[data-testid="new-training_sessions"]');
  const form = page.locator('form[data-form="training_sessions"]');
  const session = { title: '表单新增的四月活动', office: PROCURATORATE, kind: 'political_rotation', format: 'in_person', start_date: '2021-04-22', end_date: '2021-04-22', participants: '30', hours: '2' };
  for (const [name, value] of Object.entries(session)) {
    const control = form.locator(`[name="${name}"]`);
    if (await control.evaluate((e) => e.tagName === 'SELECT')) await control.selectOption(value);
    else await control.fill(value);
  }
  await judge('(h) a new April session entered in the form', await submit(page, 'training_sessions'));

  if (!(await lockedOn(page, probe))) failures.push('April open at the end');
  assert.deepEqual(failures, []);
  assert.deepEqual(errors, []);
  await context.close();
});