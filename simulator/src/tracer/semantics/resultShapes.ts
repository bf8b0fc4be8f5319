/**
 * Shape inference for APIs that return a new tile (Beta 1 `nl.*`/`nisa.*`, 0.3+ `nl` convenience
 * functions) and the expected destination shape of 0.2+ ISA instructions. One table maps each
 * API's short name to a shape family; a family is a pure function of the bound arguments.
 */
import type { Value } from '../../interp';
import { toDim, toShape } from '../convert';
import { elementCount, type Dim } from '../indexing';
import { broadcastShapes, IndexExpr } from '../indexExpr';
import { TensorObject } from '../tensor';

export type ShapeFamily =
  | 'like-first' | 'broadcast' | 'reduce' | 'matmul' | 'nc-matmul' | 'transpose' | 'load' | 'load-transpose'
  | 'shape-arg' | 'fixed-free' | 'iota' | 'like-param' | 'broadcast-to' | 'expand-dims' | 'none';

const FAMILIES: Record<string, ShapeFamily> = {
  load: 'load', load_transpose2d: 'load-transpose', copy: 'like-first', transpose: 'transpose', nc_transpose: 'transpose',
  matmul: 'matmul', nc_matmul: 'nc-matmul', broadcast_to: 'broadcast-to', expand_dims: 'expand-dims',
  sum: 'reduce', max: 'reduce', min: 'reduce', mean: 'reduce', prod: 'reduce', var: 'reduce', all: 'reduce', tensor_reduce: 'reduce',
  softmax: 'like-first', rms_norm: 'like-first', dropout: 'like-first', activation: 'like-first', activation_reduce: 'like-first',
  tensor_scalar: 'like-first', tensor_copy: 'like-first', reciprocal: 'like-first', tensor_copy_dynamic_src: 'like-first',
  scalar_tensor_tensor: 'like-first', tensor_scalar_reduce: 'like-first', tensor_tensor_scan: 'like-first',
  // tensor_tensor does not broadcast: its result has data1's shape (mismatches are NKI205).
  tensor_tensor: 'like-first', where: 'broadcast',
  memset: 'shape-arg', zeros: 'shape-arg', ones: 'shape-arg', full: 'shape-arg', ndarray: 'shape-arg', rand: 'shape-arg', empty: 'shape-arg',
  bn_stats: 'fixed-free', bn_aggr: 'fixed-free', max8: 'fixed-free', nc_find_index8: 'fixed-free', nc_match_replace8: 'like-first',
  iota: 'iota', affine_select: 'like-param', range_select: 'like-param', select_reduce: 'like-param',
  gather_flattened: 'like-param', tensor_partition_reduce: 'like-first', local_gather: 'like-param',
};

/**
 * Element-wise `nl` functions not listed above broadcast their operands; any other call with a
 * single tensor operand returns a tile like it (unary math such as nl.floor, nl.erf).
 */
export function shapeFamily(shortName: string, isOp: boolean, tensorOperands = 0): ShapeFamily {
  return FAMILIES[shortName] ?? (isOp ? 'broadcast' : tensorOperands === 1 ? 'like-first' : 'none');
}

const FIXED_FREE: Record<string, number> = { bn_stats: 6, bn_aggr: 2, max8: 8, nc_find_index8: 8 };
const LIKE_PARAM: Record<string, string> = {
  affine_select: 'on_true_tile', range_select: 'on_true_tile', select_reduce: 'on_true', gather_flattened: 'indices', local_gather: 'index',
};

export function tensorArg(v: Value | undefined): TensorObject | undefined {
  return v?.kind === 'host' && v.obj instanceof TensorObject ? v.obj : undefined;
}

function axes(v: Value | undefined, rank: number): number[] | undefined {
  if (!v || v.kind === 'none') return undefined;
  const list = v.kind === 'tuple' || v.kind === 'list' ? v.items.map(toDim) : [toDim(v)];
  if (list.some((a) => a === undefined)) return undefined;
  return (list as number[]).map((a) => (a < 0 ? a + rank : a));
}

/**
 * The shape of the tile an API returns (or, for 0.2+ ISA, the shape `dst` must have). With
 * `fresh` false the result may be an operand's own shape array: only for reading.
 */
export function resultShape(shortName: string, family: ShapeFamily, bound: ReadonlyMap<string, Value>, tensors: TensorObject[], fresh = true): Dim[] | undefined {
  const first = tensors[0];
  switch (family) {
    case 'like-first':
    case 'load':
      return first ? (fresh ? [...first.shape] : first.shape) : undefined;
    case 'load-transpose':
    case 'transpose':
      return first && first.shape.length === 2 ? [first.shape[1], first.shape[0]] : first ? [elementCount(first.shape.slice(1)), first.shape[0]] : undefined;
    case 'broadcast': {
      let shape: Dim[] | undefined = [];
      for (const t of tensors) shape = shape && broadcastShapes(shape, t.shape);
      return shape;
    }
    case 'reduce': {
      if (!first) return undefined;
      const rank = first.shape.length;
      const ax = axes(bound.get('axis'), rank);
      if (!ax) return first.shape.map((d, i) => (i === 0 ? d : undefined));
      const keep = bound.get('keepdims');
      const keepdims = keep?.kind === 'bool' && keep.value;
      const out = first.shape.map((d, i) => (ax.includes(i) ? (keepdims ? 1 : -1) : d)).filter((d) => d !== -1);
      // Reducing every free dim of an on-chip tile leaves (P, 1).
      return out.length < 2 && first.onChip ? [first.shape[0], 1] : out;
    }
    case 'matmul': {
      const [x, y] = tensors;
      if (!x || !y) return undefined;
      const tx = bound.get('transpose_x');
      const transposeX = tx?.kind === 'bool' && tx.value;
      return [transposeX ? x.shape[x.shape.length - 1] : x.shape[0], y.shape[y.shape.length - 1]];
    }
    case 'nc-matmul': {
      const stationary = tensorArg(bound.get('stationary'));
      const moving = tensorArg(bound.get('moving'));
      if (!stationary || !moving) return undefined;
      return [elementCount(stationary.shape.slice(1)), elementCount(moving.shape.slice(1))];
    }
    case 'shape-arg':
      return toShape(bound.get('shape'));
    case 'fixed-free':
      return first ? [first.shape[0], FIXED_FREE[shortName]] : undefined;
    case 'iota': {
      const expr = bound.get('expr') ?? bound.get('pattern');
      if (expr?.kind === 'host' && expr.obj instanceof IndexExpr) return [...expr.obj.shape];
      return undefined;
    }
    case 'like-param': {
      const t = tensorArg(bound.get(LIKE_PARAM[shortName] ?? '')) ?? first;
      return t ? [...t.shape] : undefined;
    }
    case 'broadcast-to':
      return toShape(bound.get('shape'));
    case 'expand-dims': {
      if (!first) return undefined;
      const a = toDim(bound.get('axis'));
      const out = [...first.shape];
      if (a !== undefined) out.splice(a < 0 ? out.length + 1 + a : a, 0, 1);
      return out;
    }
    case 'none':
      return undefined;
  }
}
