/**
 * `typing` (and `abc`): names that matter only to type checkers. Each special form is a class
 * that subscripts to itself (`Optional[int]` is `Optional`), so annotations evaluate cheaply;
 * `TYPE_CHECKING` is False; `cast` returns its value; `TypeVar`/`NewType` return inert values.
 */
import { makeClass, objectType } from '../types';
import { native } from '../native';
import type { ClassValue, Value } from '../values';
import { FALSE, mkStr } from '../values';

function specialForm(name: string, module: string): ClassValue {
  const cls = makeClass(name, [objectType], { module });
  cls.meta = { getItem: (c) => c };
  return cls;
}

const FORMS = [
  'Any', 'Optional', 'Union', 'List', 'Tuple', 'Dict', 'Set', 'FrozenSet', 'Callable', 'Type', 'Sequence',
  'MutableSequence', 'Iterable', 'Iterator', 'Generator', 'Mapping', 'MutableMapping', 'Literal', 'Final',
  'ClassVar', 'Annotated', 'Generic', 'Protocol', 'NoReturn', 'Never', 'Self', 'TypeAlias', 'Collection',
  'Hashable', 'Sized', 'SupportsInt', 'SupportsFloat', 'SupportsIndex', 'Awaitable', 'Coroutine', 'AbstractSet',
  'DefaultDict', 'OrderedDict', 'Counter', 'Deque', 'ParamSpec', 'Concatenate', 'TypeGuard', 'Required', 'NotRequired',
];

export function typingModule(): Map<string, Value> {
  const m = new Map<string, Value>();
  for (const f of FORMS) m.set(f, specialForm(f, 'typing'));
  m.set('TYPE_CHECKING', FALSE);
  m.set('cast', native('cast', 'typ, val, /', ([, v]) => v!));
  m.set('TypeVar', native('TypeVar', 'name, *constraints, **kwargs', ([n]) => n ?? mkStr('T')));
  m.set('NewType', native('NewType', 'name, tp, /', ([, tp]) => tp!));
  for (const d of ['overload', 'final', 'no_type_check', 'runtime_checkable', 'override']) m.set(d, native(d, 'func, /', ([f]) => f!));
  m.set('get_type_hints', native('get_type_hints', 'obj, /, *args, **kwargs', ([o], ctx) => {
    try { return ctx.getAttr(o!, '__annotations__'); } catch { return ctx.call(ctx.builtinClass('dict'), []); }
  }));
  // Any other typing name (TextIO, NamedTuple, ...) is an inert special form: annotations never
  // change what a kernel does.
  m.set('__getattr__', native('__getattr__', 'name, /', ([n]) => specialForm(n?.kind === 'str' ? n.value : 'Any', 'typing')));
  return m;
}

export function abcModule(): Map<string, Value> {
  const m = new Map<string, Value>();
  const abc = makeClass('ABC', [objectType], { module: 'abc' });
  m.set('ABC', abc);
  m.set('ABCMeta', makeClass('ABCMeta', [objectType], { module: 'abc' }));
  for (const d of ['abstractmethod', 'abstractproperty']) m.set(d, native(d, 'func, /', ([f]) => f!));
  return m;
}
