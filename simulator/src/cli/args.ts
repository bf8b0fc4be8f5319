/**
 * Command-line parsing for the CLI contract. Node's `util.parseArgs` does the tokenising; this
 * module declares each command's options once and validates values (enums, integers, required
 * flags), turning every problem into a `UsageError` with a message a person can act on.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { parseShapeSpec, type ShapeSpec } from '../kernel/shapeSpec';
import type { CommandName } from './usage';
import { NKI_VERSION_FLAGS, TARGETS, type TargetName } from '../options';
import { parseVersion } from '../nki/versions';

export class UsageError extends Error {
  constructor(message: string, readonly command?: CommandName) {
    super(message);
  }
}

import { QWEN3_MODELS, type Qwen3ModelName } from '../qwen3/configs';
export { QWEN3_MODELS, type Qwen3ModelName };

type Options = NonNullable<ParseArgsConfig['options']>;

const common: Options = {
  target: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
};
const kernelSelectionOptions: Options = {
  kernel: { type: 'string' },
  shape: { type: 'string', multiple: true },
  'nki-version': { type: 'string' },
};
/** Simulation budgets of run and profile (the editor passes its nkiStudio.simulator.* settings). */
const limitOptions: Options = { 'max-instructions': { type: 'string' }, 'max-memory-mb': { type: 'string' } };

const OPTIONS: Record<Exclude<CommandName, 'help'>, Options> = {
  check: { ...common, ...kernelSelectionOptions, format: { type: 'string' } },
  run: {
    ...common, ...kernelSelectionOptions, ...limitOptions, input: { type: 'string', multiple: true }, seed: { type: 'string' }, out: { type: 'string' },
    compare: { type: 'string', multiple: true }, rtol: { type: 'string' }, atol: { type: 'string' }, grid: { type: 'string' },
    format: { type: 'string' }, generate: { type: 'string' }, arg: { type: 'string', multiple: true },
  },
  profile: {
    ...common, ...kernelSelectionOptions, ...limitOptions, 'timing-only': { type: 'boolean' }, format: { type: 'string' },
    out: { type: 'string' }, trace: { type: 'string' }, html: { type: 'string' },
  },
  qwen3: {
    ...common, model: { type: 'string' }, layers: { type: 'string' }, seq: { type: 'string' }, batch: { type: 'string' },
    attention: { type: 'string' }, format: { type: 'string' }, replace: { type: 'string' }, cache: { type: 'string' },
    'trace-timeout': { type: 'string' }, out: { type: 'string' },
  },
};

export interface KernelSelection {
  kernel?: string;
  shapes: ShapeSpec[];
  target: TargetName;
  /** auto, a version, or a Neuron release (validated). */
  nkiVersion: string;
}

/** `--max-instructions` (interpreter steps; a run also replays at most this many instructions) and `--max-memory-mb`. */
export interface SimLimits { maxInstructions?: number; maxMemoryMB?: number }

export interface InputSpec { arg: string; path: string; dtype?: string }
/** `--compare NAME=REF.npy`: an output (output, output_0, or a written argument's name) against a reference. */
export interface CompareSpec { name: string; path: string }
export interface RunOptions {
  compare: CompareSpec[]; rtol: number; atol: number; grid: number[]; format: 'text' | 'json'; generate: 'random' | 'zeros' | 'ones';
  /** Compile-time (non-tensor) kernel arguments, `--arg NAME=VALUE`. */
  args: Record<string, unknown>;
}

export type ParsedCommand =
  | { command: 'help'; topic?: CommandName }
  | { command: 'check'; files: string[]; format: 'text' | 'json' } & KernelSelection
  | { command: 'run'; file: string; kernel: string; inputs: InputSpec[]; seed: number; out: string; limits: SimLimits } & RunOptions & KernelSelection
  | {
      command: 'profile'; file: string; kernel: string; timingOnly: boolean; format: 'text' | 'json';
      out?: string; trace?: string; html?: string; limits: SimLimits;
    } & KernelSelection
  | {
      command: 'qwen3'; model: Qwen3ModelName; layers?: number; seq: number; batch: number;
      attention: 'naive' | 'flash' | { file: string; kernel: string }; target: TargetName; format: 'text' | 'json';
      replace: 'attention' | 'all'; cache?: string; traceTimeoutS: number; out?: string;
    };

function oneOf<T extends string>(command: CommandName, flag: string, value: string | undefined, allowed: readonly T[], fallback?: T): T {
  if (value === undefined) {
    if (fallback !== undefined) return fallback;
    throw new UsageError(`missing required option --${flag} (one of ${allowed.join(', ')})`, command);
  }
  if (!(allowed as readonly string[]).includes(value)) {
    throw new UsageError(`--${flag} must be one of ${allowed.join(', ')}; got '${value}'`, command);
  }
  return value as T;
}

