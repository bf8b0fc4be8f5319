/**
 * Trace fingerprints, to show a tracer change leaves every result as it was:
 *   node out/scripts/trace-digest.js [--samples DIR] [--nkilib DIR] [--write FILE | --compare FILE]
 * traces every kernel of examples/ (with their `# nki-studio: shapes` comments), the flash
 * attention at seq 2048, and, given a corpus checkout (--samples / $NKI_CORPUS_SAMPLES, --nkilib /
 * $NKI_LIBRARY_DIR), the kernels of its shape manifest in scripts/corpus-shapes. Each trace is
 * reduced to a SHA-256 of its instructions, storages, diagnostics, gaps, facts, liveness and
 * results, serialised with key order and properties set to `undefined` preserved, so "same digest"
 * means deep-equal records. --write saves the digests; --compare reports every kernel that differs
 * (exit 1). Step budgets only, no wall-clock limit, so a loaded machine gives the same digests.
 */
import { createHash, type Hash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { parseScriptArgs } from './scriptArgs';
import { analyzeFile, type AnalyzeOptions } from '../simulator/src/check/analyzeFile';
import { parseShapeSpecList } from '../simulator/src/kernel/shapeSpec';
import type { KernelTrace } from '../simulator/src/tracer/traceKernel';

const USAGE = 'usage: node out/scripts/trace-digest.js [--samples DIR] [--nkilib DIR] [--write FILE | --compare FILE]';

interface DigestCase { label: string; file: string; options: AnalyzeOptions }
interface ManifestEntry { file: string; kernel: string; shapes: string; args?: Record<string, unknown>; grid?: number[]; target?: string; nkiVersion?: string }

const UNDEFINED = '\u0000undefined';
/** JSON that tells a missing property from one set to `undefined`. */
function keepUndefined(_key: string, value: unknown): unknown {
  return value === undefined ? UNDEFINED : value;
}

function feed(hash: Hash, label: string, xs: readonly unknown[]): void {
  hash.update(`${label}:${xs.length}\n`);
  // Element by element: a 250K-instruction trace is too large for one string.
  for (const x of xs) hash.update(JSON.stringify(x, keepUndefined) + '\n');
}

function digestTrace(trace: KernelTrace): { digest: string; instructions: number; status: string } {
  const s = trace.session;
  const h = createHash('sha256');
  feed(h, 'header', [{ kernel: trace.kernel, status: trace.status, failure: trace.failure, unknownInputs: trace.unknownInputs, inputs: trace.inputs, dropped: s.instructionsDropped }]);
  feed(h, 'instructions', s.instructions);
  feed(h, 'storages', s.storages);
  feed(h, 'diagnostics', s.diagnostics);
  feed(h, 'gaps', s.gaps);
  feed(h, 'moduleGaps', s.moduleGaps);
  feed(h, 'facts', s.facts);
  feed(h, 'allocatedAt', s.allocatedAt);
  feed(h, 'lastUse', s.lastUse);
  feed(h, 'results', trace.results);
  return { digest: h.digest('hex'), instructions: s.instructions.length, status: trace.status };
}

function exampleCases(root: string): DigestCase[] {
  const dir = join(root, 'examples');
  const cases: DigestCase[] = readdirSync(dir).filter((f) => f.endsWith('.py')).sort()
    .map((f) => ({ label: `examples/${f}`, file: join(dir, f), options: {} }));
  const seq = 2048;
  cases.push({
    label: `examples/06_flash_attention.py seq ${seq}`, file: join(dir, '06_flash_attention.py'),
    options: { kernel: 'flash_attention', shapes: parseShapeSpecList(`q_t=bfloat16[128,${seq}] k_t=bfloat16[128,${seq}] v=bfloat16[${seq},128]`) },
  });
  return cases;
}

function manifestCases(root: string, corpusDir: string, manifestName: string, label: string): DigestCase[] {
  // Manifests are named after the checkout's folder (nki-samples-7af4e4d.json).
  const path = join(root, 'scripts/corpus-shapes', manifestName);
  if (!existsSync(path)) {
    console.log(`${label}: no shape manifest ${manifestName} in scripts/corpus-shapes for ${corpusDir}: its kernels are skipped`);
    return [];
  }
  const manifest = JSON.parse(readFileSync(path, 'utf8')) as { kernels: ManifestEntry[] };
  return manifest.kernels.map((e) => ({
    label: `${label}:${e.file}:${e.kernel}`,
    file: join(corpusDir, e.file),
    options: {
      kernel: e.kernel, shapes: parseShapeSpecList(e.shapes), scalars: e.args, grid: e.grid, nkiVersion: e.nkiVersion,
      target: (e.target ?? 'trn2') as 'trn1' | 'trn2' | 'trn3',
    },
  }));
}

async function main(): Promise<number> {
  const { values } = parseScriptArgs({
    args: process.argv.slice(2),
    options: { samples: { type: 'string' }, nkilib: { type: 'string' }, write: { type: 'string' }, compare: { type: 'string' } },
  }, USAGE);
  const root = join(__dirname, '../..');
  const cases = exampleCases(root);
  const samples = values.samples ?? process.env.NKI_CORPUS_SAMPLES;
  const nkilib = values.nkilib ?? process.env.NKI_LIBRARY_DIR;
  if (samples) cases.push(...manifestCases(root, samples, `${basename(samples)}.json`, 'samples'));
  else console.log('corpus samples skipped (give --samples DIR or NKI_CORPUS_SAMPLES: a checkout of aws-neuron/nki-samples)');
  if (samples) {
    // The trace benchmark's large matmuls (npm run bench -- --only trace).
    const file = join(samples, 'src/nki_samples/tutorials/matrix_multiplication/matrix_multiplication_nki_kernels.py');
    for (const kernel of ['nki_matmul_tiled_', 'nki_matmul_fully_optimized_']) {
      cases.push({ label: `samples:${kernel} trn1 4096x8192x8192`, file, options: { kernel, target: 'trn1', shapes: parseShapeSpecList('lhsT=bfloat16[8192,4096] rhs=bfloat16[8192,8192]') } });
    }
  }
  if (nkilib) {
    cases.push(...manifestCases(root, nkilib, `${basename(nkilib)}.json`, 'nkilib'));
    cases.push({
      label: 'nkilib:attention_cte seq 4096', file: join(nkilib, 'src/nkilib_src/nkilib/core/attention/attention_cte.py'),
      options: { kernel: 'attention_cte', shapes: parseShapeSpecList('q=bfloat16[1,4096,128] k=bfloat16[1,128,4096] v=bfloat16[1,4096,128]') },
    });
  }
  else console.log('nki-library skipped (give --nkilib DIR or NKI_LIBRARY_DIR)');

  const digests: Record<string, string> = {};
  for (const c of cases) {
    let text: string;
    try { text = readFileSync(c.file, 'utf8'); } catch { console.log(`${c.label}: skipped (not found)`); continue; }
    const traces: KernelTrace[] = [];
    const report = await analyzeFile(c.file, text, {
      ...c.options, budget: { timeoutMs: 1e9, maxSteps: 20_000_000 }, onTrace: (t) => traces.push(t),
    });
    const h = createHash('sha256');
    feed(h, 'report', [report.diagnostics, report.internalError ?? null]);
    const parts: string[] = [];
    for (const t of traces) {
      const d = digestTrace(t);
      h.update(d.digest);
      parts.push(`${t.kernel} ${d.status} ${d.instructions}`);
    }
    digests[c.label] = h.digest('hex');
    console.log(`${digests[c.label].slice(0, 16)} ${c.label} (${parts.join(', ') || 'no kernels'})`);
  }
  if (values.write) writeFileSync(values.write, JSON.stringify(digests, null, 1) + '\n');
  if (values.compare) {
    const before = JSON.parse(readFileSync(values.compare, 'utf8')) as Record<string, string>;
    const differ = Object.keys(digests).filter((k) => k in before && before[k] !== digests[k]);
    const missing = Object.keys(before).filter((k) => !(k in digests));
    const compared = Object.keys(digests).filter((k) => k in before).length;
    console.log(`${compared} traces compared: ${differ.length} differ${missing.length ? `; ${missing.length} not traced now` : ''}`);
    for (const k of differ) console.log(`  differs: ${k}`);
    if (differ.length > 0) return 1;
  }
  return 0;
}

main().then((code) => { process.exitCode = code; }, (err) => { console.error(err); process.exitCode = 2; });
