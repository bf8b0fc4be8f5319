/**
 * `enum`: `Enum`, `IntEnum`, `StrEnum`, `Flag`/`IntFlag` (as plain enums with int behaviour) and
 * `auto()`. A class deriving from Enum is post-processed by its `onSubclass` hook: each plain
 * class attribute becomes a member (an instance with `name` and `value`), aliases share members,
 * and class-level protocol (iteration, `Color['RED']`, `Color(1)`, `len`, `in`) comes from `meta`.
 * IntEnum members behave as their int value in arithmetic, comparison and indexing.
 */
import type { Ctx } from '../context';
import type { Interp } from '../interp';
import { native } from '../native';
import { binaryOp, hashValue, pyEquals, repr, richCompare, str } from '../ops';
import { makeClass, objectType } from '../types';
import type { ClassValue, InstanceValue, Value } from '../values';
import { mkBool, mkInt, mkStr } from '../values';
import type { BinaryOperator } from '../../frontend/ast';

interface EnumData { members: Map<string, InstanceValue>; byValue: InstanceValue[] }

function data(cls: ClassValue): EnumData | undefined {
  for (const c of cls.mro) {
    const d = c.data?.get('enum') as EnumData | undefined;
    if (d) return d;
  }
  return undefined;
}

const valueOf = (v: Value): Value => (v.kind === 'instance' ? v.attrs.get('_value_') ?? v : v);

