/**
 * Finding where a statement tree-sitter glued across lines really ends. In error recovery the
 * tree-sitter Python scanner may omit a NEWLINE token (after a dangling `.` or `+`, say), so
 * `x = nl.` and the next line's `return a` become one statement `x = nl.return a`. Python ends a
 * statement at any newline outside brackets, strings and backslash continuations; we look for one.
 *
 * Invariant: pure text scanning; never throws; O(length of the range).
 */

/**
 * The offset of the first newline in `text[from, to)` that ends a logical line (outside brackets,
 * strings, comments' ends aside, and backslash continuations), or undefined if there is none.
 * `from` must be at bracket depth 0, as the start of a statement is.
 */
export function findLogicalLineEnd(text: string, from: number, to: number): number | undefined {
  let depth = 0;
  let i = from;
  while (i < to) {
    const c = text[i];
    if (c === '\n') {
      if (depth === 0) return i;
      i++;
    } else if (c === '\\') {
      i += 2; // a backslash continues the line (or escapes nothing we care about)
      if (text[i - 1] === '\r' && text[i] === '\n') i++;
    } else if (c === '#') {
      while (i < to && text[i] !== '\n') i++;
    } else if (c === '"' || c === "'") {
      i = skipString(text, i, to);
    } else {
      if (c === '(' || c === '[' || c === '{') depth++;
      else if ((c === ')' || c === ']' || c === '}') && depth > 0) depth--;
      i++;
    }
  }
  return undefined;
}

/** The offset just after the string literal opening at `i`; a one-line string stops at a newline. */
function skipString(text: string, i: number, to: number): number {
  const q = text[i];
  const triple = text[i + 1] === q && text[i + 2] === q;
  const close = triple ? q + q + q : q;
  let j = i + close.length;
  while (j < to) {
    const c = text[j];
    if (c === '\\') j += text[j + 1] === '\r' && text[j + 2] === '\n' ? 3 : 2;
    else if (!triple && c === '\n') return j; // unterminated: let the caller see the newline
    else if (text.startsWith(close, j)) return j + close.length;
    else j++;
  }
  return to;
}

/** The token a broken line ends with, and what Python wanted after it. */
export function describeDanglingEnd(text: string, lineEnd: number): { message: string; start: number; end: number } {
  let end = lineEnd;
  // Skip a trailing comment and blanks.
  const lineStart = text.lastIndexOf('\n', lineEnd - 1) + 1;
  const hash = indexOfComment(text, lineStart, lineEnd);
  if (hash >= 0) end = hash;
  while (end > lineStart && /\s/.test(text[end - 1])) end--;
  const before = text.slice(lineStart, end);
  if (before.endsWith('.')) return { message: "expected a name after '.'", start: end - 1, end };
  const op = /(\*\*=|\/\/=|>>=|<<=|\*\*|\/\/|<<|>>|<=|>=|==|!=|[-+*/%@&|^]=|:=|[-+*/%@&|^~<>=]|\band|\bor|\bnot|\bin|\bis)$/.exec(before);
  if (op) return { message: `expected an expression after '${op[0]}'`, start: end - op[0].length, end };
  return { message: 'invalid syntax: the statement does not end at the end of the line', start: Math.max(lineStart, end - 1), end };
}

/** Offset of a `#` that starts a comment in `text[from, to)`, or -1 (quotes are honoured). */
function indexOfComment(text: string, from: number, to: number): number {
  for (let i = from; i < to; i++) {
    const c = text[i];
    if (c === '#') return i;
    if (c === '"' || c === "'") i = skipString(text, i, to) - 1;
    else if (c === '\\') i++;
  }
  return -1;
}
