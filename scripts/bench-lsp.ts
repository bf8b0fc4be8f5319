/**
 * Language-server latency and memory, measured over real LSP stdio (what an editor sees):
 *   node scripts/build.mjs --tests && node out/scripts/bench-lsp.js KERNEL.py [--edits 50] [--files 20] [--seed 1]
 *     [--server other/server.js --debounce MS]   (compare another build; give its debounce)
 * 1. opens KERNEL.py (its helper modules are read from disk next to it) and waits for diagnostics;
 * 2. applies single-character edits at different places, waiting for each edit's diagnostics, and
 *    reports median and p95 of edit → publishDiagnostics, minus the server's typing debounce (reported
 *    separately), in two scenarios: "type" (each edit inserts a character and the text drifts) and
 *    "type+undo" (insert a character, then delete it: every other analysis sees a known text);
 * 3. opens up to N kernel files (`@nki.jit`) from KERNEL.py's package and reports the server's RSS.
 * Numbers vary with machine load; run it on an idle machine and compare medians.
 */
import { readdirSync, readFileSync, statSync, existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { LspClient } from '../test/helpers/lspClient';
import { prng } from '../test/helpers/prng';
import { TYPING_DEBOUNCE_MS } from '../server/src/analysis/scheduler';

const EDIT_CHARS = 'abcdefghijklmnopqrstuvwxyz_0123456789 (),.:+';

function percentile(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))];
}

function rssMiB(pid: number | undefined): number | undefined {
  if (pid === undefined || !existsSync(`/proc/${pid}/status`)) return undefined;
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) / 1024 : undefined;
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

interface Edit { line: number; character: number; insert?: string; deleteOne?: boolean }

function plannedEdits(text: string, count: number, seed: number, undo: boolean): Edit[] {
  const random = prng(seed);
  const lines = text.split('\n');
  const code = lines.map((l, i) => ({ l, i })).filter(({ l }) => l.trim() && !l.trim().startsWith('#'));
  const edits: Edit[] = [];
  while (edits.length < count) {
    const { l, i } = code[Math.floor(random() * code.length)];
    const character = Math.floor(random() * (l.length + 1));
    const ch = EDIT_CHARS[Math.floor(random() * EDIT_CHARS.length)];
    edits.push({ line: i, character, insert: ch });
    if (undo && edits.length < count) edits.push({ line: i, character, deleteOne: true });
  }
  return edits;
}

async function editLatencies(client: LspClient, uri: string, text: string, edits: Edit[], firstVersion: number, debounceMs: number): Promise<{ ms: number[]; version: number }> {
  const ms: number[] = [];
  const lines = text.split('\n');
  let version = firstVersion;
  for (const e of edits) {
    const v = ++version;
    const range = e.deleteOne
      ? { start: { line: e.line, character: e.character }, end: { line: e.line, character: e.character + 1 } }
      : { start: { line: e.line, character: e.character }, end: { line: e.line, character: e.character } };
    const line = lines[e.line];
    lines[e.line] = e.deleteOne ? line.slice(0, e.character) + line.slice(e.character + 1) : line.slice(0, e.character) + e.insert + line.slice(e.character);
    const pending = client.waitForDiagnostics(uri, (p) => p.version === v, 60_000);
    const t0 = performance.now();
    await client.change(uri, v, [{ range, text: e.deleteOne ? '' : e.insert! }]);
    await pending;
    ms.push(performance.now() - t0 - debounceMs);
  }
  return { ms, version };
}

function summary(name: string, ms: number[]): string {
  return `${name.padEnd(10)} n=${ms.length} median ${percentile(ms, 50).toFixed(1)} ms, p95 ${percentile(ms, 95).toFixed(1)} ms, max ${Math.max(...ms).toFixed(1)} ms`;
}

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    args: process.argv.slice(2), allowPositionals: true,
    options: { edits: { type: 'string', default: '50' }, files: { type: 'string', default: '20' }, seed: { type: 'string', default: '1' }, server: { type: 'string' }, debounce: { type: 'string' }, 'node-args': { type: 'string' } },
  });
  const file = positionals[0];
  if (!file) throw new Error('usage: bench-lsp KERNEL.py [--edits 50] [--files 20] [--seed 1]');
  const edits = Number(values.edits);
  const debounceMs = values.debounce !== undefined ? Number(values.debounce) : TYPING_DEBOUNCE_MS;
  const text = readFileSync(file, 'utf8');
  const uri = pathToFileURL(file).href;
  const { client } = await LspClient.start({ serverPath: values.server, nodeArgs: values['node-args']?.split(' ').filter(Boolean) });
  try {
    console.log(`${file}: ${text.split('\n').length} lines; server debounce ${debounceMs} ms (subtracted below)`);
    let t = performance.now();
    const opened = client.waitForDiagnostics(uri, undefined, 60_000);
    await client.open(uri, text);
    await opened;
    console.log(`open → first diagnostics: ${(performance.now() - t).toFixed(0)} ms`);

    const typed = await editLatencies(client, uri, text, plannedEdits(text, edits, Number(values.seed), false), 1, debounceMs);
    console.log(summary('type', typed.ms));
    // Start the second scenario from the original text.
    const reset = client.waitForDiagnostics(uri, (p) => p.version === typed.version + 1, 60_000);
    await client.change(uri, typed.version + 1, [{ text }]);
    await reset;
    const undone = await editLatencies(client, uri, text, plannedEdits(text, edits, Number(values.seed) + 1, true), typed.version + 1, debounceMs);
    console.log(summary('type+undo', undone.ms));

    const files = kernelFiles(file, Number(values.files));
    t = performance.now();
    for (const f of files.slice(1)) {
      const u = pathToFileURL(f).href;
      const pending = client.waitForDiagnostics(u, undefined, 120_000);
      await client.open(u, readFileSync(f, 'utf8'));
      await pending;
    }
    (globalThis as { gc?: () => void }).gc?.();
    console.log(`${files.length} kernel files open (analysed in ${(performance.now() - t).toFixed(0)} ms): server RSS ${rssMiB(client.process.pid)?.toFixed(0) ?? '?'} MiB`);
  } finally {
    await client.stop();
  }
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
