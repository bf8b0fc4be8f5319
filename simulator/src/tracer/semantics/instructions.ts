/**
 * Executes an NKI instruction-like call in shape mode: gathers the tensor operands from the
 * bound arguments, runs the checks the tables describe (placement, partition and free-size
 * limits, dtypes, destination shape), allocates the result tile for calls that return one, and
 * records the instruction. Every check reports only what it knows: an unknown dim never fires.
 */
import { mkHost, NONE, type Ctx, type Value } from '../../interp';
import type { ApiEntry, ApiVariant, ParamSpec, ShapeLimit } from '../../nki/api/types';
import { formatShape } from '../convert';
import type { Dim } from '../indexing';
import type { ArgValue, BufferName, EngineName, Operand } from '../instruction';
import { EnumMemberObject } from '../nkiValues';
import { IndexExpr, MaskExpr } from '../indexExpr';
import { ON_CHIP, UNKNOWN_DTYPE } from '../session';
import { TensorObject } from '../tensor';
import type { NkiEnv } from './env';
import { resultShape, shapeFamily, tensorArg } from './resultShapes';

const TENSOR_ROLES = new Set(['dst', 'src', 'operand']);
const HBM_NAMES = new Set<BufferName>(['hbm', 'private_hbm', 'shared_hbm']);

export interface CallInfo {
  name: string;
  shortName: string;
  entry: ApiEntry;
  variant: ApiVariant;
  bound: ReadonlyMap<string, Value>;
  /** Names as the user wrote them (`nisa.nc_matmul`), for messages. */
  display: string;
}

/** Per variant and target, what executing it needs from the tables (computed once, reused per call). */
interface InstructionPlan {
  tensorParams: readonly ParamSpec[];
  attrParams: readonly ParamSpec[];
  limits: readonly ShapeLimit[];
}

const plans = new WeakMap<ApiVariant, Map<string, InstructionPlan>>();

function planFor(variant: ApiVariant, target: string, shortName: string): InstructionPlan {
  let byTarget = plans.get(variant);
  if (!byTarget) plans.set(variant, (byTarget = new Map()));
  let plan = byTarget.get(target);
  if (!plan) {
    const params = variant.params ?? [];
    plan = {
      tensorParams: params.filter((p) => TENSOR_ROLES.has(p.role)),
      attrParams: params.filter((p) => p.role === 'op' || p.role === 'flag' || p.role === 'enum'),
      // Conditions in prose (`when`) are not evaluated: never guess. Matmul free sizes depend on
      // target and result dtype: checkMatmul owns them.
      limits: (variant.limits ?? []).filter((l) => !l.when && (!l.targets || l.targets.includes(target as never))
        && !(l.dim === 'F' && /^nc_matmul/.test(shortName))),
    };
    byTarget.set(target, plan);
  }
  return plan;
}

function bufferLabel(b: BufferName): string {
  return HBM_NAMES.has(b) ? 'HBM' : b.toUpperCase();
}

/** The engine an instruction runs on, from the table's binding and an `engine=` argument. */
export function engineOf(info: CallInfo): EngineName | undefined {
  const binding = info.variant.engine;
  switch (binding.kind) {
    case 'fixed': return binding.engine;
    case 'lowered': return binding.engines[0];
    case 'none': return undefined;
    case 'select': {
      const v = info.bound.get(binding.param);
      if (v?.kind === 'host' && v.obj instanceof EnumMemberObject && v.obj.member !== 'unknown') {
        const m = v.obj.member.replace(/_engine$/, '');
        if (['tensor', 'vector', 'scalar', 'gpsimd', 'sync', 'dma'].includes(m)) return m as EngineName;
      }
      return binding.default ?? binding.allowed[0];
    }
  }
}

/** Short op names by qualified name: one string per op, not one per recorded instruction. */
const opNames = new Map<string, string>();

/** The op name behind an `op=` argument (`nl.add` -> 'add', `np.exp` -> 'exp'). */
export function opName(v: Value | undefined): string | undefined {
  if (!v || v.kind === 'none') return undefined;
  if (v.kind === 'host' && 'qualifiedName' in v.obj) {
    const q = (v.obj as { qualifiedName: string }).qualifiedName;
    let short = opNames.get(q);
    if (short === undefined) opNames.set(q, (short = q.slice(q.lastIndexOf('.') + 1)));
    return short;
  }
  if (v.kind === 'builtin') return v.name;
  return undefined;
}

