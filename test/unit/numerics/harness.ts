/**
 * Builds instruction streams by hand (no Python, no tracer) and replays them, so each
 * instruction's semantics can be tested against an independent float64 reference.
 */
import type { Access, ArgValue, BufferName, Instruction, Storage } from '../../../simulator/src/tracer/instruction';
import { createMachine, replay } from '../../../simulator/src/numerics/replay';
import type { Machine } from '../../../simulator/src/numerics/exec';

export interface TensorHandle {
  id: number;
  shape: number[];
  dtype: string;
  /** The whole tensor, or a view with the given shape, strides and offset (elements). */
  view(shape?: number[], strides?: number[], offset?: number, dtype?: string): Access;
}

const span = { path: 'test.py', line: 0, character: 0, endLine: 0, endCharacter: 1 };

export function contiguousStrides(shape: number[]): number[] {
  return shape.map((_, i) => shape.slice(i + 1).reduce((a, b) => a * b, 1));
}

export class Harness {
  readonly storages: Storage[] = [];
  readonly instructions: Instruction[] = [];

  tensor(name: string, buffer: BufferName, dtype: string, shape: number[]): TensorHandle {
    const id = this.storages.length;
    this.storages.push({ id, site: `test:${id}`, name, buffer, dtype, bytesPerElement: 4, shape, origin: buffer === 'hbm' ? 'input' : 'local' });
    return {
      id, shape, dtype,
      view: (s = shape, strides = contiguousStrides(s), offset = 0, d = dtype) => ({ storage: id, shape: s, dtype: d, strides, offset, bytes: undefined }),
    };
  }

  emit(api: string, operands: Array<[string, 'read' | 'write' | 'readwrite', Access]>, args: Record<string, ArgValue> = {}, attrs: Instruction['attrs'] = {}): this {
    this.instructions.push({
      seq: this.instructions.length, api, opcode: api.slice(api.lastIndexOf('.') + 1), engine: 'vector',
      operands: operands.map(([param, role, access]) => ({ param, role, access })), attrs, args, span, stack: [], loops: [], core: 0,
    });
    return this;
  }

  /** Fills the given tensors, replays everything, and returns the machine. */
  run(inputs: Record<number, ArrayLike<number>> = {}, seed = 0): Machine & { values(t: TensorHandle): Float64Array } {
    const m = createMachine(this.storages, seed);
    for (const [id, v] of Object.entries(inputs)) m.mem.fill(Number(id), v);
    const keep = new Set(this.storages.map((s) => s.id));
    replay(this.instructions, m, { seed, keep });
    return Object.assign(m, { values: (t: TensorHandle) => m.mem.read(t.view()) });
  }
}

/** Deterministic test data: fp32-representable values in [-scale, scale). */
export function data(n: number, seed: number, scale = 1): number[] {
  let a = seed >>> 0;
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    out.push(Math.fround((((t ^ (t >>> 14)) >>> 0) / 4294967296 * 2 - 1) * scale));
  }
  return out;
}

/** Independent bf16 rounding: the fp32 bit pattern rounded to its top 16 bits, ties to even. */
export function bf16(x: number): number {
  const f = new Float32Array([x]);
  const u = new Uint32Array(f.buffer);
  if ((u[0] & 0x7f800000) === 0x7f800000) return f[0];
  u[0] = ((u[0] + 0x7fff + ((u[0] >>> 16) & 1)) >>> 0) & 0xffff0000;
  return f[0];
}

export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) return Infinity;
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}
