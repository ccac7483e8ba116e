// Expected values computed from an exchange file by a few lines of plain
// JavaScript that share no code with the app: the figures a user should read,
// and the comparison of two files record by record.
import assert from 'node:assert/strict';

export const LEDGERS = ['training_sessions', 'honoured_models', 'cases'];

/** The codes of `office` and every office under it (all offices for ''). */
export function subtree(file, office) {
  if (!office) return new Set(file.offices.map((o) => o.code));
  const codes = new Set([office]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const o of file.offices) if (o.parent && codes.has(o.parent) && !codes.has(o.code)) { codes.add(o.code); grew = true; }
  }
  return codes;
}

/** Live (not deleted) records of `key` owned by offices under `office`, optionally on days in [from, to]. */
export function live(file, key, office = '', { from, to, day } = {}) {
  const codes = subtree(file, office);
  return file[key].filter((r) => !r.deleted && codes.has(r.office)
    && (!from || r[day] >= from) && (!to || r[day] <= to));
}

export const today = () => new Date().toISOString().slice(0, 10);

/** The eight dashboard figures of the UI contract, as `data-value` strings. */
export function kpis(file, office = '', on = today()) {
  const sessions = live(file, 'training_sessions', office);
  const models = live(file, 'honoured_models', office);
  const cases = live(file, 'cases', office);
  const resolved = cases.filter((c) => c.status === 'resolved').length;
  return {
    'training.sessions': String(sessions.length),
    'training.participants': String(sessions.reduce((n, s) => n + s.participants, 0)),
    'models.individuals': String(models.filter((m) => m.kind === 'individual').length),
    'models.collectives': String(models.filter((m) => m.kind === 'collective').length),
    'cases.received': String(cases.length),
    'cases.resolved': String(resolved),
    'cases.resolution_rate': cases.length ? (resolved / cases.length).toFixed(4) : '',
    'cases.overdue': String(cases.filter((c) => c.status !== 'resolved' && c.deadline && on > c.deadline).length),
  };
}

/** How a figure reads on screen: digits grouped by thousands, rates as percentages with two decimals. */
export function shown(name, value) {
  if (value === '') return '—';
  if (name.endsWith('rate')) return `${(Number(value) * 100).toFixed(2)}%`;
  return Number(value).toLocaleString('en-US');
}

/** Sorted by identity, so that two files compare record by record. */
function sorted(records, key) {
  return [...records].sort((a, b) => (a[key] < b[key] ? -1 : a[key] > b[key] ? 1 : 0));
}

/**
 * Asserts that two exchange files hold the same offices and records, field by
 * field (order, `exported_at` and `source_office` aside).
 */
export function assertSameRecords(actual, expected, what = 'the file') {
  assert.deepEqual(sorted(actual.offices, 'code'), sorted(expected.offices, 'code'), `${what}: offices`);
  for (const key of LEDGERS) {
    assert.equal(actual[key].length, expected[key].length, `${what}: number of ${key}`);
    assert.deepEqual(sorted(actual[key], 'id'), sorted(expected[key], 'id'), `${what}: ${key}`);
  }
}

/** Counts of `field` values among `records`. */
export function countBy(records, field) {
  const out = {};
  for (const r of records) out[r[field]] = (out[r[field]] ?? 0) + 1;
  return out;
}