function positiveInt(command: CommandName, flag: string, value: string | undefined, opts: { min?: number } = {}): number | undefined {
  if (value === undefined) return undefined;
  const min = opts.min ?? 1;
  if (!/^\d+$/.test(value) || Number(value) < min || !Number.isSafeInteger(Number(value))) {
    throw new UsageError(`--${flag} must be a whole number${min > 0 ? ` of at least ${min}` : ''}; got '${value}'`, command);
  }
  return Number(value);
}

function required(command: CommandName, flag: string, value: string | undefined): string {
  if (value === undefined || value === '') throw new UsageError(`missing required option --${flag}`, command);
  return value;
}

function parseInputSpec(command: CommandName, text: string): InputSpec {
  const m = /^([A-Za-z_][A-Za-z0-9_]*)=(.+?)(?::([A-Za-z0-9_]+))?$/.exec(text);
  if (!m || !m[2].endsWith('.npy')) {
    throw new UsageError(`--input expects ARG=PATH.npy[:DTYPE], e.g. x=inputs/x.npy:bfloat16; got '${text}'`, command);
  }
  return { arg: m[1], path: m[2], dtype: m[3] };
}

function parseCompareSpec(command: CommandName, text: string): CompareSpec {
  const m = /^([A-Za-z_][A-Za-z0-9_]*)=(.+\.npy)$/.exec(text);
  if (!m) throw new UsageError(`--compare expects NAME=REF.npy, e.g. output=ref.npy; got '${text}'`, command);
  return { name: m[1], path: m[2] };
}

/** A non-negative finite tolerance. */
function tolerance(command: CommandName, flag: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n < 0) throw new UsageError(`--${flag} must be a non-negative number such as 1e-3; got '${value}'`, command);
  return n;
}

/** `--arg NAME=VALUE`: a JSON value (numbers, true/false, null, lists, "strings"), Python's True/False/None, or a bare string. */
function parseArgSpec(command: CommandName, text: string): [string, unknown] {
  const m = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/s.exec(text);
  if (!m) throw new UsageError(`--arg expects NAME=VALUE, e.g. output_size=7 or scale=0.125; got '${text}'`, command);
  const raw = m[2].trim();
  const python: Record<string, unknown> = { True: true, False: false, None: null };
  if (raw in python) return [m[1], python[raw]];
  try {
    return [m[1], JSON.parse(raw.replace(/\(/g, '[').replace(/\)/g, ']'))];
  } catch {
    return [m[1], raw];
  }
}

/** `--grid 2` or `--grid 2,2` (also `2x2`): the SPMD launch grid. */
function gridFlag(command: CommandName, value: string | undefined): number[] {
  if (value === undefined) return [];
  const parts = value.split(/[,x]/);
  if (parts.length > 3 || parts.some((p) => !/^\d+$/.test(p) || Number(p) < 1 || Number(p) > 1024)) {
    throw new UsageError(`--grid must be 1 to 3 whole numbers from 1 to 1024 separated by commas, e.g. 2 or 2,2; got '${value}'`, command);
  }
  return parts.map(Number);
}

/** auto, a version (beta1, 0.2 ... 0.7) or a Neuron release (2.20 ... 2.33) that picks one. */
function nkiVersionFlag(command: CommandName, value: string | undefined): string {
  if (value === undefined) return 'auto';
  const parsed = parseVersion(value);
  if (!parsed.ok) throw new UsageError(`--nki-version must be one of ${NKI_VERSION_FLAGS.join(', ')} or a Neuron release such as 2.24; got '${value}'`, command);
  return value;
}

function limits(command: CommandName, values: Record<string, unknown>): SimLimits {
  return {
    maxInstructions: positiveInt(command, 'max-instructions', values['max-instructions'] as string | undefined, { min: 1000 }),
    maxMemoryMB: positiveInt(command, 'max-memory-mb', values['max-memory-mb'] as string | undefined, { min: 16 }),
  };
}

function kernelSelection(command: CommandName, values: Record<string, unknown>): KernelSelection {
  const shapes = ((values.shape as string[] | undefined) ?? []).map((s) => {
    const parsed = parseShapeSpec(s);
    if (!parsed.ok) throw new UsageError(`--shape ${s}: ${parsed.error}`, command);
    return parsed.spec;
  });
  return {
    kernel: values.kernel as string | undefined,
    shapes,
    target: oneOf(command, 'target', values.target as string | undefined, TARGETS, 'trn2'),
    nkiVersion: nkiVersionFlag(command, values['nki-version'] as string | undefined),
  };
}