function placementCode(info: CallInfo, engine: EngineName | undefined, buffer: BufferName): 'NKI101' | 'NKI102' | 'NKI103' | 'NKI104' {
  if (/(^|\.)(nc_matmul|nc_matmul_mx|matmul)$/.test(info.name)) return 'NKI102';
  if (engine === 'dma') return 'NKI103';
  if (engine === 'gpsimd' && buffer === 'psum') return 'NKI104';
  return 'NKI101';
}

function checkPlacement(env: NkiEnv, ctx: Ctx, info: CallInfo, param: ParamSpec, t: TensorObject, engine: EngineName | undefined): void {
  const allowed = param.buffers;
  const buffer = t.buffer;
  if (engine === 'gpsimd' && buffer === 'psum' && !t.storage.opaque && !env.isBeta1) {
    env.session.report('NKI104', `${info.display}: operand '${param.name}' is in PSUM (${t.label()}, ${t.describe()}), but GpSimd cannot read or write PSUM. Copy it to SBUF first, or run the instruction on the Vector Engine.`, ctx, { related: t.allocationRelated() });
    return;
  }
  if (!allowed || allowed.includes(buffer)) return;
  // An input without a shape may be an SBUF tile passed to a sub-kernel: its buffer is unknown.
  if (t.storage.opaque) return;
  // Beta 1 tiles are values: the compiler moves them between SBUF and PSUM as an instruction
  // needs (nisa.nc_transpose results feed nisa.nc_matmul); only HBM there is an error.
  // High-level nl.* functions let the compiler move data between SBUF and PSUM (Beta 1 kernels
  // feed nl.transpose results, in PSUM, straight into nl.matmul): only HBM there is an error.
  if ((env.isBeta1 || info.name.startsWith('nki.language.')) && ON_CHIP.has(buffer) && allowed.some((b) => ON_CHIP.has(b))) return;
  const want = [...new Set(allowed.map(bufferLabel))].join(' or ');
  const code = placementCode(info, engine, buffer);
  const hint = code === 'NKI101' && HBM_NAMES.has(buffer)
    ? ' Compute engines read and write SBUF/PSUM only: load it into SBUF first (nisa.dma_copy or nl.load).'
    : code === 'NKI103' && buffer === 'psum' ? ' DMA cannot read PSUM: copy it to SBUF first (nisa.tensor_copy).' : '';
  env.session.report(code, `${info.display}: operand '${param.name}' must be in ${want}, but ${t.label()} is in ${bufferLabel(buffer)} (${t.describe()}).${hint}`, ctx, { related: t.allocationRelated() });
}

function checkDtype(env: NkiEnv, ctx: Ctx, info: CallInfo, param: ParamSpec, t: TensorObject): void {
  if (!param.dtypes || param.dtypes.length === 0 || t.dtype === UNKNOWN_DTYPE) return;
  if ((param.dtypes as readonly string[]).includes(t.dtype)) return;
  env.session.report('NKI401', `${info.display}: operand '${param.name}' has dtype ${t.dtype}, which the instruction does not accept (allowed: ${param.dtypes.join(', ')}).`, ctx, { related: t.allocationRelated() });
}

function measure(t: TensorObject, dim: ShapeLimit['dim']): Dim {
  switch (dim) {
    case 'P': return t.partitions;
    case 'F': return t.onChip ? t.freeElements : undefined;
    case 'rank': return t.shape.length;
    case 'freeRank': return t.shape.length - 1;
    case 'shape0': return t.shape[0];
    case 'lastDim': return t.shape[t.shape.length - 1];
    default: return undefined;
  }
}

function checkLimits(env: NkiEnv, ctx: Ctx, info: CallInfo, limits: readonly ShapeLimit[], engine: EngineName | undefined): void {
  for (const limit of limits) {
    if (limit.engine && limit.engine !== engine) continue;
    const t = tensorArg(info.bound.get(limit.param));
    if (!t) continue;
    const v = measure(t, limit.dim);
    if (v === undefined) continue;
    const bad = (limit.max !== undefined && v > limit.max) || (limit.min !== undefined && v < limit.min)
      || (limit.multipleOf !== undefined && v % limit.multipleOf !== 0) || (limit.oneOf !== undefined && !limit.oneOf.includes(v));
    if (!bad) continue;
    const code = limit.dim === 'P' && limit.max === 128 ? 'NKI201' : /matmul/.test(info.name) ? 'NKI203' : 'NKI207';
    env.session.report(code, `${info.display}: ${limit.message}; got ${v} (${t.label()} is ${t.describe()}).`, ctx, { related: t.allocationRelated() });
  }
}

