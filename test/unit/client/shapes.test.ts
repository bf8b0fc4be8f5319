import { strict as assert } from 'node:assert';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { directiveLine, directiveOf, missingInputs, parseShapesInput, suggestShapes } from '../../../client/src/shapes';
import { main } from '../../../simulator/src/cli/main';

async function cliErr(argv: string[]): Promise<string> {
  const out = new PassThrough();
  const err = new PassThrough();
  let text = '';
  err.on('data', (d) => { text += d; });
  out.resume();
  await main(argv, { out, err });
  return text;
}

const KERNEL = `import nki
import nki.isa as nisa
import nki.language as nl


@nki.jit
def copy_kernel(src, scale):
    out = nl.ndarray(src.shape, dtype=src.dtype, buffer=nl.shared_hbm)
    t = nl.ndarray(src.shape, dtype=src.dtype, buffer=nl.sbuf)
    nisa.dma_copy(dst=t, src=src)
    nisa.dma_copy(dst=out, src=t)
    return out
`;

describe('client: input shapes', () => {
  it('parses what the user types, with spaces after commas', () => {
    const r = parseShapesInput(' a=bfloat16[128, 512]   b=float32[64] ');
    assert.ok(r.ok);
    assert.deepEqual(r.specs, [{ arg: 'a', dtype: 'bfloat16', shape: [128, 512] }, { arg: 'b', dtype: 'float32', shape: [64] }]);
  });

  it('explains what is wrong as the user types', () => {
    assert.deepEqual(parseShapesInput(''), { ok: false, error: 'Give at least one input, e.g. a=bfloat16[128,512]' });
    const bad = parseShapesInput('a=bfloat16[128,x]');
    assert.ok(!bad.ok && /dimension 'x' of a is not a whole number/.test(bad.error));
    const twice = parseShapesInput('a=float32[1] a=float32[2]');
    assert.ok(!twice.ok && /a is given twice/.test(twice.error));
    const missing = parseShapesInput('a=float32[1]', ['a', 'b', 'c']);
    assert.deepEqual(missing, { ok: false, error: 'Also give b, c' });
  });

  it('writes a directive the simulator reads back', () => {
    const r = parseShapesInput('a=bfloat16[128,512] b=float32[7]');
    assert.ok(r.ok);
    const line = directiveLine(r.specs, '    ');
    assert.equal(line, '    # nki-studio: shapes a=bfloat16[128,512] b=float32[7]');
    assert.deepEqual(directiveOf(line), r.specs);
    assert.equal(directiveOf('# just a comment'), undefined);
    assert.equal(directiveOf('x = 1'), undefined);
  });

  it('suggests remembered shapes first, then an example per missing input', () => {
    assert.equal(suggestShapes([{ arg: 'a', dtype: 'float32', shape: [4] }], ['a', 'b']), 'a=float32[4] b=bfloat16[128,512]');
  });

  it('reads the missing inputs from the real profile and run commands (the client asks for exactly those)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'nki-client-shapes-'));
    const file = join(dir, 'k.py');
    writeFileSync(file, KERNEL);
    const profileErr = await cliErr(['profile', file, '--kernel', 'copy_kernel']);
    assert.deepEqual(missingInputs(profileErr), ['src', 'scale'], profileErr);
    const runErr = await cliErr(['run', file, '--kernel', 'copy_kernel', '--out', join(dir, 'out')]);
    assert.deepEqual(missingInputs(runErr), ['src', 'scale'], runErr);
    assert.deepEqual(missingInputs("no kernel named 'x' in k.py"), []);
  });
});
