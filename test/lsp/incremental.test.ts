/**
 * The incremental analysis behind the server (in-process, no LSP): which kernels are re-traced
 * after an edit, and that reused results equal a fresh analysis.
 */
import { strict as assert } from 'node:assert';
import { initParser, PythonDocument } from '../../simulator/src/frontend';
import { analyzeFile } from '../../simulator/src/check/analyzeFile';
import type { SourceReader } from '../../simulator/src/check/moduleHost';
import { analyzeDocument } from '../../server/src/analysis/analyzeDocument';
import { TraceCache } from '../../server/src/analysis/traceCache';
import { ServerSettings } from '../../server/src/settings';
import { fixturePath } from './support';

const kernel = (name: string, width: number): string => [
  `# nki-studio: shapes a=float32[128,${width}]`, '@nki.jit', `def ${name}(a):`,
  `    out = nl.ndarray((128, ${width}), dtype=a.dtype, buffer=nl.shared_hbm)`,
  `    t = nl.ndarray((128, ${width}), dtype=a.dtype, buffer=nl.sbuf)`,
  '    nisa.dma_copy(dst=t, src=a)', '    nisa.dma_copy(dst=out, src=helper(t))', '    return out', '', '',
].join('\n');
const SOURCE = [
  'import nki', 'import nki.isa as nisa', 'import nki.language as nl', '', '', 'def helper(x):', '    return x', '', '',
  'def only_second(x):', '    return x', '', '', 'def unused(x):', '    return x + 1', '', '',
  kernel('first', 512), kernel('second', 256).replace('helper(t)', 'helper(only_second(t))'),
].join('\n');

describe('incremental analysis: which kernels are re-traced', () => {
  const path = fixturePath('incremental_scratch.py');
  const disk: Record<string, string> = {};
  const reader: SourceReader = { read: (p) => disk[p] };
  let doc: PythonDocument;
  let cache: TraceCache;
  let version = 0;

  before(async () => initParser());
  beforeEach(() => {
    doc = new PythonDocument(SOURCE);
    cache = new TraceCache();
  });
  afterEach(() => doc.dispose());

  const analyse = async (settings = ServerSettings.defaults) => {
    const a = await analyzeDocument({ uri: 'file://x', path, version: ++version, text: doc.text, module: doc.module, settings, reader }, cache, () => false);
    assert.ok(a);
    return a;
  };
  const edit = (line: number, character: number, text: string): void => {
    doc.applyChanges([{ range: { start: { line, character }, end: { line, character } }, text }]);
  };
  const lineOf = (needle: string): number => doc.text.split('\n').findIndex((l) => l.includes(needle));

  it('traces every kernel once, then reuses all of them for an unchanged text', async () => {
    assert.deepEqual([(await analyse()).traced, (await analyse()).reused], [2, 2]);
  });

  it('re-traces only the kernel whose body changed, and the merged report equals a full analysis', async () => {
    await analyse();
    const line = lineOf('def second');
    edit(line + 5, 4, 'x = 1; ');
    const a = await analyse();
    assert.deepEqual([a.traced, a.reused], [1, 1]);
    const full = await analyzeFile(path, doc.text, { moduleHost: { resolve: () => undefined } });
    assert.deepEqual(a.report.diagnostics, full.diagnostics);
  });

  it('re-traces every kernel when shared code or the settings change', async () => {
    await analyse();
    edit(lineOf('return x'), 4, 'y = 2\n    ');
    assert.equal((await analyse()).traced, 2);
    assert.equal((await analyse(ServerSettings.from({ target: 'trn3' }))).traced, 2);
  });

  it('re-traces only the kernels that can reach an edited helper body', async () => {
    await analyse();
    edit(lineOf('def only_second') + 1, 4, 'y = 2; ');
    const a = await analyse();
    assert.deepEqual([a.traced, a.reused], [1, 1], 'only second calls only_second');
    edit(lineOf('def unused') + 1, 4, 'z = 3; ');
    const b = await analyse();
    assert.deepEqual([b.traced, b.reused], [0, 2], 'no kernel calls unused');
    const full = await analyzeFile(path, doc.text, { moduleHost: { resolve: () => undefined } });
    assert.deepEqual(b.report.diagnostics, full.diagnostics);
    edit(lineOf('def unused'), 'def unused('.length, 'w, ');
    assert.equal((await analyse()).traced, 2, 'a def line runs at import: every kernel');
  });

  it('re-traces a kernel when a line count above it changes, since its positions move', async () => {
    await analyse();
    edit(lineOf('def first') + 3, 0, '    pass\n');
    const a = await analyse();
    assert.equal(a.traced, 2, 'second moved down one line');
    const t = a.traces.find((x) => x.kernel === 'second')!.bindings.find((b) => b.name === 't')!;
    assert.equal(t.start.line, lineOf('    t = nl.ndarray((128, 256)'));
  });
});