/** Parses argv (without `node` and the script) into a command, or throws UsageError. */
export function parseCommandLine(argv: string[]): ParsedCommand | { command: 'version' } {
  if (argv.length === 0) throw new UsageError('no command given');
  const [first, ...rest] = argv;
  if (first === '--version' || first === '-v') return { command: 'version' };
  if (first === '--help' || first === '-h') return { command: 'help' };
  if (first === 'help') {
    const topic = rest[0];
    if (topic !== undefined && !(topic in OPTIONS)) throw new UsageError(`unknown command '${topic}'`);
    return { command: 'help', topic: topic as CommandName | undefined };
  }
  if (!(first in OPTIONS)) {
    throw new UsageError(first.startsWith('-') ? `expected a command before '${first}'` : `unknown command '${first}'`);
  }
  const command = first as Exclude<CommandName, 'help'>;
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({ args: rest, options: OPTIONS[command], allowPositionals: true, strict: true });
  } catch (err) {
    // Node's messages name the flag, then add hints about `--`: keep the first sentence.
    const first = (err as Error).message.split('\n')[0].split('. ')[0];
    const text = first.charAt(0).toLowerCase() + first.slice(1);
    throw new UsageError(text, command);
  }
  const v = parsed.values as Record<string, unknown>;
  const pos = parsed.positionals;
  if (v.help) return { command: 'help', topic: command };
  const format = (): 'text' | 'json' => oneOf(command, 'format', v.format as string | undefined, ['text', 'json'] as const, 'text');

  switch (command) {
    case 'check':
      if (pos.length === 0) throw new UsageError('give at least one FILE or DIR to check', command);
      return { command, files: pos, format: format(), ...kernelSelection(command, v) };
    case 'run': {
      if (pos.length !== 1) throw new UsageError(pos.length === 0 ? 'give the FILE that holds the kernel' : `expected one FILE, got ${pos.length}`, command);
      const sel = kernelSelection(command, v);
      return {
        command, file: pos[0], ...sel, kernel: required(command, 'kernel', sel.kernel),
        inputs: ((v.input as string[] | undefined) ?? []).map((s) => parseInputSpec(command, s)),
        seed: positiveInt(command, 'seed', v.seed as string | undefined, { min: 0 }) ?? 0,
        out: required(command, 'out', v.out as string | undefined),
        compare: ((v.compare as string[] | undefined) ?? []).map((s) => parseCompareSpec(command, s)),
        rtol: tolerance(command, 'rtol', v.rtol as string | undefined, 1e-5),
        atol: tolerance(command, 'atol', v.atol as string | undefined, 1e-8),
        grid: gridFlag(command, v.grid as string | undefined),
        format: format(),
        generate: oneOf(command, 'generate', v.generate as string | undefined, ['random', 'zeros', 'ones'] as const, 'random'),
        args: Object.fromEntries(((v.arg as string[] | undefined) ?? []).map((s) => parseArgSpec(command, s))),
        limits: limits(command, v),
      };
    }
    case 'profile': {
      if (pos.length !== 1) throw new UsageError(pos.length === 0 ? 'give the FILE that holds the kernel' : `expected one FILE, got ${pos.length}`, command);
      const sel = kernelSelection(command, v);
      return {
        command, file: pos[0], ...sel, kernel: required(command, 'kernel', sel.kernel),
        timingOnly: Boolean(v['timing-only']), format: format(),
        out: v.out as string | undefined, trace: v.trace as string | undefined, html: v.html as string | undefined,
        limits: limits(command, v),
      };
    }
    case 'qwen3': {
      if (pos.length > 0) throw new UsageError(`qwen3 takes no positional arguments; got '${pos[0]}'`, command);
      const attention = required(command, 'attention', v.attention as string | undefined);
      let att: 'naive' | 'flash' | { file: string; kernel: string };
      if (attention === 'naive' || attention === 'flash') att = attention;
      else {
        const m = /^(.+\.py):([A-Za-z_][A-Za-z0-9_]*)$/.exec(attention);
        if (!m) throw new UsageError(`--attention must be naive, flash or FILE.py:KERNEL; got '${attention}'`, command);
        att = { file: m[1], kernel: m[2] };
      }
      return {
        command,
        model: oneOf(command, 'model', v.model as string | undefined, QWEN3_MODELS),
        layers: positiveInt(command, 'layers', v.layers as string | undefined),
        seq: positiveInt(command, 'seq', required(command, 'seq', v.seq as string | undefined))!,
        batch: positiveInt(command, 'batch', v.batch as string | undefined) ?? 1,
        attention: att,
        target: oneOf(command, 'target', v.target as string | undefined, TARGETS, 'trn2'),
        format: format(),
        replace: oneOf(command, 'replace', v.replace as string | undefined, ['attention', 'all'] as const, 'attention'),
        cache: v.cache as string | undefined,
        traceTimeoutS: positiveInt(command, 'trace-timeout', v['trace-timeout'] as string | undefined) ?? 600,
        out: v.out as string | undefined,
      };
    }
  }
}
