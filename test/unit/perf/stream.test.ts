import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeFile } from '../../../simulator/src/check/analyzeFile';
import { parseShapeSpecList } from '../../../simulator/src/kernel/shapeSpec';
import { simulate } from '../../../simulator/src/perf/profile';
import { encodeStream, StreamEncoder, type InstructionStream } from '../../../simulator/src/perf/stream';
import { profileKernel } from '../../../simulator/src/profile/profileKernel';
import { profileJsonChunks } from '../../../simulator/src/profile/json';
import type { KernelTrace } from '../../../simulator/src/tracer/traceKernel';
import { TraceBuilder } from './builder';

const EXAMPLES = join(__dirname, '../../../../examples');

/** Our example kernels with their `# nki-studio: shapes` comment (the tracer reads it). */
function examples(): Array<{ file: string; kernel: string }> {
  const out: Array<{ file: string; kernel: string }> = [];
  for (const name of readdirSync(EXAMPLES).filter((f) => f.endsWith('.py')).sort()) {
    const text = readFileSync(join(EXAMPLES, name), 'utf8');
    const m = /# nki-studio: shapes[^\n]*\n@nki\.jit\ndef (\w+)/.exec(text);
    if (m) out.push({ file: join(EXAMPLES, name), kernel: m[1] });
  }
  return out;
}

function columns(s: InstructionStream): Record<string, unknown> {
  const n = s.count;
  const ops = s.opStart[n];
  return {
    count: n, core: Array.from(s.core.subarray(0, n)), flags: Array.from(s.flags.subarray(0, n)), costClass: Array.from(s.costClass.subarray(0, n)),
    opStart: Array.from(s.opStart.subarray(0, n + 1)), opStorage: Array.from(s.opStorage.subarray(0, ops)), opRole: Array.from(s.opRole.subarray(0, ops)),
    extLo: Array.from(s.extLo.subarray(0, ops)), extHi: Array.from(s.extHi.subarray(0, ops)),
    part0: Array.from(s.part0.subarray(0, ops)), part1: Array.from(s.part1.subarray(0, ops)),
    loc: Array.from(s.sources.loc.subarray(0, n)), locs: s.sources.locs, sbufBytes: s.sbufBytes, psumBytes: s.psumBytes,
  };
}

function json(p: ReturnType<typeof simulate>): string {
  let out = '';
  for (const c of profileJsonChunks(p)) out += c;
  return out;
}

