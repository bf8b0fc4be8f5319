/** The CLI's usage text: the stable contract documented in the README. */

export const COMMANDS = ['check', 'run', 'profile', 'qwen3', 'help'] as const;
export type CommandName = (typeof COMMANDS)[number];

const SHAPE = 'ARG=DTYPE[D0,D1,...]';

export const USAGE: Record<CommandName | 'main', string> = {
  main: `NKI Studio: check, run and profile NKI kernels without Trainium hardware.

Usage: nki-studio <command> [options]

Commands:
  check    FILE|DIR...     check kernels for NKI placement, shape, capacity, dtype and API errors
  run      FILE            run a kernel on the CPU simulator and write its outputs as .npy
  profile  FILE            estimate a kernel's latency with the NeuronCore performance model
  qwen3                    per-layer Qwen3 latency with baseline vs NKI kernels
  help     [COMMAND]       show help for a command

Options for every command:
  --target trn1|trn2|trn3          Trainium generation (default trn2)
  -h, --help                       show help
  --version                        print the version

Input shapes come from --shape ${SHAPE} or from a comment directly above the decorator:
  # nki-studio: shapes a=float32[256,1024] b=float32[256,1024]

Exit status: 0 success; 1 errors found or the run failed; 2 usage error.`,

  check: `Usage: nki-studio check FILE|DIR... [options]

Check every kernel in the given files (directories are searched for *.py).

Options:
  --kernel NAME                    only this kernel
  --shape ${SHAPE}     input shape (repeatable), e.g. --shape a=bfloat16[128,512]
  --target trn1|trn2|trn3          Trainium generation (default trn2)
  --nki-version VERSION            auto|beta1|0.2|...|0.7 or a Neuron release such as 2.24
                                   (default auto: from the imports)
  --format text|json               output format (default text)

Exit status: 0 no error diagnostics; 1 errors found; 2 usage error.`,

  run: `Usage: nki-studio run FILE --kernel NAME --out DIR [options]

Run a kernel on the CPU simulator with NKI numerics. Writes DIR/output.npy (or output_0.npy,
output_1.npy, ... for several results) and DIR/profile.json, and prints each output's shape,
dtype, min/max/mean and NaN/Inf counts (and its comparison with a reference).

Options:
  --kernel NAME                    the kernel to run (required)
  --input ARG=PATH.npy[:DTYPE]     input from a .npy file, optionally cast (repeatable)
  --shape ${SHAPE}     generate a seeded random input of this shape (repeatable)
  --seed N                         seed for generated inputs (default 0)
  --generate random|zeros|ones     how inputs without a .npy are filled (default random)
  --arg NAME=VALUE                 a non-tensor kernel argument (7, 0.125, True, None, (2, 4), text)
  --grid N[,N...]                  SPMD launch grid: run every program instance (kernel[N])
  --compare NAME=REF.npy           compare an output (output, output_0, ...) with a reference
  --rtol R / --atol A              allclose tolerances for --compare (default 1e-5 / 1e-8)
  --format text|json               summary format on stdout (default text)
  --max-instructions N             stop after N interpreter steps or replayed instructions
                                   (default: 20 million steps, no replay limit)
  --max-memory-mb M                largest total size of simulated tensors (default 2048)
  --out DIR                        output directory (required)
  --target trn1|trn2|trn3          Trainium generation (default trn2)
  --nki-version VERSION            auto|beta1|0.2|...|0.7 (default auto)

Exit status: 0 ran (and every comparison passed); 1 the run failed or an output does not match
its reference; 2 usage error.`,

  profile: `Usage: nki-studio profile FILE --kernel NAME [options]

Estimate a kernel's latency and engine timeline with the NeuronCore performance model.

Options:
  --kernel NAME                    the kernel to profile (required)
  --shape ${SHAPE}     input shape (repeatable; or a shapes comment above the kernel)
  --target trn1|trn2|trn3          Trainium generation (default trn2)
  --nki-version VERSION            auto|beta1|0.2|...|0.7 (default auto)
  --timing-only                    model timing without computing values (fast for large shapes)
  --max-instructions N             stop tracing after N interpreter steps (default 200 million)
  --max-memory-mb M                largest total size of traced tensors (default 2048)
  --format text|json               summary format on stdout (default text)
  --out FILE                       write the profile JSON here
  --trace FILE                     write a Chrome trace (opens in Perfetto)
  --html FILE                      write a self-contained HTML report`,

  qwen3: `Usage: nki-studio qwen3 --model SIZE --seq S --attention KIND [options]

Qwen3 prefill latency per layer and per operation, every operation timed by simulating an NKI
kernel at its real shapes: a baseline kernel (the eager graph's default lowering) and an NKI
kernel (fused, tiled, flash attention). The optimised run uses the NKI kernel for attention
(--attention) or for every operation (--replace all). Kernels: examples/qwen3.

Options:
  --model 0.6b|1.7b|4b|8b|14b|32b  model configuration (required)
  --layers N                       decoder layers (default: all of the model's)
  --seq S                          tokens per prompt, a multiple of 512 (required)
  --batch B                        prompts per forward pass (default 1)
  --attention naive|flash|FILE:KERNEL   NKI attention kernel (required); a FILE:KERNEL runs once
                                   per (batch, head) with q, k, v bound by parameter name
  --replace attention|all          operations the optimised run takes from NKI kernels
                                   (default attention)
  --cache DIR                      reuse kernel timings across runs (key: kernel source,
                                   shapes, target, model version)
  --trace-timeout SECONDS          tracing budget per kernel (default 600)
  --target trn1|trn2|trn3          Trainium generation (default trn2)
  --format text|json               output format (default text)
  --out FILE                       also write the JSON report here (for the viewer)`,

  help: `Usage: nki-studio help [COMMAND]`,
};
