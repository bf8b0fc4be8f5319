/**
 * The NKI environment of one trace: the model (version, target), the session, and the shared
 * host values (dtype and buffer objects) that builtins hand out. Everything version-dependent
 * that the semantics modules ask goes through here.
 */
import type { ClassValue, Ctx, Value } from '../../interp';
import { makeNkiObjectClass } from '../nkiObject';
import { mkHost } from '../../interp';
import type { NkiModel } from '../../nki';
import { ruleStatus, type RuleId } from '../../nki/rules';
import type { RuleCode } from '../../check/rules';
import type { BufferName } from '../instruction';
import { BufferObject, DtypeObject } from '../nkiValues';
import type { TraceSession } from '../session';
import type { TensorBehaviour } from '../tensor';
import type { LaunchInfo } from './traceTime';

export class NkiEnv {
  /** By name for nl dtypes, by `foreign.name` for NumPy/ml_dtypes/torch ones. */
  private readonly dtypes = new Map<string, Value>();
  private readonly buffers = new Map<string, Value>();

  /** Set once by `operators.ts` (tensor operators and assignment depend on the version). */
  behaviour!: TensorBehaviour;
  /** The SPMD/LNC launch being traced: grid and this instance's position in it. */
  launch: LaunchInfo = { grid: [], instance: [] };

  private nkiObject: ClassValue | undefined;

  /** Per call site (its span), the records the last instruction there shared (`instructions.ts`);
   * per trace, as they hold this trace's values. */
  readonly callSites = new WeakMap<object, unknown>();

  constructor(readonly model: NkiModel, readonly session: TraceSession) {}

  /** One `nl.NKIObject` class per trace, shared by every import of it. */
  nkiObjectClass(ctx: Ctx): ClassValue {
    this.nkiObject ??= makeNkiObjectClass(ctx);
    return this.nkiObject;
  }

  get isBeta1(): boolean {
    return this.model.version === 'beta1';
  }

  dtypeValue(name: string, foreign?: string): Value {
    // `t.dtype` asks on every use: the common nl names need no key string.
    const key = foreign === undefined ? name : `${foreign}.${name}`;
    let v = this.dtypes.get(key);
    if (!v) {
      v = mkHost(new DtypeObject(name, this.model.dtype(name)?.sizeBytes ?? 4, foreign));
      this.dtypes.set(key, v);
    }
    return v;
  }

  bufferValue(name: BufferName): Value {
    let v = this.buffers.get(name);
    if (!v) {
      v = mkHost(new BufferObject(name));
      this.buffers.set(name, v);
    }
    return v;
  }

  /** Reports a version-dependent language rule when it is a warning or error for this version. */
  languageRule(id: RuleId, code: RuleCode, ctx: Ctx, detail?: string): void {
    const step = ruleStatus(id, this.model.selection);
    if (step.status !== 'error' && step.status !== 'warning') return;
    const msg = step.message ?? id;
    this.session.report(code, detail ? `${detail}: ${msg}` : msg, ctx, { severity: step.status });
  }
}