/** 0.2+ ISA: the destination must match what the instruction produces. */
function checkDestination(env: NkiEnv, ctx: Ctx, info: CallInfo, dst: TensorObject, expected: Dim[] | undefined): void {
  if (!expected) return;
  const isMatmul = info.shortName === 'nc_matmul';
  const p = dst.partitions ?? dst.shape[0];
  const f = dst.onChip ? dst.freeElements : freeCount(dst.shape);
  const ep = expected[0];
  const ef = freeCount(expected);
  const pMismatch = p !== undefined && ep !== undefined && p !== ep;
  const fMismatch = f !== undefined && ef !== undefined && f !== ef;
  if (!pMismatch && !fMismatch) return;
  if (isMatmul) {
    env.session.report('NKI204', `${info.display}: the result has shape ${formatShape(expected)} (stationary free size x moving free size), but dst ${dst.label()} is ${formatShape(dst.shape)}.`, ctx, { related: dst.allocationRelated() });
  } else {
    env.session.report('NKI205', `${info.display}: dst ${dst.label()} is ${formatShape(dst.shape)} but the result is ${formatShape(expected)}: partitions and elements per partition must match.`, ctx, { related: dst.allocationRelated() });
  }
}

/** Elements after the first dim (`elementCount(shape.slice(1))` without the copy). */
function freeCount(shape: readonly Dim[]): Dim {
  let n = 1;
  for (let i = 1; i < shape.length; i++) {
    const d = shape[i];
    if (d === undefined) return undefined;
    n *= d;
  }
  return n;
}

/** Element-wise operands must agree in partitions and elements per partition. */
const ELEMENTWISE = new Set(['tensor_tensor', 'tensor_copy', 'activation', 'tensor_scalar', 'scalar_tensor_tensor', 'reciprocal', 'dropout']);

/** Operands that broadcast or are secondary outputs: not compared with the others. */
const AGREEMENT_EXEMPT = new Set(['bias', 'scale', 'operand0', 'operand1', 'reduce_res', 'prob']);

function checkOperandAgreement(env: NkiEnv, ctx: Ctx, info: CallInfo, dst: TensorObject | undefined, names: readonly string[], tensors: readonly TensorObject[]): void {
  let n0 = ''; let t0: TensorObject | undefined;
  let pa: Dim; let fa: Dim;
  // dst first, then the read operands.
  for (let i = dst ? -1 : 0; i < tensors.length; i++) {
    const n = i < 0 ? 'dst' : names[i];
    const t = i < 0 ? dst! : tensors[i];
    if (!t.onChip || AGREEMENT_EXEMPT.has(n)) continue;
    if (t0 === undefined) { n0 = n; t0 = t; pa = t.partitions; fa = t.freeElements; continue; }
    const pb = t.partitions;
    const fb = t.freeElements;
    // Beta 1 broadcasts a (P, 1) operand along the free dimension.
    const freeBroadcast = env.isBeta1 && (fa === 1 || fb === 1);
    if ((pa !== undefined && pb !== undefined && pa !== pb) || (!freeBroadcast && fa !== undefined && fb !== undefined && fa !== fb)) {
      env.session.report('NKI205', `${info.display}: '${n0}' is ${formatShape(t0.shape)} but '${n}' is ${formatShape(t.shape)}: partitions and elements per partition must match (no implicit broadcasting; use tensor_scalar with a (P, 1) operand).`, ctx, { related: t.allocationRelated() });
      return;
    }
  }
}

