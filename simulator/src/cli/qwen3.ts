/**
 * `nki-studio qwen3`: per-layer Qwen3 prefill latency from simulated kernels (see ../qwen3).
 * Progress goes to stderr (one line per kernel simulated); the report to stdout as a text table
 * or JSON ('nki-studio.qwen3/1'), and optionally to --out for the viewer.
 */
import { writeFileSync } from 'node:fs';
import type { ParsedCommand } from './args';
import type { Io } from './main';
import { formatQwen3Text, runQwen3 } from '../qwen3';

type Qwen3Command = Extract<ParsedCommand, { command: 'qwen3' }>;

export async function runQwen3Command(cmd: Qwen3Command, io: Io): Promise<number> {
  const started = performance.now();
  let report;
  try {
    report = await runQwen3({
      model: cmd.model, layers: cmd.layers, seq: cmd.seq, batch: cmd.batch, attention: cmd.attention, replace: cmd.replace,
      target: cmd.target, traceTimeoutMs: cmd.traceTimeoutS * 1000, cacheDir: cmd.cache,
      log: (line) => io.err.write(`${line}\n`),
    });
  } catch (err) {
    io.err.write(`nki-studio qwen3: ${(err as Error).message}\n`);
    return 1;
  }
  const json = `${JSON.stringify(report, null, 1)}\n`;
  if (cmd.out) {
    try {
      writeFileSync(cmd.out, json);
    } catch (err) {
      io.err.write(`nki-studio qwen3: cannot write ${cmd.out}: ${(err as Error).message}\n`);
      return 1;
    }
  }
  io.out.write(cmd.format === 'json' ? json : `${formatQwen3Text(report)}\n`);
  io.err.write(`qwen3: done in ${((performance.now() - started) / 1000).toFixed(1)} s\n`);
  return 0;
}
