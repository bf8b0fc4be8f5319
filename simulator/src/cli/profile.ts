/**
 * `nki-studio profile`: trace a kernel in shape mode with known input shapes, simulate it on the
 * NeuronCore performance model, and report the latency, the bottleneck and what to do about it.
 * Writes the profile JSON (--out), a Chrome trace for Perfetto (--trace) and a self-contained HTML
 * report (--html). A kernel with rule diagnostics still profiles (they are listed in the
 * profile); only a trace that could not follow the kernel stops the command.
 */
import { closeSync, openSync, readFileSync, writeSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { ParsedCommand, SimLimits } from './args';
import type { BudgetOptions } from '../interp';
import type { Io } from './main';
import { chromeTraceChunks } from '../perf';
import { profileKernel, type ProfileRun } from '../profile/profileKernel';
import { loadViewerAssets, writeReportHtml } from '../profile/htmlReport';
import type { Profile } from '../profile/schema';
import { formatNs } from '../profile/format';
import { profileJsonChunks } from '../profile/json';
import { eventCount } from '../profile/eventStore';

type ProfileCommand = Extract<ParsedCommand, { command: 'profile' }>;

/**
 * A profile is a batch run on shapes the user chose, often the real (large) ones: the trace gets a
 * minute and 200 million interpreter steps instead of the editor's 5 s, so a 16K-token attention
 * (~250K instructions) completes; runaway kernels still stop with a clear message.
 */
export const PROFILE_TRACE_BUDGET = { timeoutMs: 60_000, maxSteps: 200_000_000 };

/** The trace budget with the user's `--max-instructions` / `--max-memory-mb`. */
export function profileTraceBudget(limits: SimLimits | undefined): BudgetOptions {
  return {
    ...PROFILE_TRACE_BUDGET,
    ...(limits?.maxInstructions ? { maxSteps: limits.maxInstructions } : {}),
    ...(limits?.maxMemoryMB ? { maxMemoryBytes: limits.maxMemoryMB * 1024 ** 2 } : {}),
  };
}

function summaryText(p: Profile): string {
  const s = p.summary;
  const lines = [
    `${p.kernel} on ${p.target}: ${formatNs(s.totalNs)} (${eventCount(p).toLocaleString('en-US')} instructions, timing-only estimate)`,
    `  bound: ${s.roofline.bound}; ${s.roofline.slowdown.toFixed(1)}x the roofline minimum of ${formatNs(s.roofline.attainableNs)}; MFU ${(s.mfu * 100).toFixed(1)}%`,
    `  bottleneck: ${s.bottleneck.message}`,
    ...s.engines.filter((e) => e.instructions > 0).map((e) => `  ${e.track.padEnd(7)} ${(e.utilisation * 100).toFixed(1).padStart(5)}% busy, ${e.instructions} instr`),
    ...s.recommendations.slice(0, 5).map((r, i) => `  ${i + 1}. ${r.message}${r.source ? ` (${r.source.path.split('/').pop()}:${r.source.line + 1})` : ''}`),
  ];
  for (const d of p.diagnostics.filter((x) => x.severity === 'error' || x.severity === 'warning')) lines.push(`  note: ${d.code} ${d.message}`);
  return lines.join('\n');
}

export async function runProfile(cmd: ProfileCommand, io: Io): Promise<number> {
  let text: string;
  try {
    text = readFileSync(cmd.file, 'utf8');
  } catch (err) {
    io.err.write(`nki-studio profile: cannot read ${cmd.file}: ${(err as Error).message}\n`);
    return 2;
  }
  let run: ProfileRun;
  try {
    run = await profileKernel(cmd.file, text, {
      kernel: cmd.kernel, shapes: cmd.shapes, target: cmd.target, nkiVersion: cmd.nkiVersion, budget: profileTraceBudget(cmd.limits),
    });
  } catch (err) {
    io.err.write(`nki-studio profile: ${(err as Error).message}\n`);
    return 1;
  }
  const { profile } = run;
  // Written in chunks: a large profile's JSON can exceed the longest string V8 allows.
  if (cmd.out) writeChunks(cmd.out, profileJsonChunks(profile));
  if (cmd.trace) writeChunks(cmd.trace, chromeTraceChunks(profile));
  if (cmd.html) writeReportHtml(cmd.html, profile, loadViewerAssets(distDir()));
  if (cmd.format === 'json') io.out.write(`${JSON.stringify({ kernel: profile.kernel, target: profile.target, summary: profile.summary }, null, 2)}\n`);
  else io.out.write(`${summaryText(profile)}\n`);
  return 0;
}

/** dist/ holds the viewer bundle: next to cli.js when bundled, or at the repository root. */
function distDir(): string {
  for (let dir = __dirname; dirname(dir) !== dir; dir = dirname(dir)) {
    try {
      readFileSync(join(dir, 'webview/viewer.js'));
      return dir;
    } catch {
      try { readFileSync(join(dir, 'dist/webview/viewer.js')); return join(dir, 'dist'); } catch { /* keep looking */ }
    }
  }
  throw new Error('the viewer bundle (dist/webview/viewer.js) is missing: run npm run build');
}

function writeChunks(path: string, chunks: Iterable<string>): void {
  const fd = openSync(path, 'w');
  try {
    for (const chunk of chunks) writeSync(fd, chunk);
  } finally {
    closeSync(fd);
  }
}
