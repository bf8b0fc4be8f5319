/**
 * A tiny trace builder for performance-model tests: fake storages and the instructions the tracer
 * would emit for `dma`, `matmul`, `tensorCopy`, ... over them, with source lines and loop
 * iterations. Accesses are rectangles of 2-D storages ([partitions, free] on chip, [rows, cols]
 * in HBM) with the extent, partition range and contiguous run the tracer computes.
 */
import { strict as assert } from 'node:assert';
import type { Access, BufferName, Instruction, LoopLevel, Operand, SourceSpan, Storage } from '../../../simulator/src/tracer/instruction';

export const PATH = 'kernel.py';

const BYTES: Record<string, number> = { float32: 4, bfloat16: 2, float16: 2, float8_e4m3: 1, int32: 4, uint8: 1, float8_e4m3fn_x4: 4 };

export interface TileRange { rows?: [number, number]; cols?: [number, number] }

export class TraceBuilder {
  readonly storages: Storage[] = [];
  readonly instructions: Instruction[] = [];
  private line = 1;
  private loops: LoopLevel[] = [];
  private core = 0;
  private readonly spans = new Map<number, SourceSpan>();

  /** Source line (1-based, as shown in an editor) of the next instructions. */
  at(line: number): this { this.line = line; return this; }
  onCore(core: number): this { this.core = core; return this; }
  inLoops(levels: Array<[string, number]>): this {
    this.loops = levels.map(([variable, iteration]) => ({ variable, iteration, span: this.span(1) }));
    return this;
  }

  span(line: number): SourceSpan {
    let s = this.spans.get(line);
    if (!s) { s = { path: PATH, line: line - 1, character: 4, endLine: line - 1, endCharacter: 40 }; this.spans.set(line, s); }
    return s;
  }

  private alloc(name: string, buffer: BufferName, shape: [number, number], dtype: string, origin: Storage['origin'], site?: string): Storage {
    const bpe = BYTES[dtype];
    const onChip = buffer === 'sbuf' || buffer === 'psum';
    const st: Storage = {
      id: this.storages.length, site: site ?? `${PATH}:${this.line}:4:${name}#${this.storages.length}`, name, buffer, dtype, bytesPerElement: bpe,
      shape, origin, span: this.span(this.line),
      ...(onChip ? { partitions: shape[0], bytesPerPartition: shape[1] * bpe } : { totalBytes: shape[0] * shape[1] * bpe }),
    };
    this.storages.push(st);
    return st;
  }

  hbm(name: string, shape: [number, number], dtype = 'bfloat16', origin: Storage['origin'] = 'input'): Storage {
    return this.alloc(name, origin === 'local' ? 'hbm' : 'shared_hbm', shape, dtype, origin);
  }
  /** `site` shared by successive calls models an allocation inside a loop (buffer rotation). */
  sbuf(name: string, shape: [number, number], dtype = 'bfloat16', site?: string): Storage {
    return this.alloc(name, 'sbuf', shape, dtype, 'local', site);
  }
  psum(name: string, shape: [number, number], dtype = 'float32', site?: string): Storage {
    return this.alloc(name, 'psum', shape, dtype, 'local', site);
  }

  /** A rectangle of a 2-D storage. */
  view(st: Storage, r: TileRange = {}): Access {
    const [R, C] = st.shape as [number, number];
    const [r0, r1] = r.rows ?? [0, R];
    const [c0, c1] = r.cols ?? [0, C];
    const bpe = st.bytesPerElement;
    const onChip = st.buffer === 'sbuf' || st.buffer === 'psum';
    const fullRows = c0 === 0 && c1 === C;
    return {
      storage: st.id,
      shape: [r1 - r0, c1 - c0],
      dtype: st.dtype,
      strides: [C, 1],
      offset: r0 * C + c0,
      bytes: (r1 - r0) * (c1 - c0) * bpe,
      ...(onChip ? { partitionRange: [r0, r1] as [number, number] } : {}),
      extent: [r0 * C + c0, (r1 - 1) * C + c1 - 1],
      contiguousBytes: !onChip && fullRows ? (r1 - r0) * C * bpe : (c1 - c0) * bpe,
    };
  }