function checkMatmul(env: NkiEnv, ctx: Ctx, info: CallInfo, dst: TensorObject | undefined): void {
  const stationary = tensorArg(info.bound.get('stationary'));
  const moving = tensorArg(info.bound.get('moving'));
  if (!stationary || !moving) return;
  const limits = env.model.limits;
  const sp = stationary.partitions; const mp = moving.partitions;
  if (sp !== undefined && mp !== undefined && sp !== mp) {
    env.session.report('NKI204', `${info.display}: contraction mismatch: stationary has ${sp} partitions but moving has ${mp}; both contract over the partition dimension.`, ctx, { related: moving.allocationRelated() });
  }
  const sf = stationary.freeElements;
  if (sf !== undefined && sf > limits.matmulStationaryFreeElemsMax) {
    env.session.report('NKI203', `${info.display}: stationary free size is ${sf}, over the limit of ${limits.matmulStationaryFreeElemsMax} on ${env.model.target} (${stationary.label()} is ${stationary.describe()}). Tile the M dimension.`, ctx, { related: stationary.allocationRelated() });
  }
  const mf = moving.freeElements;
  const dstBf16 = dst?.dtype === 'bfloat16';
  const movingMax = env.model.target === 'trn3' ? (dstBf16 ? limits.matmulMovingFreeElemsMaxBf16Dst : limits.matmulMovingFreeElemsMaxFp32Dst) : limits.matmulMovingFreeElemsMax;
  if (mf !== undefined && movingMax !== undefined && mf > movingMax) {
    env.session.report('NKI203', `${info.display}: moving free size is ${mf}, over the limit of ${movingMax} on ${env.model.target} (${moving.label()} is ${moving.describe()}). Tile the N dimension.`, ctx, { related: moving.allocationRelated() });
  }
  if (dst && dst.buffer === 'psum' && env.model.target !== 'trn3') {
    const free = dst.freeElements;
    const bytes = free === undefined ? undefined : free * dst.bytesPerElement;
    if (bytes !== undefined && bytes > limits.psumBankBytes) {
      env.session.report('NKI202', `${info.display}: the result needs ${bytes} bytes per partition, more than one PSUM bank (${limits.psumBankBytes} bytes = ${limits.psumBankBytes / 4} fp32) on ${env.model.target}.`, ctx, { related: dst.allocationRelated() });
    }
  }
}

function outputDtype(env: NkiEnv, info: CallInfo, tensors: TensorObject[]): string {
  const d = info.bound.get('dtype');
  if (d?.kind === 'host' && 'dtypeName' in d.obj) return (d.obj as { dtypeName: string }).dtypeName;
  // Matmul results are fp32 in PSUM; a transpose keeps its input dtype ("dst dtype == data dtype",
  // nki-api.md nc_transpose / D5), which decides e.g. the VectorE 16-bit mode of its PSUM reader.
  if (/matmul/.test(info.shortName) && info.variant.returns.kind === 'tile' && info.variant.returns.buffer === 'psum') return 'float32';
  return tensors[0]?.dtype ?? 'float32';
}

function outputBuffer(info: CallInfo, tensors: TensorObject[]): BufferName {
  const r = info.variant.returns;
  if (r.kind !== 'tile') return 'sbuf';
  if (r.buffer === 'buffer-arg') {
    const b = info.bound.get('buffer');
    if (b?.kind === 'host' && 'bufferName' in b.obj) return (b.obj as { bufferName: BufferName }).bufferName;
    return 'sbuf';
  }
  if (r.buffer === 'like-input') return tensors[0]?.buffer ?? 'sbuf';
  return r.buffer;
}

