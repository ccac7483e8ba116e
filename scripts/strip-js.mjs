// The page's JS without its comments and indentation (the release build's
// wasm-bindgen glue and the split's loader, read before the first screen).
// wasm-bindgen writes JSDoc and indented code that a browser never needs:
// taking them out is 1.9 KiB less of the first load's gzip (#37). Nothing is
// renamed or reordered: the tokens and the line breaks between them stay, so
// the code is the same code (semicolon insertion included); a comment
// becomes a space, or a line break if it held one. Strings, template
// literals (with their `${…}` nested to any depth) and regular expressions
// are copied as they are.

const WORD = /[\w$]/;
/** Keywords after which a `/` starts a regular expression, not a division. */
const BEFORE_REGEX = new Set(['return', 'typeof', 'instanceof', 'in', 'of', 'new', 'delete', 'void', 'throw', 'case', 'do', 'else', 'yield', 'await']);

/** `source` without comments, indentation, trailing spaces and blank lines. */
export function stripJs(source) {
  let out = '';
  let i = 0;
  const n = source.length;
  // `${` depths: for each open template substitution, the depth of `{` inside it.
  const templates = [];
  // The last significant code seen: a punctuator character, or a word.
  let last = '';
  const emitBreak = () => {
    out = out.replace(/[ \t]+$/, '');
    if (out.length > 0 && !out.endsWith('\n')) out += '\n';
  };
  const emitSpace = () => {
    if (out.length > 0 && !/[ \n]$/.test(out)) out += ' ';
  };
  const quoted = (quote) => {
    // From the opening quote to the closing one, escapes and all.
    const start = i;
    i += 1;
    while (i < n && source[i] !== quote) {
      if (source[i] === '\\') i += 1;
      else if (source[i] === '\n') throw new Error(`strip-js: a line break in a string at ${start}`);
      i += 1;
    }
    if (i >= n) throw new Error(`strip-js: a string not closed at ${start}`);
    i += 1;
    out += source.slice(start, i);
  };
  const template = () => {
    // From `` ` `` or `}` to the closing `` ` `` or to `${`.
    const start = i;
    i += 1;
    while (i < n) {
      if (source[i] === '\\') { i += 2; continue; }
      if (source[i] === '`') { i += 1; out += source.slice(start, i); last = '`'; return; }
      if (source[i] === '$' && source[i + 1] === '{') {
        i += 2;
        out += source.slice(start, i);
        templates.push(0);
        last = '{';
        return;
      }
      i += 1;
    }
    throw new Error(`strip-js: a template literal not closed at ${start}`);
  };
  const regex = () => {
    const start = i;
    i += 1;
    let inClass = false;
    while (i < n) {
      const c = source[i];
      if (c === '\\') { i += 2; continue; }
      if (c === '\n') throw new Error(`strip-js: a line break in a regular expression at ${start}`);
      if (c === '[') inClass = true;
      else if (c === ']') inClass = false;
      else if (c === '/' && !inClass) break;
      i += 1;
    }
    if (i >= n) throw new Error(`strip-js: a regular expression not closed at ${start}`);
    i += 1;
    while (i < n && WORD.test(source[i])) i += 1;
    out += source.slice(start, i);
    last = 'regex';
  };

  while (i < n) {
    const c = source[i];
    if (c === '\n' || c === '\r') {
      emitBreak();
      i += 1;
    } else if (c === ' ' || c === '\t') {
      // Indentation goes; a space between two tokens on a line stays one space.
      if (!out.endsWith('\n') && out.length > 0) emitSpace();
      while (i < n && (source[i] === ' ' || source[i] === '\t')) i += 1;
    } else if (c === '/' && source[i + 1] === '/') {
      while (i < n && source[i] !== '\n') i += 1;
    } else if (c === '/' && source[i + 1] === '*') {
      const end = source.indexOf('*/', i + 2);
      if (end < 0) throw new Error(`strip-js: a comment not closed at ${i}`);
      if (source.slice(i, end).includes('\n')) emitBreak();
      else emitSpace();
      i = end + 2;
    } else if (c === '"' || c === "'") {
      quoted(c);
      last = c;
    } else if (c === '`') {
      template();
    } else if (c === '/') {
      const regexHere = last === '' || BEFORE_REGEX.has(last) || (last.length === 1 && '(,=:[!&|?{};+-*%<>~^'.includes(last));
      if (regexHere) regex();
      else { out += c; last = c; i += 1; }
    } else if (c === '}' && templates.length > 0 && templates[templates.length - 1] === 0) {
      templates.pop();
      template();
    } else if (WORD.test(c)) {
      const start = i;
      while (i < n && WORD.test(source[i])) i += 1;
      last = source.slice(start, i);
      out += last;
    } else {
      if (templates.length > 0) {
        if (c === '{') templates[templates.length - 1] += 1;
        else if (c === '}') templates[templates.length - 1] -= 1;
      }
      out += c;
      last = c;
      i += 1;
    }
  }
  emitBreak();
  return out;
}
