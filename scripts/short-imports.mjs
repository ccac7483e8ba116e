// The page's wasm imports under short names. wasm-bindgen names each import
// from its JS glue `__wbg_<name>_<16 hex digits>`, and the name is written
// twice: in the module's import section and as a key of the glue's import
// object. ~300 such names were 5.9 KiB of the wasm's gzip and about 4 KiB of
// the glue's (hex digits do not compress), both loaded before the first
// screen (#37). Here each becomes `a`, `b`, … `ba`, … in both places; the
// module is otherwise copied byte for byte (only its import section is
// written anew). A name the glue does not hold exactly once, as an object
// key, keeps its name.

const LETTERS = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ';
const IMPORT_SECTION = 2;

/** The `n`th short name: a … Z, then ba … ZZ, then baa …, as digits of base 52. */
export function shortName(n) {
  let name = '';
  do {
    name = LETTERS[n % LETTERS.length] + name;
    n = Math.floor(n / LETTERS.length);
  } while (n > 0);
  return name;
}

/** `wasm` (bytes) and `js` (its glue) with the imports from `from` renamed. */
export function shortenImports(wasm, js, from) {
  const bytes = Uint8Array.from(wasm);
  if (!matches(bytes, 0, [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00])) {
    throw new Error('short-imports: not a WebAssembly module (version 1)');
  }
  const namer = new Namer(js);
  const out = [bytes.subarray(0, 8)];
  let at = 8;
  while (at < bytes.length) {
    const id = bytes[at];
    const [size, bodyAt] = readU32(bytes, at + 1);
    const end = bodyAt + size;
    if (end > bytes.length) throw new Error(`short-imports: section ${id} runs past the end`);
    if (id === IMPORT_SECTION) {
      const body = renameImports(bytes.subarray(bodyAt, end), from, namer);
      out.push(Uint8Array.of(id), writeU32(body.length), body);
    } else {
      out.push(bytes.subarray(at, end));
    }
    at = end;
  }
  return { wasm: concat(out), js: namer.rewrite(js), renamed: namer.renamed };
}

/**
 * The short names given, one per name however often it is imported: only
 * to a name the glue holds exactly once, as an object key, and never a name
 * the glue already uses for anything.
 */
class Namer {
  constructor(js) {
    this.js = js;
    this.used = new Set(js.match(/[A-Za-z_$][\w$]*/g) ?? []);
    this.renamed = new Map();
    this.next = 0;
  }

  /** The name `name` is imported under. */
  nameOf(name) {
    if (this.renamed.has(name)) return this.renamed.get(name);
    const once = this.js.split(name).length - 1 === 1;
    if (!once || (this.js.match(keyOf([name], 'g')) ?? []).length !== 1) return name;
    let short;
    do short = shortName(this.next++); while (this.used.has(short));
    this.renamed.set(name, short);
    return short;
  }

  /** `js` with every renamed key written with its short name, in one pass. */
  rewrite(js) {
    if (this.renamed.size === 0) return js;
    return js.replace(keyOf([...this.renamed.keys()], 'g'), (_, before, name) => `${before}${this.renamed.get(name)}:`);
  }
}

/** The import section's body with the names of imports from `from` shortened. */
function renameImports(body, from, namer) {
  const [count, first] = readU32(body, 0);
  const out = [writeU32(count)];
  let at = first;
  for (let i = 0; i < count; i += 1) {
    const [module, afterModule] = readName(body, at);
    const [name, afterName] = readName(body, afterModule);
    const descriptionEnd = skipDescription(body, afterName);
    const written = module === from ? namer.nameOf(name) : name;
    out.push(body.subarray(at, afterModule), encodeName(written), body.subarray(afterName, descriptionEnd));
    at = descriptionEnd;
  }
  if (at !== body.length) throw new Error('short-imports: bytes after the last import');
  return concat(out);
}

/** Any of `names`, as written, as an object key in JS: after `{`, `,` or a space, before `:`. */
function keyOf(names, flags = '') {
  const escaped = names.map((name) => name.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&'));
  return new RegExp(`([{,\\s])(${escaped.join('|')})\\s*:`, flags);
}

/** Past an import's description (function, table, memory, global or tag). */
function skipDescription(bytes, at) {
  const kind = bytes[at];
  at += 1;
  switch (kind) {
    case 0x00: // function: a type index
    case 0x04: // tag: an attribute byte, then a type index
      if (kind === 0x04) at += 1;
      return readU32(bytes, at)[1];
    case 0x01: // table: a reference type, then limits
      return skipLimits(bytes, skipRefType(bytes, at));
    case 0x02: // memory: limits
      return skipLimits(bytes, at);
    case 0x03: // global: a value type, then mutability
      return skipRefType(bytes, at) + 1;
    default:
      throw new Error(`short-imports: an import of unknown kind ${kind}`);
  }
}

/** Past a value or reference type: one byte, or a `ref`/`ref null` with its heap type. */
function skipRefType(bytes, at) {
  const type = bytes[at];
  if (type === 0x63 || type === 0x64) return readS33End(bytes, at + 1);
  return at + 1;
}

function skipLimits(bytes, at) {
  const flags = bytes[at];
  at = readU64End(bytes, at + 1);
  return flags & 0x01 ? readU64End(bytes, at) : at;
}

function readName(bytes, at) {
  const [length, start] = readU32(bytes, at);
  const end = start + length;
  if (end > bytes.length) throw new Error('short-imports: a name runs past its section');
  try {
    return [new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(start, end)), end];
  } catch {
    throw new Error('short-imports: a name that is not UTF-8');
  }
}

function encodeName(name) {
  const utf8 = new TextEncoder().encode(name);
  return concat([writeU32(utf8.length), utf8]);
}

/** An unsigned LEB128 number of at most 32 bits and where it ends. */
function readU32(bytes, at) {
  let value = 0;
  for (let shift = 0; shift < 35; shift += 7) {
    if (at >= bytes.length) break;
    const byte = bytes[at];
    at += 1;
    value += (byte & 0x7f) * 2 ** shift;
    if ((byte & 0x80) === 0) {
      if (value > 0xffffffff) break;
      return [value, at];
    }
  }
  throw new Error('short-imports: a malformed number');
}

/** Where a LEB128 number of up to 10 bytes ends (memory limits may be 64-bit). */
function readU64End(bytes, at) {
  for (let i = 0; i < 10 && at < bytes.length; i += 1) {
    if ((bytes[at++] & 0x80) === 0) return at;
  }
  throw new Error('short-imports: a malformed number');
}

const readS33End = readU64End;

function writeU32(value) {
  const out = [];
  do {
    let byte = value & 0x7f;
    value = Math.floor(value / 128);
    if (value > 0) byte |= 0x80;
    out.push(byte);
  } while (value > 0);
  return Uint8Array.from(out);
}

function matches(bytes, at, expected) {
  return expected.every((byte, i) => bytes[at + i] === byte);
}

function concat(parts) {
  const out = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}
