/**
 * Traces one kernel in shape mode with known inputs and simulates its instruction stream on the
 * performance model (timing-only). Shared by `nki-studio profile` and the Qwen3 per-operation
 * timings, so both refuse the same way: an incomplete trace would give a wrong timing, so it
 * stops with the reason; rule diagnostics never block and are listed in the profile.
 */
import { analyzeFile, type AnalyzeOptions } from '../check/analyzeFile';
import { instructionLimitMessage, type KernelTrace } from '../tracer/traceKernel';
import { simulate } from '../perf';
import { StreamEncoder } from '../perf/stream';
import type { Profile } from './schema';
import type { TargetName } from '../options';

export interface ProfileRun { profile: Profile; trace: KernelTrace }

export type ProfileKernelOptions = Pick<AnalyzeOptions, 'shapes' | 'scalars' | 'nkiVersion' | 'budget'> & { kernel: string; target: TargetName };

/** Throws an Error with a user-facing message when the kernel cannot be timed. */
export async function profileKernel(path: string, text: string, opts: ProfileKernelOptions): Promise<ProfileRun> {
  let trace: KernelTrace | undefined;
  // The model's compact stream is encoded as the tracer records (while each instruction is hot in
  // the CPU cache), not in a second pass over a trace of 10^5 instruction objects.
  const encoders = new Map<object, StreamEncoder>();
  const sink = (session: KernelTrace['session']) => {
    const enc = new StreamEncoder(session.storages);
    encoders.set(session, enc);
    return enc;
  };
  const report = await analyzeFile(path, text, { ...opts, sink, onTrace: (t) => { trace = t; } });
  if (report.internalError) throw new Error(`internal error while tracing: ${report.internalError.split('\n')[0]}`);
  if (!trace) throw new Error(`no kernel named '${opts.kernel}' in ${path} (kernels: ${report.kernels.map((k) => k.name).join(', ') || 'none'})`);
  if (trace.unknownInputs.length > 0) {
    throw new Error(`input shapes are needed to profile ${opts.kernel}: give --shape for ${trace.unknownInputs.join(', ')} `
      + `(e.g. --shape ${trace.unknownInputs[0]}=bfloat16[128,512]) or a '# nki-studio: shapes ...' comment above the decorator`);
  }
  if (trace.status !== 'complete') {
    const why = trace.failure ?? trace.session.gaps[0]?.reason ?? (trace.session.instructionsDropped > 0 ? instructionLimitMessage(trace) : 'analysis gaps');
    throw new Error(`${opts.kernel} could not be traced completely, so its timing would be wrong: ${why}`);
  }
  const storages = trace.session.storages;
  const inputs = trace.inputs.map((i) => ({ name: i.name, dtype: storages[i.storage].dtype, shape: storages[i.storage].shape.map((d) => d ?? 0) }));
  const diagnostics = report.diagnostics.map((d) => ({ code: d.code, severity: d.severity, message: d.message, source: { path, line: d.range.start.line, character: d.range.start.character } }));
  trace.session.flushSink();
  const stream = encoders.get(trace.session)?.finish();
  const profile = simulate(trace.session.instructions, storages, opts.target, { kernel: opts.kernel, inputs, mode: 'timing-only', diagnostics, stream });
  return { profile, trace };
}
