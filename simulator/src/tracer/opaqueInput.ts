/**
 * A kernel parameter with no known shape (no `--shape`, directive or annotation). It may be a
 * tensor of unknown rank or a scalar the caller passes: attribute reads and arithmetic yield
 * unknown values (never a diagnostic), indexing yields a view with unknown dims, and passing it
 * to an NKI call treats it as an HBM tensor of unknown shape.
 */
import type { BinaryOperator } from '../frontend/ast';
import { mkHost, mkUnknown, type Ctx, type RichCompareOp, type Value } from '../interp';
import type { View } from './indexing';
import { TensorObject } from './tensor';

const REASON = 'kernel input without a shape';

export class OpaqueInputTensor extends TensorObject {
  /** The parameter itself has unknown rank; a view of it (`a[0:128, :]`) knows its rank. */
  rankKnown = false;

  /** Views stay opaque: what they are (tensor or not, which buffer) is still unknown. */
  override withView(view: View, dtype = this.dtype): TensorObject {
    const v = new OpaqueInputTensor(this.session, this.behaviour, this.storage, view, dtype);
    v.rankKnown = true;
    return v;
  }

  override getAttr(name: string, ctx: Ctx): Value | undefined {
    if (name === 'dtype') return mkUnknown(`dtype of a ${REASON}`);
    if (!this.rankKnown && (name === 'shape' || name === 'ndim' || name === 'size')) return mkUnknown(`${name} of a ${REASON}`);
    // It may not be a tensor at all (a config object): unknown attributes are unknown values.
    return super.getAttr(name, ctx) ?? mkUnknown(`.${name} of a ${REASON}`);
  }

  override subscript(key: Value): TensorObject {
    // HBM indexing drops integer-indexed dims; slices keep theirs. The rank beyond the keys is unknown.
    const keys = key.kind === 'tuple' ? key.items : [key];
    const kept = keys.filter((k) => k.kind !== 'int' && k.kind !== 'bool' && k.kind !== 'ellipsis').length;
    const rank = Math.max(1, kept);
    return this.withView({ shape: new Array(rank).fill(undefined), strides: new Array(rank).fill(undefined), offset: undefined });
  }

  override binaryOp(_op: BinaryOperator, _other: Value, _reflected: boolean): Value | undefined {
    return mkUnknown(REASON);
  }

  override compare(_op: RichCompareOp, other: Value): Value | undefined {
    return other.kind === 'none' ? { kind: 'bool', value: false } : mkUnknown(REASON);
  }

  override truthy(): boolean | Value {
    return mkUnknown(REASON);
  }

  override len(): Value {
    return mkUnknown(REASON);
  }

  iterate(): Iterable<Value> {
    return [mkUnknown(REASON)];
  }

  override repr(): string {
    return `<input ${this.storage.name}: shape unknown>`;
  }
}

export { mkHost };