/** Runs an instruction-like call; returns the new tile for tile-returning variants. */
export function executeInstruction(env: NkiEnv, ctx: Ctx, info: CallInfo): Value {
  const session = env.session;
  const engine = engineOf(info);
  const plan = planFor(info.variant, env.model.target, info.shortName);
  const operands: Operand[] = [];
  // Read operands: parameter names and tensors, side by side.
  const inputNames: string[] = [];
  const inputTensors: TensorObject[] = [];
  let dst: TensorObject | undefined;
  const mask = info.bound.get('mask');
  const masked = mask !== undefined && mask.kind !== 'none';

  for (const param of plan.tensorParams) {
    const v = info.bound.get(param.name);
    if (!v) continue;
    const many = v.kind === 'list' || v.kind === 'tuple';
    const count = many ? v.items.length : 1;
    for (let k = 0; k < count; k++) {
      const t = tensorArg(many ? v.items[k] : v);
      if (!t) continue;
      t.reportPendingBounds(ctx, masked);
      checkPlacement(env, ctx, info, param, t, engine);
      checkDtype(env, ctx, info, param, t);
      if (param.role === 'dst') {
        // Secondary outputs (reduce_res, idx_dst...) are writes, not the instruction's result.
        if (param.name === 'dst' || param.name === 'val_dst') dst ??= t;
        operands.push(t.operand(param.name, 'write'));
      } else {
        inputNames.push(param.name);
        inputTensors.push(t);
        if (t.onChip && !session.isWritten(t.storage.id)) {
          session.report('NKI106', `${info.display}: '${param.name}' reads ${t.label()} (${t.describe()}), which nothing has written yet: its contents are undefined.`, ctx, { related: t.allocationRelated() });
        }
        operands.push(t.operand(param.name, 'read'));
      }
    }
  }
  if (plan.limits.length > 0) checkLimits(env, ctx, info, plan.limits, engine);
  if (ELEMENTWISE.has(info.shortName)) checkOperandAgreement(env, ctx, info, dst, inputNames, inputTensors);

  // For a returned tile we must pick some shape; a destination is only checked against a shape
  // family the tables and FAMILIES know for sure.
  const doubleRow = isDoubleRow(info);
  const isOp = (info.entry.opUses?.length ?? 0) > 0;
  const family = shapeFamily(info.shortName, isOp, info.variant.returns.kind === 'tile' ? inputTensors.length : 0);
  let result: TensorObject | undefined;
  if (info.variant.returns.kind === 'tile') {
    let shape = resultShape(info.shortName, family, info.bound, inputTensors) ?? [undefined, undefined];
    // double_row operands carry two contraction rows per partition: [128, 2, M] x [128, 2, N] -> [M, N].
    if (doubleRow && info.shortName === 'nc_matmul') shape = shape.map((d) => (d === undefined ? d : d / 2));
    if (!shape.some((d) => d === undefined) || family !== 'none') {
      // fall through: allocate with what we know
    } else {
      ctx.gap(`result shape of ${info.display} is not modelled`);
    }
    const storage = session.allocate(ctx, { name: '', buffer: outputBuffer(info, inputTensors), dtype: outputDtype(env, info, inputTensors), shape, origin: 'local' });
    result = TensorObject.fresh(session, inputTensors[0]?.behaviour ?? env.behaviour, storage);
    checkPartitions(env, ctx, result);
    operands.unshift({ param: 'result', role: 'write', access: result.access() });
  } else if (dst && !(doubleRow && info.shortName === 'nc_matmul')) {
    checkDestination(env, ctx, info, dst, family === 'none' ? undefined : resultShape(info.shortName, family, info.bound, inputTensors, false));
  }
  // double_row modes contract over two partition rows per step ([128, 2, M] operands): the
  // plain matmul shape rules do not apply.
  if ((info.shortName === 'nc_matmul' || info.shortName === 'matmul') && !doubleRow) checkMatmul(env, ctx, info, dst ?? result);

  if (engine) {
    const out = dst ?? result;
    const { attrs, args } = attributesOf(env, ctx, info, plan, masked);
    const sizing = out ?? inputTensors[0];
    session.emit(ctx, {
      // A right-sized copy: an array grown by push keeps room for 17 entries, and the trace
      // keeps every record.
      api: info.name, engine, operands: operands.slice(), attrs, args,
      partitions: sizing?.partitions,
      freeElements: sizing ? sizing.freeElements : undefined,
    });
  }
  if (result) return mkHost(result);
  return NONE;
}

type Attrs = Record<string, string | number | boolean | null>;

/**
 * The previous instruction recorded at a call site: its plan, its arguments (tensors as
 * `TENSOR`) and the attributes and argument record made from them.
 */
interface SiteRecord { plan: InstructionPlan; names: string[]; values: Array<Value | typeof TENSOR>; attrs: Attrs; args: Record<string, ArgValue> }
const TENSOR = Symbol('tensor');

/** The same argument for the record: the same host object, or an equal scalar. */
function sameArg(a: Value | typeof TENSOR, b: Value): boolean {
  if (a === TENSOR || a.kind !== b.kind) return false;
  switch (a.kind) {
    case 'int': case 'float': case 'bool': case 'str': return Object.is(a.value, (b as typeof a).value);
    case 'none': return true;
    case 'host': return a.obj === (b as typeof a).obj;
    case 'tuple': case 'list': {
      // Compared by contents at each call: a list may have changed since.
      const x = a.items; const y = (b as typeof a).items;
      if (x.length !== y.length) return false;
      for (let i = 0; i < x.length; i++) if (tensorArg(x[i]) || !sameArg(x[i], y[i])) return false;
      return true;
    }
    default: return false;
  }
}

/** What `sameArg` compares later: containers copied, as a list may change in place. */
function snapshot(v: Value): Value {
  return v.kind === 'tuple' || v.kind === 'list' ? { ...v, items: v.items.map(snapshot) } : v;
}

/** Values `sameArg` can compare (`axis=(1,)` included). */
function comparable(v: Value): boolean {
  switch (v.kind) {
    case 'int': case 'float': case 'bool': case 'str': case 'none': case 'host': return true;
    case 'tuple': case 'list': return v.items.every((x) => !tensorArg(x) && comparable(x));
    default: return false;
  }
}

