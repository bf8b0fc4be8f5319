/**
 * Language-server latency and memory, measured over real LSP stdio (what an editor sees):
 *   node scripts/build.mjs --tests && node out/scripts/bench-lsp.js KERNEL.py [--edits 40] [--files 20] [--seed 1]
 *     [--helper HELPER.py] [--server other/server.js --debounce MS] [--node-args "--cpu-prof --cpu-prof-dir=DIR"]
 * 1. opens KERNEL.py (its helper modules are read from disk next to it) and waits for diagnostics;
 * 2. types in three places, one character at a time, each keystroke followed by its undo (so the
 *    text stays the file's and every other analysis sees a known text), waiting for each edit's
 *    diagnostics: "kernel" (lines inside an `@nki.jit` function), "outside" (other code lines of the
 *    file) and "helper" (a module KERNEL.py imports, opened in the server: the time until the
 *    kernel file's diagnostics are re-published). For each it reports median and p95 of edit →
 *    first publishDiagnostics of the version (the provisional one: syntax errors and the previous
 *    findings moved with the text) and → the full analysis (nki/status of the version), minus the
 *    server's typing debounce (reported separately), and the server's CPU time per edit (from
 *    /proc: unlike wall time it hardly moves when other processes share the machine);
 * 3. opens up to N kernel files (`@nki.jit`) from KERNEL.py's package and reports the server's RSS.
 */
import { readdirSync, readFileSync, statSync, existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseScriptArgs } from './scriptArgs';
import { LspClient } from '../test/helpers/lspClient';
import { prng } from '../test/helpers/prng';
import { TYPING_DEBOUNCE_MS } from '../server/src/analysis/scheduler';
import { initParser, parsePython } from '../simulator/src/frontend';
import { findKernels } from '../simulator/src/check/kernels';
import { kernelFirstLine } from '../server/src/analysis/kernelUnits';

const USAGE = 'usage: node out/scripts/bench-lsp.js KERNEL.py [--edits 40] [--files 20] [--seed 1] [--helper PATH] [--server PATH] [--debounce MS] [--node-args ARGS]';

const EDIT_CHARS = 'abcdefghijklmnopqrstuvwxyz_0123456789 (),.:+';

function percentile(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))];
}

function procStatus(pid: number | undefined, field: string): number | undefined {
  if (pid === undefined || !existsSync(`/proc/${pid}/status`)) return undefined;
  const m = new RegExp(`${field}:\\s+(\\d+) kB`).exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) / 1024 : undefined;
}

/** User + system CPU time of `pid` in ms (clock ticks of 10 ms). */
function cpuMs(pid: number | undefined): number {
  if (pid === undefined || !existsSync(`/proc/${pid}/stat`)) return NaN;
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /, '').split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

/** Kernel files under the package that contains `file`, `file` first. */
function kernelFiles(file: string, max: number): string[] {
  let root = dirname(file);
  while (existsSync(join(dirname(root), '__init__.py'))) root = dirname(root);
  const out = [file];
  const visit = (dir: string): void => {
    for (const name of readdirSync(dir).sort()) {
      if (out.length >= max) return;
      const p = join(dir, name);
      if (statSync(p).isDirectory()) visit(p);
      else if (name.endsWith('.py') && p !== file && /@nki\.jit/.test(readFileSync(p, 'utf8'))) out.push(p);
    }
  };
  visit(root);
  return out;
}

/** The largest module `file` imports with a relative `from ..x.y import z`. */
function largestRelativeImport(file: string, text: string): string | undefined {
  let best: { path: string; size: number } | undefined;
  for (const m of text.matchAll(/^from (\.+)([\w.]*) import/gm)) {
    let dir = dirname(file);
    for (let i = 1; i < m[1].length; i++) dir = dirname(dir);
    const path = join(dir, ...m[2].split('.').filter(Boolean)) + '.py';
    if (existsSync(path) && (!best || statSync(path).size > best.size)) best = { path, size: statSync(path).size };
  }
  return best?.path;
}

interface Edit { line: number; character: number; insert?: string; deleteOne?: boolean }

/** `count` edits on the given lines: a character typed, then deleted. */
function plannedEdits(lines: string[], candidates: number[], count: number, seed: number): Edit[] {
  const random = prng(seed);
  const code = candidates.filter((i) => lines[i].trim() && !lines[i].trim().startsWith('#'));
  const edits: Edit[] = [];
  while (edits.length < count && code.length) {
    const i = code[Math.floor(random() * code.length)];
    const character = Math.floor(random() * (lines[i].length + 1));
    edits.push({ line: i, character, insert: EDIT_CHARS[Math.floor(random() * EDIT_CHARS.length)] });
    if (edits.length < count) edits.push({ line: i, character, deleteOne: true });
  }
  return edits;
}

interface Doc { uri: string; lines: string[]; version: number }

/** Per edit: ms to the first publish of the version, ms to its full analysis (absent for a watched dependent). */
interface Measured { ms: number[]; fullMs: number[]; cpuMs: number }