describe('the encoded instruction stream', () => {
  it('has one entry per operand, with roles, extents, partition ranges and last uses', () => {
    const b = new TraceBuilder();
    const a = b.hbm('a', [128, 512]);
    const t = b.sbuf('t', [128, 512]);
    b.dma(b.view(t), b.view(a));
    b.tensorTensor(b.view(t), b.view(t), b.view(t));
    const s = encodeStream(b.instructions, b.storages);
    assert.equal(s.count, 2);
    assert.deepEqual(Array.from(s.opStart.subarray(0, 3)), [0, 2, 5]);
    assert.deepEqual(Array.from(s.opStorage.subarray(0, 5)), [t.id, a.id, t.id, t.id, t.id]);
    assert.deepEqual(Array.from(s.opRole.subarray(0, 5)), [1, 0, 1, 0, 0]);
    assert.equal(s.lastUse[a.id], 0);
    assert.equal(s.lastUse[t.id], 1);
    // The whole tile: elements [0, 128*512) and partitions [0, 128).
    assert.deepEqual([s.extLo[0], s.extHi[0], s.part0[0], s.part1[0]], [0, 128 * 512 - 1, 0, 128]);
    assert.equal(s.part0[1], -1, 'an HBM access has no partition range');
    assert.notEqual(s.costClass[0], s.costClass[1]);
  });

  it('puts instructions priced the same into one cost class and others apart', () => {
    const b = new TraceBuilder().at(7);
    const a = b.hbm('a', [128, 512]);
    for (let k = 0; k < 3; k++) b.dma(b.view(b.sbuf('t', [128, 512])), b.view(a));
    b.dma(b.view(b.sbuf('t', [128, 256])), b.view(a, { cols: [0, 256] }));
    const s = encodeStream(b.instructions, b.storages);
    const cls = Array.from(s.costClass.subarray(0, 4));
    assert.equal(cls[0], cls[1]);
    assert.equal(cls[1], cls[2]);
    assert.notEqual(cls[3], cls[0], 'a different shape is priced separately');
  });

  for (const ex of examples()) {
    it(`is the same when the tracer encodes it as it records (${ex.kernel})`, async () => {
      let trace: KernelTrace | undefined;
      let enc: StreamEncoder | undefined;
      await analyzeFile(ex.file, readFileSync(ex.file, 'utf8'), {
        kernel: ex.kernel, sink: (session) => (enc = new StreamEncoder(session.storages)), onTrace: (t) => { trace = t; },
      });
      assert.ok(trace && enc, 'traced with a sink');
      trace.session.flushSink();
      const live = enc.finish();
      const after = encodeStream(trace.session.instructions, trace.session.storages);
      assert.ok(live.count > 0);
      assert.deepEqual(columns(live), columns(after));
      // And the profile built from it is the profile built from the instruction objects.
      const viaStream = simulate(trace.session.instructions, trace.session.storages, 'trn2', { kernel: ex.kernel, stream: live });
      const viaObjects = simulate(trace.session.instructions, trace.session.storages, 'trn2', { kernel: ex.kernel });
      assert.equal(json(viaStream), json(viaObjects));
    });
  }

  it('sees an instruction after an assignment retargets it (`out[...] = nl.exp(x)` writes out directly)', async () => {
    const text = `import nki
import nki.language as nl


# nki-studio: shapes x=float32[128,512]
@nki.jit
def k(x):
    out = nl.ndarray((128, 512), dtype=nl.float32, buffer=nl.shared_hbm)
    t = nl.load(x)
    r = nl.ndarray((128, 512), dtype=nl.float32, buffer=nl.sbuf)
    r[...] = nl.exp(t)
    nl.store(out, r)
    return out
`;
    const run = await profileKernel('retarget.py', text, { kernel: 'k', target: 'trn2' });
    const exp = run.trace.session.instructions.find((i) => i.opcode === 'exp');
    assert.ok(exp, 'an exp instruction');
    const dst = run.trace.session.storages[exp.operands[0].access.storage];
    assert.equal(dst.name, 'r', 'the exp writes r, not a temporary');
    // The store waits for the exp through r (a RAW dependency the stream must carry).
    const events = run.profile.events;
    const store = events.find((e) => e.opcode === 'store');
    const expEvent = events.find((e) => e.opcode === 'exp');
    assert.ok(store && expEvent);
    assert.ok(store.deps.includes(expEvent.id), 'store depends on exp');
  });
});

describe('the encoded stream on public kernels (NKI_CORPUS_SAMPLES: a checkout of aws-neuron/nki-samples)', () => {
  it('is the same encoded as the tracer records and from the finished trace, and simulates the same', async function () {
    const root = process.env.NKI_CORPUS_SAMPLES;
    if (!root) {
      console.log('      (skipped: set NKI_CORPUS_SAMPLES to a checkout of aws-neuron/nki-samples to run this check)');
      this.skip();
    }
    this.timeout(600_000);
    // Our manifest of the corpus's kernels and their input shapes (the shapes its own tests use).
    const manifest = JSON.parse(readFileSync(join(__dirname, '../../../../scripts/corpus-shapes/nki-samples-7af4e4d.json'), 'utf8')) as {
      kernels: Array<{ file: string; kernel: string; shapes: string; args?: Record<string, unknown>; grid?: number[]; target?: string }>;
    };
    let compared = 0;
    for (const k of manifest.kernels) {
      const path = join(root, k.file);
      let text: string;
      try { text = readFileSync(path, 'utf8'); } catch { continue; }
      const shapes = parseShapeSpecList(k.shapes);
      let trace: KernelTrace | undefined;
      let enc: StreamEncoder | undefined;
      await analyzeFile(path, text, {
        kernel: k.kernel, shapes, scalars: k.args, grid: k.grid, budget: { timeoutMs: 60_000 },
        sink: (session) => (enc = new StreamEncoder(session.storages)), onTrace: (t) => { trace = t; },
      });
      if (!trace || !enc || trace.status !== 'complete') continue;
      trace.session.flushSink();
      const live = enc.finish();
      const { instructions, storages } = trace.session;
      assert.deepEqual(columns(live), columns(encodeStream(instructions, storages)), `${k.file}::${k.kernel}`);
      const a = simulate(instructions, storages, 'trn2', { stream: live }).summary.totalNs;
      const b = simulate(instructions, storages, 'trn2').summary.totalNs;
      assert.equal(a, b, `${k.file}::${k.kernel}`);
      compared++;
    }
    assert.ok(compared >= 20, `only ${compared} corpus kernels traced completely`);
  });
});