/**
 * The instruction's attributes and non-tensor arguments. Both depend only on the plan and the
 * non-tensor values, so a call site that repeats them (a loop body) shares the previous
 * instruction's records, read-only like the rest of the trace.
 */
function attributesOf(env: NkiEnv, ctx: Ctx, info: CallInfo, plan: InstructionPlan, masked: boolean): { attrs: Attrs; args: Record<string, ArgValue> } {
  const site = ctx.span;
  const siteRecords = env.callSites as WeakMap<object, SiteRecord>;
  const prev = site === undefined ? undefined : siteRecords.get(site);
  if (prev !== undefined && prev.plan === plan && prev.names.length === info.bound.size) {
    let same = true;
    let i = 0;
    for (const [name, v] of info.bound) {
      const was = prev.values[i];
      if (prev.names[i++] !== name || (tensorArg(v) ? was !== TENSOR : !sameArg(was, v))) { same = false; break; }
    }
    if (same) return prev;
  }
  const attrs: Attrs = {};
  for (const p of plan.attrParams) {
    const v = info.bound.get(p.name);
    if (!v) continue;
    if (p.role === 'op') attrs[p.name] = opName(v) ?? null;
    else if (p.role === 'flag' && v.kind === 'bool') attrs[p.name] = v.value;
    else if (p.role === 'enum' && v.kind === 'host' && v.obj instanceof EnumMemberObject) attrs[p.name] = v.obj.member;
  }
  if (info.bound.get('accumulate')?.kind === 'bool') attrs.accumulate = (info.bound.get('accumulate') as { value: boolean }).value;
  if (masked) attrs.masked = true;
  // A fill's value decides its cost (zero into a 16-bit tile runs at N/2, trainium-perf.md §1.4).
  if (info.shortName === 'memset') { const v = info.bound.get('value'); if (v?.kind === 'int' || v?.kind === 'float') attrs.value = Number(v.value); }
  const args: Record<string, ArgValue> = {};
  const names: string[] = [];
  const values: Array<Value | typeof TENSOR> = [];
  let cacheable = true;
  info.bound.forEach((v, name) => {
    names.push(name);
    if (tensorArg(v)) { values.push(TENSOR); return; }
    values.push(snapshot(v));
    // Only values `sameArg` can compare make a record worth keeping.
    if (!comparable(v)) cacheable = false;
    args[name] = argValue(v);
  });
  const record: SiteRecord = { plan, names, values, attrs, args };
  if (site !== undefined && cacheable) siteRecords.set(site, record);
  return record;
}

/** A non-tensor argument as JSON for the instruction record (see `Instruction.args`). */
export function argValue(v: Value): ArgValue {
  switch (v.kind) {
    case 'int': return Number(v.value);
    case 'float': return v.value;
    case 'bool': return v.value;
    case 'str': return v.value;
    case 'none': return null;
    case 'tuple': case 'list': return v.items.map(argValue);
    case 'host': {
      if (v.obj instanceof EnumMemberObject) return v.obj.member;
      if (v.obj instanceof IndexExpr || v.obj instanceof MaskExpr) return v.obj.toArg();
      const name = opName(v);
      if (name) return name;
      if ('dtypeName' in v.obj) return (v.obj as { dtypeName: string }).dtypeName;
      if (v.obj instanceof TensorObject) return { unknown: 'tensor' };
      return { unknown: v.obj.typeName };
    }
    case 'builtin': return v.name;
    case 'unknown': return { unknown: v.reason };
    default: return { unknown: v.kind };
  }
}

/** `perf_mode=nisa.matmul_perf_mode.double_row` (or Beta 1 'double_row_gen3'). */
function isDoubleRow(info: CallInfo): boolean {
  const v = info.bound.get('perf_mode');
  if (!v) return false;
  const text = v.kind === 'str' ? v.value : v.kind === 'host' && v.obj instanceof EnumMemberObject ? v.obj.member : '';
  return /double_row/.test(text);
}

/** On-chip tiles have at most 128 partitions (checked where a tile comes into being). */
export function checkPartitions(env: NkiEnv, ctx: Ctx, t: TensorObject): void {
  if (!ON_CHIP.has(t.buffer)) return;
  const p = t.partitions;
  const max = env.model.limits.partitions;
  if (p !== undefined && p > max) {
    const which = t.storage.name ? ` of ${t.label()}` : '';
    env.session.report('NKI201', `partition dimension${which} is ${p}, over the limit of ${max} for ${bufferLabel(t.buffer)} (shape ${formatShape(t.shape)}). Tile the first dimension by nl.tile_size.pmax.`, ctx);
  }
}
