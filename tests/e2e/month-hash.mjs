// The month's hash as the trust contract defines it (§3), computed by the
// tests' own code: RFC 8785 for the values records hold, the records of an
// office and those under it dated in the month, sorted by id, one a line.
import { createHash } from 'node:crypto';

/** RFC 8785 for the values records hold: members sorted by UTF-16 code units, JSON.stringify's numbers and strings. */
export function jcs(value) {
  if (Array.isArray(value)) return `[${value.map(jcs).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    return `{${Object.keys(value).sort().map((k) => `${JSON.stringify(k)}:${jcs(value[k])}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** `office` and every office under it. */
export function subtree(file, office) {
  const inside = new Set([office]);
  for (let grew = true; grew;) {
    grew = false;
    for (const o of file.offices) if (o.parent && inside.has(o.parent) && !inside.has(o.code)) { inside.add(o.code); grew = true; }
  }
  return inside;
}

/** The contract's hash of `office`'s `month` in an exchange file's records. */
export function monthHash(file, office, month) {
  const inside = subtree(file, office);
  const dated = [['training_sessions', 'start_date'], ['honoured_models', 'awarded_on'], ['cases', 'received_on']]
    .flatMap(([ledger, field]) => file[ledger].filter((r) => inside.has(r.office) && r[field].startsWith(month)));
  const lines = dated.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)).map(jcs);
  return createHash('sha256').update(lines.join('\n'), 'utf8').digest('hex');
}
