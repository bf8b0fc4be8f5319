/**
 * NumPy `.npy` files (format versions 1.0, 2.0 and 3.0), C order only, for kernel inputs and
 * outputs. Reading validates the header and refuses what we cannot represent faithfully
 * (Fortran order, object arrays, big-endian data is converted); writing produces files NumPy
 * reads back bit-exactly. bfloat16 has no NumPy dtype: such data is written as float32 unless
 * the caller asks for the raw 16-bit pattern ('<u2').
 */

/** NumPy dtype descriptors we read and write, by little-endian descr string. */
export const NPY_DTYPES = {
  '<f4': { name: 'float32', bytes: 4 },
  '<f2': { name: 'float16', bytes: 2 },
  '<f8': { name: 'float64', bytes: 8 },
  '|i1': { name: 'int8', bytes: 1 },
  '<i2': { name: 'int16', bytes: 2 },
  '<i4': { name: 'int32', bytes: 4 },
  '<i8': { name: 'int64', bytes: 8 },
  '|u1': { name: 'uint8', bytes: 1 },
  '<u2': { name: 'uint16', bytes: 2 },
  '<u4': { name: 'uint32', bytes: 4 },
  '<u8': { name: 'uint64', bytes: 8 },
  '|b1': { name: 'bool', bytes: 1 },
} as const;

export type NpyDescr = keyof typeof NPY_DTYPES;

export interface NpyArray {
  descr: NpyDescr;
  shape: number[];
  /** Little-endian element bytes in C order. */
  data: Uint8Array;
}

const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]; // \x93NUMPY

export class NpyError extends Error {}

function normaliseDescr(descr: string): { descr: NpyDescr; swap: boolean } {
  const kindSize = descr.slice(1);
  const order = descr[0];
  const single = ['i1', 'u1', 'b1'].includes(kindSize);
  const le = (single ? '|' : '<') + kindSize;
  if (!(le in NPY_DTYPES)) throw new NpyError(`unsupported dtype '${descr}': expected one of ${Object.keys(NPY_DTYPES).join(', ')}`);
  if (order === '>' && !single) return { descr: le as NpyDescr, swap: true };
  if (order !== '<' && order !== '|' && order !== '=' && !(order === '>' && single)) throw new NpyError(`unsupported byte order in '${descr}'`);
  return { descr: le as NpyDescr, swap: false };
}

/** Parses the header's Python dict literal: {'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), } */
function parseHeader(text: string): { descr: string; fortran: boolean; shape: number[] } {
  const descr = /'descr'\s*:\s*'([^']+)'/.exec(text)?.[1];
  const fortran = /'fortran_order'\s*:\s*(True|False)/.exec(text)?.[1];
  const shapeText = /'shape'\s*:\s*\(([^)]*)\)/.exec(text)?.[1];
  if (descr === undefined || fortran === undefined || shapeText === undefined) {
    throw new NpyError('malformed .npy header: expected descr, fortran_order and shape');
  }
  const shape = shapeText.split(',').map((s) => s.trim()).filter(Boolean).map((s) => {
    if (!/^\d+$/.test(s)) throw new NpyError(`malformed shape in .npy header: (${shapeText})`);
    return Number(s);
  });
  return { descr, fortran: fortran === 'True', shape };
}

export function readNpy(bytes: Uint8Array): NpyArray {
  if (bytes.length < 10 || MAGIC.some((b, i) => bytes[i] !== b)) throw new NpyError('not a .npy file (bad magic bytes)');
  const major = bytes[6];
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let headerLen: number;
  let headerStart: number;
  if (major === 1) { headerLen = view.getUint16(8, true); headerStart = 10; }
  else if (major === 2 || major === 3) { headerLen = view.getUint32(8, true); headerStart = 12; }
  else throw new NpyError(`unsupported .npy format version ${major}.${bytes[7]}`);
  if (headerStart + headerLen > bytes.length) throw new NpyError('truncated .npy header');
  const decoder = new TextDecoder(major === 3 ? 'utf-8' : 'latin1');
  const header = parseHeader(decoder.decode(bytes.subarray(headerStart, headerStart + headerLen)));
  if (header.fortran) throw new NpyError('Fortran-ordered arrays are not supported: save with np.ascontiguousarray(x)');
  const { descr, swap } = normaliseDescr(header.descr);
  const size = NPY_DTYPES[descr].bytes;
  const count = header.shape.reduce((a, b) => a * b, 1);
  const start = headerStart + headerLen;
  if (bytes.length - start < count * size) {
    throw new NpyError(`truncated .npy data: shape (${header.shape.join(', ')}) needs ${count * size} bytes, found ${bytes.length - start}`);
  }
  const data = bytes.slice(start, start + count * size);
  if (swap) for (let i = 0; i < data.length; i += size) data.subarray(i, i + size).reverse();
  return { descr, shape: header.shape, data };
}

export function writeNpy(array: NpyArray): Uint8Array {
  const shape = array.shape.length === 1 ? `(${array.shape[0]},)` : `(${array.shape.join(', ')})`;
  let header = `{'descr': '${array.descr}', 'fortran_order': False, 'shape': ${shape}, }`;
  // Pad so the data starts on a 64-byte boundary, ending with a newline (as NumPy does).
  const total = 10 + header.length + 1;
  header += ' '.repeat((64 - (total % 64)) % 64) + '\n';
  const out = new Uint8Array(10 + header.length + array.data.length);
  out.set(MAGIC, 0);
  out[6] = 1;
  out[7] = 0;
  new DataView(out.buffer).setUint16(8, header.length, true);
  for (let i = 0; i < header.length; i++) out[10 + i] = header.charCodeAt(i);
  out.set(array.data, 10 + header.length);
  return out;
}

/** Convenience: a float32 array from values (rounded by Float32Array). */
export function float32Npy(shape: number[], values: ArrayLike<number>): NpyArray {
  return { descr: '<f4', shape, data: new Uint8Array(Float32Array.from(values).buffer) };
}
