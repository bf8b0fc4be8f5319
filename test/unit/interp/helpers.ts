/**
 * Test helpers: run Python snippets through the real front end and the interpreter.
 *   const r = run(`x = 1 + 2`); r.get('x') === 3
 *   py('-7 // 2') === -4          (an expression's value as plain JS)
 *   pyRaises('1/0') -> the PyException
 */
import { initParser, parsePython } from '../../../simulator/src/frontend';
import type { Span } from '../../../simulator/src/frontend/ast';
import {
  createInterpreter, PyException, toJs, type Hooks, type InterpreterOptions, type Interpreter, type ModuleValue,
  type Value, type ResolvedModule,
} from '../../../simulator/src/interp';

export async function ready(): Promise<void> {
  await initParser();
}

/** Removes the common indentation of a template literal, so snippets can be indented in tests. */
export function dedent(src: string): string {
  const lines = src.replace(/^\n/, '').split('\n');
  const indent = Math.min(...lines.filter((l) => l.trim()).map((l) => l.match(/^ */)![0].length));
  return lines.map((l) => l.slice(indent)).join('\n');
}

export interface Gap { reason: string; span: Span | undefined }

export interface RunResult {
  interp: Interpreter;
  module: ModuleValue;
  gaps: Gap[];
  output: string;
  /** A global's value as plain JS. */
  get(name: string): unknown;
  /** A global's raw value. */
  value(name: string): Value;
}

export function run(src: string, options: InterpreterOptions = {}): RunResult {
  const gaps: Gap[] = [];
  const out: string[] = [];
  const hooks: Hooks = {
    ...options.hooks,
    onGap: (reason, span, path) => { gaps.push({ reason, span }); options.hooks?.onGap?.(reason, span, path); },
    onPrint: (t) => { out.push(t); options.hooks?.onPrint?.(t); },
  };
  const interp = createInterpreter({ parse: (s) => parsePython(s), ...options, hooks });
  const ast = parsePython(dedent(src));
  if (ast.errors.length > 0) throw new Error(`parse errors: ${ast.errors.map((e) => e.message).join('; ')}`);
  const module = interp.runModule(ast, { qualifiedName: '__main__', path: 'test.py' });
  const value = (name: string): Value => {
    const v = module.attrs.get(name);
    if (v === undefined) throw new Error(`no global '${name}'`);
    return v;
  };
  return {
    interp, module, gaps, get output() { return out.join(''); },
    get: (name) => toJs(value(name), interp.ctx), value,
  };
}

/** The value of one expression (after optional setup statements), as plain JS. */
export function py(expr: string, setup = ''): unknown {
  return run(`${dedent(setup)}\n__result = ${expr}\n`).get('__result');
}

/** Runs `src` expecting an uncaught Python exception; returns it. */
export function pyRaises(src: string): PyException {
  try {
    run(src);
  } catch (e) {
    if (e instanceof PyException) return e;
    throw e;
  }
  throw new Error(`expected an exception from:\n${src}`);
}

/** An in-memory ModuleHost: qualified name -> source (`pkg/__init__` style names via isPackage). */
export function memoryHost(files: Record<string, string>): InterpreterOptions['moduleHost'] {
  return {
    resolve(name: string): ResolvedModule | undefined {
      const pkg = files[`${name}.__init__`];
      if (pkg !== undefined) return { qualifiedName: name, path: `${name.replace(/\./g, '/')}/__init__.py`, source: dedent(pkg), isPackage: true };
      const src = files[name];
      if (src !== undefined) return { qualifiedName: name, path: `${name.replace(/\./g, '/')}.py`, source: dedent(src) };
      return undefined;
    },
  };
}
