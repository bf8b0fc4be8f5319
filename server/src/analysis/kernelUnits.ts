/**
 * Splits a module into the units the tracer analyses separately: one per kernel name. Each unit
 * gets a fingerprint of everything its trace can depend on inside this file, so an edit inside
 * one kernel re-traces that kernel only, and an edit inside a helper function re-traces only the
 * kernels that can call it.
 *
 * A unit's fingerprint is the file text with every *other* kernel's lines, and the body of every
 * helper function the kernel cannot reach, replaced by a placeholder naming it and its line count,
 * plus the analysis settings. A helper (an undecorated top-level `def`) is reachable when its name
 * occurs in the kernel, in module-level code, or in a reachable helper's body (by identifier, so
 * strings and attributes count: an over-approximation). Only its body is left out: its `def` line
 * (defaults, annotations) runs when the module loads. So:
 * - an edit in module-level code (imports, constants, class bodies, def lines) changes every
 *   fingerprint; an edit in a helper's body changes those of the kernels that reach it;
 * - an edit inside kernel B leaves kernel A's fingerprint unchanged only while A's lines keep
 *   their numbers (B's line count is in the placeholder), which keeps A's cached diagnostics
 *   and facts valid position for position (line and character; byte offsets may differ);
 * - a kernel whose name appears in A's text or in shared code (a kernel calling a kernel) is
 *   kept verbatim in A's fingerprint.
 * Helper modules in other files are not part of the fingerprint; the trace cache validates them.
 */
import { createHash } from 'node:crypto';
import type { FunctionDef, Module } from '../../../simulator/src/frontend';
import { findKernels } from '../../../simulator/src/check/kernels';

export interface KernelUnit {
  /** The kernel's name (several defs with one name form one unit, as the engine traces them together). */
  readonly name: string;
  readonly defs: readonly FunctionDef[];
  /** Hash of the file as this unit's trace sees it (see the file comment), the path and settings. */
  readonly fingerprint: string;
}

interface Region { name: string; firstLine: number; lastLine: number }
interface Helper extends Region { idents: ReadonlySet<string> }

const IDENT = /[A-Za-z_][A-Za-z0-9_]*/g;

/** Identifier sets of recently seen helper bodies: most of them are unchanged from one edit to the next. */
const identCache = new Map<string, Set<string>>();
const IDENT_CACHE_SIZE = 2048;

function identifiers(text: string): Set<string> {
  return new Set(text.match(IDENT) ?? []);
}

function cachedIdentifiers(text: string): Set<string> {
  let hit = identCache.get(text);
  if (hit) return hit;
  hit = identifiers(text);
  identCache.set(text, hit);
  if (identCache.size > IDENT_CACHE_SIZE) identCache.delete(identCache.keys().next().value as string);
  return hit;
}

/** Undecorated top-level functions that are not kernels: their bodies run only when called. */
function helperBodies(module: Module, kernels: readonly FunctionDef[], lines: readonly string[]): Helper[] {
  const out: Helper[] = [];
  for (const st of module.body) {
    if (st.kind !== 'FunctionDef' || st.decorators.length > 0 || kernels.includes(st) || st.body.length === 0) continue;
    const firstLine = st.body[0].span.start.line;
    // A one-line `def f(): return x` has no separate body lines.
    if (firstLine <= st.span.start.line) continue;
    const lastLine = st.span.end.line;
    out.push({ name: st.name, firstLine, lastLine, idents: cachedIdentifiers(lines.slice(firstLine, lastLine + 1).join('\n')) });
  }
  return out;
}

/** First line of a kernel including its decorators and the comments above them (shapes directive). */
export function kernelFirstLine(def: FunctionDef): number {
  let first = def.span.start.line;
  for (const d of def.decorators) first = Math.min(first, d.span.start.line);
  for (const c of def.leadingComments) first = Math.min(first, c.span.start.line);
  return first;
}

function regionsOf(kernels: readonly FunctionDef[]): Region[] {
  return kernels
    .map((k) => ({ name: k.name, firstLine: kernelFirstLine(k), lastLine: k.span.end.line }))
    .sort((a, b) => a.firstLine - b.firstLine);
}

export function kernelUnits(module: Module, text: string, path: string, settingsKey: string): KernelUnit[] {
  const kernels = findKernels(module);
  if (kernels.length === 0) return [];
  const lines = text.split('\n');
  const regions = regionsOf(kernels);
  const inRegion = new Array<Region | undefined>(lines.length);
  for (const r of regions) for (let l = r.firstLine; l <= r.lastLine && l < lines.length; l++) inRegion[l] ??= r;
  const helpers = helperBodies(module, kernels, lines);
  const inHelper = new Array<Helper | undefined>(lines.length);
  for (const h of helpers) for (let l = h.firstLine; l <= h.lastLine && l < lines.length; l++) if (!inRegion[l]) inHelper[l] ??= h;
  const shared = lines.filter((_, i) => !inRegion[i] && !inHelper[i]).join('\n');
  // A helper's own `def name(` line does not make it reachable.
  const sharedIdents = identifiers(shared.replace(/\bdef\s+[A-Za-z_][A-Za-z0-9_]*/g, 'def'));
  const regionText = (r: Region): string => lines.slice(r.firstLine, r.lastLine + 1).join('\n');

  /** Helpers reachable from `start` (names) through helper bodies. */
  const reachable = (start: ReadonlySet<string>): Set<Helper> => {
    const seen = new Set<Helper>();
    const names = new Set(start);
    for (let grew = true; grew;) {
      grew = false;
      for (const h of helpers) {
        if (seen.has(h) || !names.has(h.name)) continue;
        seen.add(h);
        for (const n of h.idents) names.add(n);
        grew = true;
      }
    }
    return seen;
  };

  const names = [...new Set(kernels.map((k) => k.name))];
  return names.map((name) => {
    const own = regions.filter((r) => r.name === name).map(regionText).join('\n');
    const ownIdents = identifiers(own);
    const reached = reachable(new Set([...ownIdents, ...sharedIdents]));
    for (const h of reached) for (const n of h.idents) ownIdents.add(n);
    const verbatim = new Set([name, ...names.filter((other) => other !== name && (ownIdents.has(other) || sharedIdents.has(other)))]);
    const hash = createHash('sha1').update(`${path}\0${settingsKey}\0`);
    let i = 0;
    while (i < lines.length) {
      const r = inRegion[i];
      const h = r ? undefined : inHelper[i];
      if (r && !verbatim.has(r.name)) {
        const end = Math.min(r.lastLine, lines.length - 1);
        hash.update(`\u0001${r.name}:${end - i + 1}\n`);
        i = end + 1;
      } else if (h && !reached.has(h)) {
        const end = Math.min(h.lastLine, lines.length - 1);
        hash.update(`\u0002${h.name}:${end - i + 1}\n`);
        i = end + 1;
      } else {
        hash.update(lines[i]).update('\n');
        i++;
      }
    }
    return { name, defs: kernels.filter((k) => k.name === name), fingerprint: hash.digest('hex') };
  });
}
