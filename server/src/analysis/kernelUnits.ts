/**
 * Splits a module into the units the tracer analyses separately: one per kernel name. Each unit
 * gets a fingerprint of everything its trace can depend on inside this file, so an edit inside
 * one kernel re-traces that kernel only.
 *
 * A unit's fingerprint is the file text with every *other* kernel's lines replaced by a
 * placeholder naming the kernel and its line count, plus the analysis settings. So:
 * - an edit in shared code (imports, helpers, constants) changes every fingerprint;
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

function mentions(text: string, name: string): boolean {
  return new RegExp(`(^|[^\\w])${name.replace(/[^\w]/g, '\\$&')}([^\\w]|$)`).test(text);
}

export function kernelUnits(module: Module, text: string, path: string, settingsKey: string): KernelUnit[] {
  const kernels = findKernels(module);
  if (kernels.length === 0) return [];
  const lines = text.split('\n');
  const regions = regionsOf(kernels);
  const inRegion = new Array<Region | undefined>(lines.length);
  for (const r of regions) for (let l = r.firstLine; l <= r.lastLine && l < lines.length; l++) inRegion[l] ??= r;
  const shared = lines.filter((_, i) => !inRegion[i]).join('\n');
  const regionText = (r: Region): string => lines.slice(r.firstLine, r.lastLine + 1).join('\n');

  const names = [...new Set(kernels.map((k) => k.name))];
  return names.map((name) => {
    const own = regions.filter((r) => r.name === name).map(regionText).join('\n');
    const verbatim = new Set([name, ...names.filter((other) => other !== name && (mentions(own, other) || mentions(shared, other)))]);
    const hash = createHash('sha1').update(`${path}\0${settingsKey}\0`);
    let i = 0;
    while (i < lines.length) {
      const r = inRegion[i];
      if (r && !verbatim.has(r.name)) {
        const end = Math.min(r.lastLine, lines.length - 1);
        hash.update(`\u0001${r.name}:${end - i + 1}\n`);
        i = end + 1;
      } else {
        hash.update(lines[i]).update('\n');
        i++;
      }
    }
    return { name, defs: kernels.filter((k) => k.name === name), fingerprint: hash.digest('hex') };
  });
}