export function enumModule(): Map<string, Value> {
  const m = new Map<string, Value>();
  const autoClass = makeClass('auto', [objectType], { module: 'enum' });
  const enumClass = makeClass('Enum', [objectType], { module: 'enum' });
  const intEnum = makeClass('IntEnum', [enumClass], { module: 'enum' });
  const strEnum = makeClass('StrEnum', [enumClass], { module: 'enum' });
  const flag = makeClass('Flag', [enumClass], { module: 'enum' });
  const intFlag = makeClass('IntFlag', [intEnum], { module: 'enum' });

  const onSubclass = (cls: ClassValue, ctx: Ctx): void => {
    const it = ctx as Interp;
    const d: EnumData = { members: new Map(), byValue: [] };
    const isStr = cls.mro.includes(strEnum);
    let last = 0;
    for (const [name, v] of [...cls.attrs]) {
      if (name.startsWith('_') || v.kind === 'function' || v.kind === 'builtin' || v.kind === 'property'
        || v.kind === 'staticmethod' || v.kind === 'classmethod' || v.kind === 'class') continue;
      let value = v;
      if (v.kind === 'instance' && v.cls === autoClass) {
        value = isStr ? mkStr(name.toLowerCase()) : mkInt(cls.mro.includes(flag) ? 2 ** d.byValue.length : last + 1);
      }
      if (value.kind === 'int' && typeof value.value === 'number') last = value.value;
      const alias = d.byValue.find((mem) => pyEquals(it, valueOf(mem), value));
      if (alias) { d.members.set(name, alias); cls.attrs.set(name, alias); continue; }
      const member: InstanceValue = { kind: 'instance', cls, attrs: new Map() };
      member.attrs.set('_value_', value);
      member.attrs.set('_name_', mkStr(name));
      member.attrs.set('value', value);
      member.attrs.set('name', mkStr(name));
      d.members.set(name, member);
      d.byValue.push(member);
      cls.attrs.set(name, member);
    }
    (cls.data ??= new Map()).set('enum', d);
  };
  enumClass.onSubclass = onSubclass;

  enumClass.meta = {
    iterate: (cls) => [...(data(cls)?.byValue ?? [])],
    len: (cls) => data(cls)?.byValue.length ?? 0,
    getItem: (cls, key, ctx) => {
      const k = key.kind === 'str' ? key.value : '';
      return data(cls)?.members.get(k) ?? ctx.raiseArgs('KeyError', [key]);
    },
    contains: (cls, item) => item.kind === 'instance' && item.cls === cls,
    call: (cls, args, _kw, ctx) => {
      const it = ctx as Interp;
      const v = args[0];
      if (v === undefined) return it.raise('TypeError', `${cls.name}() missing value`);
      if (v.kind === 'instance' && v.cls === cls) return v;
      const found = data(cls)?.byValue.find((mem) => pyEquals(it, valueOf(mem), v));
      return found ?? it.raise('ValueError', `${repr(it, v)} is not a valid ${cls.qualname}`);
    },
  };

  enumClass.attrs.set('__repr__', native('__repr__', 'self, /', ([s], ctx) => {
    const o = s as InstanceValue;
    return mkStr(`<${o.cls.name}.${str(ctx as Interp, o.attrs.get('_name_')!)}: ${repr(ctx as Interp, o.attrs.get('_value_')!)}>`);
  }));
  enumClass.attrs.set('__str__', native('__str__', 'self, /', ([s], ctx) => {
    const o = s as InstanceValue;
    return mkStr(`${o.cls.name}.${str(ctx as Interp, o.attrs.get('_name_')!)}`);
  }));
  enumClass.attrs.set('__hash__', native('__hash__', 'self, /', ([s], ctx) => hashValue(ctx as Interp, (s as InstanceValue).attrs.get('_name_')!)));
  enumClass.attrs.set('__eq__', native('__eq__', 'self, other, /', ([a, b]) => mkBool(a === b)));

  // int-valued enums: behave as their value.
  const intLike: Record<string, (a: Value, b: Value, ctx: Interp) => Value> = {};
  const ops: Array<[string, BinaryOperator, boolean]> = [
    ['__add__', '+', false], ['__radd__', '+', true], ['__sub__', '-', false], ['__rsub__', '-', true],
    ['__mul__', '*', false], ['__rmul__', '*', true], ['__floordiv__', '//', false], ['__rfloordiv__', '//', true],
    ['__truediv__', '/', false], ['__rtruediv__', '/', true], ['__mod__', '%', false], ['__rmod__', '%', true],
    ['__pow__', '**', false], ['__and__', '&', false], ['__rand__', '&', true], ['__or__', '|', false], ['__ror__', '|', true],
    ['__lshift__', '<<', false], ['__rshift__', '>>', false], ['__xor__', '^', false],
  ];
  for (const [name, op, reflected] of ops) {
    intLike[name] = (a, b, ctx) => (reflected ? binaryOp(ctx, op, valueOf(b), valueOf(a)) : binaryOp(ctx, op, valueOf(a), valueOf(b)));
  }
  for (const [name, op] of [['__lt__', '<'], ['__le__', '<='], ['__gt__', '>'], ['__ge__', '>='], ['__eq__', '=='], ['__ne__', '!=']] as const) {
    intLike[name] = (a, b, ctx) => richCompare(ctx, op, valueOf(a), valueOf(b));
  }
  for (const cls of [intEnum, strEnum]) {
    for (const [name, f] of Object.entries(intLike)) {
      if (cls === strEnum && !['__eq__', '__ne__', '__lt__', '__le__', '__gt__', '__ge__', '__add__', '__radd__'].includes(name)) continue;
      cls.attrs.set(name, native(name, 'self, other, /', ([a, b], ctx) => f(a!, b!, ctx as Interp)));
    }
    cls.attrs.set('__hash__', native('__hash__', 'self, /', ([s], ctx) => hashValue(ctx as Interp, valueOf(s!))));
    cls.attrs.set('__str__', native('__str__', 'self, /', ([s], ctx) => mkStr(str(ctx as Interp, valueOf(s!)))));
    cls.attrs.set('__format__', native('__format__', 'self, spec, /', ([s, spec], ctx) =>
      mkStr(ctx.str(ctx.call(ctx.getAttr(mkStr('{:' + (spec as { value: string }).value + '}'), 'format'), [valueOf(s!)])))));
  }
  for (const name of ['__index__', '__int__']) intEnum.attrs.set(name, native(name, 'self, /', ([s]) => valueOf(s!)));
  intEnum.attrs.set('__float__', native('__float__', 'self, /', ([s]) => ({ kind: 'float', value: Number((valueOf(s!) as { value: number }).value) })));

  m.set('Enum', enumClass);
  m.set('IntEnum', intEnum);
  m.set('StrEnum', strEnum);
  m.set('Flag', flag);
  m.set('IntFlag', intFlag);
  m.set('auto', autoClass);
  m.set('unique', native('unique', 'enumeration, /', ([c]) => c!));
  return m;
}