/** Applies `edits` to `doc`, each time waiting for the diagnostics of `watch` (default: `doc`). */
async function editLatencies(client: LspClient, doc: Doc, edits: Edit[], debounceMs: number, watch?: string): Promise<Measured> {
  const ms: number[] = [];
  const fullMs: number[] = [];
  const cpu0 = cpuMs(client.process.pid);
  for (const e of edits) {
    const v = ++doc.version;
    const range = e.deleteOne
      ? { start: { line: e.line, character: e.character }, end: { line: e.line, character: e.character + 1 } }
      : { start: { line: e.line, character: e.character }, end: { line: e.line, character: e.character } };
    const line = doc.lines[e.line];
    doc.lines[e.line] = e.deleteOne ? line.slice(0, e.character) + line.slice(e.character + 1) : line.slice(0, e.character) + e.insert + line.slice(e.character);
    const pending = watch ? client.waitForDiagnostics(watch, undefined, 60_000) : client.waitForDiagnostics(doc.uri, (p) => p.version === v, 60_000);
    const full = watch ? undefined : client.waitForAnalysis(doc.uri, v, 60_000);
    const t0 = performance.now();
    await client.change(doc.uri, v, [{ range, text: e.deleteOne ? '' : e.insert! }]);
    await pending;
    ms.push(performance.now() - t0 - debounceMs);
    if (full) {
      await full;
      fullMs.push(performance.now() - t0 - debounceMs);
    }
  }
  return { ms, fullMs, cpuMs: (cpuMs(client.process.pid) - cpu0) / edits.length };
}

function stats(ms: number[]): string {
  return `median ${percentile(ms, 50).toFixed(1)} ms, p95 ${percentile(ms, 95).toFixed(1)} ms, max ${Math.max(...ms).toFixed(1)} ms`;
}

function summary(name: string, m: Measured): string {
  const full = m.fullMs.length ? `; full analysis ${stats(m.fullMs)}` : '';
  return `${name.padEnd(8)} n=${m.ms.length} first publish ${stats(m.ms)}${full}; server CPU ${m.cpuMs.toFixed(1)} ms/edit`;
}

async function open(client: LspClient, path: string): Promise<Doc> {
  const text = readFileSync(path, 'utf8');
  const uri = pathToFileURL(path).href;
  const pending = client.waitForDiagnostics(uri, undefined, 120_000);
  await client.open(uri, text);
  await pending;
  return { uri, lines: text.split('\n'), version: 1 };
}

async function main(): Promise<void> {
  const { values, positionals } = parseScriptArgs({
    args: process.argv.slice(2), allowPositionals: true,
    options: {
      edits: { type: 'string', default: '40' }, files: { type: 'string', default: '20' }, seed: { type: 'string', default: '1' },
      helper: { type: 'string' }, server: { type: 'string' }, debounce: { type: 'string' }, 'node-args': { type: 'string' },
    },
  }, USAGE);
  const file = positionals[0];
  if (!file) throw new Error('usage: bench-lsp KERNEL.py [--edits 40] [--files 20] [--seed 1] [--helper HELPER.py]');
  const edits = Number(values.edits);
  const seed = Number(values.seed);
  const debounceMs = values.debounce !== undefined ? Number(values.debounce) : TYPING_DEBOUNCE_MS;
  const text = readFileSync(file, 'utf8');
  const lines = text.split('\n');
  await initParser();
  const inKernel = new Set<number>();
  for (const k of findKernels(parsePython(text))) for (let l = kernelFirstLine(k); l <= k.span.end.line; l++) inKernel.add(l);
  const all = lines.map((_, i) => i);
  const helper = values.helper ?? largestRelativeImport(file, text);

  const { client } = await LspClient.start({ serverPath: values.server, nodeArgs: values['node-args']?.split(' ').filter(Boolean) });
  try {
    console.log(`${file}: ${lines.length} lines, ${inKernel.size} in kernels; server debounce ${debounceMs} ms (subtracted below); load average ${readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ')}`);
    const t = performance.now();
    const doc = await open(client, file);
    console.log(`open → first diagnostics: ${(performance.now() - t).toFixed(0)} ms`);

    console.log(summary('kernel', await editLatencies(client, doc, plannedEdits(doc.lines, all.filter((i) => inKernel.has(i)), edits, seed), debounceMs)));
    console.log(summary('outside', await editLatencies(client, doc, plannedEdits(doc.lines, all.filter((i) => !inKernel.has(i)), edits, seed + 1), debounceMs)));
    if (helper) {
      const h = await open(client, helper);
      const m = await editLatencies(client, h, plannedEdits(h.lines, h.lines.map((_, i) => i), edits, seed + 2), debounceMs, doc.uri);
      console.log(`${summary('helper', m)}  (${helper.split('/').slice(-2).join('/')}: until the kernel file is re-published)`);
    }

    const files = kernelFiles(file, Number(values.files));
    const t2 = performance.now();
    for (const f of files.slice(1)) await open(client, f);
    console.log(`${files.length} kernel files open (analysed in ${(performance.now() - t2).toFixed(0)} ms): server RSS ${procStatus(client.process.pid, 'VmRSS')?.toFixed(0) ?? '?'} MiB (peak ${procStatus(client.process.pid, 'VmHWM')?.toFixed(0) ?? '?'} MiB)`);
  } finally {
    await client.stop();
  }
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