  private emit(api: string, opcode: string, engine: Instruction['engine'], operands: Operand[], attrs: Instruction['attrs'] = {},
    extra: Partial<Instruction> = {}): Instruction {
    const span = this.span(this.line);
    const ins: Instruction = {
      seq: this.instructions.length, api, opcode, engine, operands, attrs, span,
      stack: [{ functionName: 'kernel', span }], loops: this.loops, core: this.core, ...extra,
    };
    this.instructions.push(ins);
    return ins;
  }

  dma(dst: Access, src: Access, opcode = 'dma_copy'): Instruction {
    return this.emit(`nki.isa.${opcode}`, opcode, 'dma', [{ param: 'dst', role: 'write', access: dst }, { param: 'src', role: 'read', access: src }]);
  }

  matmul(dst: Access, stationary: Access, moving: Access, attrs: Instruction['attrs'] = {}): Instruction {
    const accumulate = attrs.accumulate === true;
    return this.emit('nki.isa.nc_matmul', 'nc_matmul', 'tensor', [
      { param: 'dst', role: accumulate ? 'readwrite' : 'write', access: dst },
      { param: 'stationary', role: 'read', access: stationary },
      { param: 'moving', role: 'read', access: moving },
    ], attrs);
  }

  transpose(dst: Access, data: Access, engine: Instruction['engine'] = 'tensor'): Instruction {
    return this.emit('nki.isa.nc_transpose', 'nc_transpose', engine, [{ param: 'dst', role: 'write', access: dst }, { param: 'data', role: 'read', access: data }]);
  }

  tensorCopy(dst: Access, src: Access, engine: Instruction['engine'] = 'vector'): Instruction {
    return this.emit('nki.isa.tensor_copy', 'tensor_copy', engine, [{ param: 'dst', role: 'write', access: dst }, { param: 'src', role: 'read', access: src }]);
  }

  activation(dst: Access, data: Access, op = 'exp'): Instruction {
    return this.emit('nki.isa.activation', 'activation', 'scalar', [{ param: 'dst', role: 'write', access: dst }, { param: 'data', role: 'read', access: data }], { op });
  }

  tensorTensor(dst: Access, a: Access, b: Access, op = 'add', engine: Instruction['engine'] = 'vector'): Instruction {
    return this.emit('nki.isa.tensor_tensor', 'tensor_tensor', engine, [
      { param: 'dst', role: 'write', access: dst }, { param: 'data1', role: 'read', access: a }, { param: 'data2', role: 'read', access: b },
    ], { op });
  }

  /** An instruction whose shapes the tracer could not know (shape mode without shapes). */
  unknownShape(engine: Instruction['engine'], st: Storage): Instruction {
    const a: Access = { storage: st.id, shape: [undefined, undefined], dtype: st.dtype, strides: [undefined, 1], offset: undefined, bytes: undefined };
    return this.emit(`nki.isa.tensor_copy`, 'tensor_copy', engine, [{ param: 'dst', role: 'write', access: a }, { param: 'src', role: 'read', access: a }]);
  }
}

/** Absolute closeness in nanoseconds, for hand-computed timings. */
export const close = (actual: number, expected: number, tolNs = 1e-6) =>
  assert.ok(Math.abs(actual - expected) <= tolNs, `${actual} ≈ ${expected} (±${tolNs})`);

/** Two back-to-back matmuls of a [128, 128] stationary and a [128, 512] moving tile into one PSUM tile. */
export function twoMatmuls(): TraceBuilder {
  const b = new TraceBuilder();
  const ps = b.psum('ps', [128, 512]);
  const w = b.sbuf('w', [128, 128]);
  const x = b.sbuf('x', [128, 512]);
  b.matmul(b.view(ps), b.view(w), b.view(x));
  b.matmul(b.view(ps), b.view(w), b.view(x));
  return b;
}

/** VectorE copies PSUM tile p0 while ScalarE reads p0 (`sameBank`) or p1, a tile in another bank. */
export function psumReaders(sameBank: boolean): TraceBuilder {
  const b = new TraceBuilder();
  const p0 = b.psum('p0', [128, 512]);
  const p1 = b.psum('p1', [128, 512]);
  const s0 = b.sbuf('s0', [128, 512]);
  const s1 = b.sbuf('s1', [128, 512]);
  b.at(3).tensorCopy(b.view(s0), b.view(p0));
  b.at(4).activation(b.view(s1), b.view(sameBank ? p0 : p1));
  return b;
}
