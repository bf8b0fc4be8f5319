/**
 * API coverage of the tables against real source files.
 *
 * Purpose: list the NKI names (`nl.X`, `nisa.X`, `nki.X`, `nt.X`, … resolved through each file's
 * imports) that sources use but the tables do not know — the corpus report uses this to prove that
 * correct kernels cannot produce a false "unknown API".
 * Invariant: text-only and conservative: comments and string literals are blanked before scanning;
 * aliases come only from `import`/`from … import` statements of the same file; attribute chains are
 * resolved as deep as the tables go (enum members, namespaces), and names under opaque modules are
 * never reported. Version-agnostic unless a model is given (then names unavailable in that version
 * are reported separately).
 */
import { apiByName } from './api/registry';
import type { NkiModel } from './model';
import { normalizeName } from './model';

export interface CoverageItem {
  /** Normalised qualified name, e.g. 'nki.language.foo'. */
  readonly name: string;
  readonly count: number;
  /** How it was written the first time, e.g. 'nl.foo'. */
  readonly example: string;
  /** Index into sourceTexts of the first occurrence. */
  readonly firstSource: number;
}

export interface CoverageReport {
  /** Names the tables do not know at all. */
  readonly unknown: readonly CoverageItem[];
  /** Names known but not available in the model's version (only when a model is passed). */
  readonly unavailable: readonly CoverageItem[];
  /** Distinct known names used. */
  readonly knownNames: number;
  /** Total resolved NKI references scanned. */
  readonly references: number;
}

const NKI_ROOTS = /^(neuronxcc\.nki|nki)(\.|$)/;

/** Blanks comments and string literals (keeps line structure) so docstrings don't count as uses. */
export function stripPythonCommentsAndStrings(src: string): string {
  let out = '';
  let i = 0;
  const n = src.length;
  while (i < n) {
    const c = src[i];
    if (c === '#') {
      while (i < n && src[i] !== '\n') { out += ' '; i++; }
      continue;
    }
    if (c === '"' || c === "'") {
      // optional string prefix letters were already copied; detect triple quotes
      const triple = src.startsWith(c.repeat(3), i);
      const q = triple ? c.repeat(3) : c;
      out += ' '.repeat(q.length);
      i += q.length;
      while (i < n) {
        if (src[i] === '\\') { out += '  '; i += 2; continue; }
        if (src.startsWith(q, i)) { out += ' '.repeat(q.length); i += q.length; break; }
        if (!triple && src[i] === '\n') break;
        out += src[i] === '\n' ? '\n' : ' ';
        i++;
      }
      continue;
    }
    out += c;
    i++;
  }
  return out;
}

/** alias → fully qualified module or object, from import statements. */
export function importAliases(code: string): Map<string, string> {
  const aliases = new Map<string, string>();
  const joined = code.replace(/\\\n/g, ' ').replace(/\(([^()]*)\)/g, (m, inner: string) => (/^\s*[\w\s,]+$/.test(inner) ? inner.replace(/\n/g, ' ') : m));
  for (const line of joined.split('\n')) {
    const t = line.trim();
    let m = /^import\s+(.+)$/.exec(t);
    if (m) {
      for (const part of m[1].split(',')) {
        const mm = /^([\w.]+)(?:\s+as\s+(\w+))?$/.exec(part.trim());
        if (!mm || !NKI_ROOTS.test(mm[1])) continue;
        if (mm[2]) aliases.set(mm[2], mm[1]);
        else aliases.set(mm[1].split('.')[0], mm[1].split('.')[0]);
      }
      continue;
    }
    m = /^from\s+([\w.]+)\s+import\s+(.+)$/.exec(t);
    if (m && (NKI_ROOTS.test(m[1]) || m[1] === 'neuronxcc')) {
      for (const part of m[2].replace(/[()]/g, '').split(',')) {
        const mm = /^(\w+)(?:\s+as\s+(\w+))?$/.exec(part.trim());
        if (!mm || mm[1] === '*') continue;
        aliases.set(mm[2] ?? mm[1], `${m[1]}.${mm[1]}`);
      }
    }
  }
  return aliases;
}

type Resolution = { readonly kind: 'known'; readonly name: string } | { readonly kind: 'unknown'; readonly name: string } | { readonly kind: 'skip' };

/** Resolves a dotted chain as deep as the tables go. */
function resolveChain(qualified: string): Resolution {
  const { name } = normalizeName(qualified);
  if (!/^nki(\.|$)/.test(name)) return { kind: 'skip' };
  const parts = name.split('.');
  let lastKnown: string | undefined;
  for (let i = 1; i <= parts.length; i++) {
    const prefix = parts.slice(0, i).join('.');
    const e = apiByName(prefix);
    if (!e) {
      if (lastKnown === undefined) return { kind: 'unknown', name: prefix };
      const parent = apiByName(lastKnown)!;
      if (parent.opaque) return { kind: 'skip' };
      // attributes of values (t.shape, kernel.with_schedule, enum.value) are not API names
      if (!['module', 'namespace', 'enum'].includes(parent.kind)) return { kind: 'known', name: lastKnown };
      return { kind: 'unknown', name: prefix };
    }
    lastKnown = prefix;
    if (!['module', 'namespace', 'enum'].includes(e.kind)) return { kind: 'known', name: prefix };
  }
  return { kind: 'known', name: lastKnown! };
}

/**
 * Lists the NKI names used in `sourceTexts` that the tables do not know (and, given a model,
 * those known but unavailable in its version).
 */
export function apiCoverage(sourceTexts: readonly string[], model?: NkiModel): CoverageReport {
  const unknown = new Map<string, { count: number; example: string; firstSource: number }>();
  const unavailable = new Map<string, { count: number; example: string; firstSource: number }>();
  const known = new Set<string>();
  let references = 0;
  const bump = (m: typeof unknown, name: string, example: string, src: number) => {
    const cur = m.get(name);
    if (cur) cur.count++;
    else m.set(name, { count: 1, example, firstSource: src });
  };

  sourceTexts.forEach((text, srcIdx) => {
    const code = stripPythonCommentsAndStrings(text);
    const aliases = importAliases(code);
    const uses: { qualified: string; written: string }[] = [];
    // every imported name counts as a use (from nki.isa import oob_mode)
    for (const [alias, target] of aliases) if (target.includes('.') && !NKI_ROOTS.test(alias)) uses.push({ qualified: target, written: `import ${target}` });
    if (aliases.size) {
      const names = [...aliases.keys()].sort((a, b) => b.length - a.length).map((a) => a.replace(/\./g, '\\.'));
      const re = new RegExp(`(?<![\\w.])(${names.join('|')})((?:\\.[A-Za-z_]\\w*)*)`, 'g');
      for (const m of code.matchAll(re)) {
        const before = code.slice(Math.max(0, m.index! - 40), m.index!);
        if (/\b(import|from)\s+[\w.]*$/.test(before) || /\bimport\s+[\w., ]*$/.test(before)) continue; // the import statement itself
        const head = aliases.get(m[1])!;
        uses.push({ qualified: head + (m[2] ?? ''), written: m[0] });
      }
    }
    for (const u of uses) {
      const r = resolveChain(u.qualified);
      if (r.kind === 'skip') continue;
      references++;
      if (r.kind === 'unknown') {
        bump(unknown, r.name, u.written, srcIdx);
        continue;
      }
      known.add(r.name);
      if (model) {
        const l = model.lookup(r.name);
        if (l.status === 'unavailable') bump(unavailable, r.name, u.written, srcIdx);
      }
    }
  });
  const list = (m: typeof unknown): CoverageItem[] =>
    [...m.entries()].map(([name, v]) => ({ name, ...v })).sort((a, b) => b.count - a.count || a.name.localeCompare(b.name));
  return { unknown: list(unknown), unavailable: list(unavailable), knownNames: known.size, references };
}
