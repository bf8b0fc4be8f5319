/**
 * Our own typed Python AST: the contract between the front end (tree-sitter CST -> this) and
 * everything downstream (interpreter, tracer, checker, hover). Nothing outside `frontend/`
 * touches tree-sitter.
 *
 * Invariants:
 * - Every node has an exact `span` in LSP coordinates (0-based line, UTF-16 character) and a
 *   module-unique numeric `id`, so analyses can keep per-node facts in side tables.
 * - Broken code still lowers: what cannot be understood becomes an `Error` expression or an
 *   `ErrorStmt` carrying its source text, and a `ParseError` is recorded in `Module.errors`.
 *   Lowering never throws.
 */

export interface Position {
  /** 0-based line. */
  line: number;
  /** 0-based column in UTF-16 code units (LSP's default encoding). */
  character: number;
}

export interface Span {
  start: Position;
  end: Position;
  /** Offsets in UTF-16 code units into the source string, end exclusive. */
  startOffset: number;
  endOffset: number;
}

interface NodeBase {
  id: number;
  span: Span;
}

// ---------------------------------------------------------------------------------------------
// Expressions

export type BinaryOperator =
  | '+' | '-' | '*' | '/' | '//' | '%' | '**' | '@' | '<<' | '>>' | '&' | '|' | '^';
export type UnaryOperator = '-' | '+' | '~' | 'not';
export type CompareOperator = '==' | '!=' | '<' | '<=' | '>' | '>=' | 'in' | 'not in' | 'is' | 'is not';

export interface Name extends NodeBase { kind: 'Name'; name: string }
export interface IntLiteral extends NodeBase { kind: 'Int'; value: bigint }
export interface FloatLiteral extends NodeBase { kind: 'Float'; value: number }
/** Imaginary literals (`1j`) are kept so they can be reported; kernels do not use them. */
export interface ImaginaryLiteral extends NodeBase { kind: 'Imaginary'; value: number }
export interface StrLiteral extends NodeBase { kind: 'Str'; value: string; isBytes: boolean }
export interface BoolLiteral extends NodeBase { kind: 'Bool'; value: boolean }
export interface NoneLiteral extends NodeBase { kind: 'None' }
export interface EllipsisLiteral extends NodeBase { kind: 'Ellipsis' }

/** f-string: literal text and interpolations, in order. Adjacent literals concatenate. */
export interface FString extends NodeBase {
  kind: 'FString';
  parts: Array<string | FStringInterpolation>;
}
export interface FStringInterpolation {
  expr: Expr;
  /** `!r`, `!s`, `!a` */
  conversion?: 'r' | 's' | 'a';
  /** The format spec after `:`, itself possibly with nested interpolations. */
  formatSpec?: FString;
  /** `f"{x=}"` self-documenting form: the text of the expression including `=`. */
  selfDocumenting?: string;
}

export interface Attribute extends NodeBase { kind: 'Attribute'; value: Expr; attr: string; attrSpan: Span }
/** `value[index]`; a multi-element subscript `a[i, j]` has a `Tuple` index. */
export interface Subscript extends NodeBase { kind: 'Subscript'; value: Expr; index: Expr }
/** Only valid inside a subscript index (possibly inside a Tuple there). */
export interface Slice extends NodeBase { kind: 'Slice'; lower?: Expr; upper?: Expr; step?: Expr }

export type Argument =
  | { kind: 'positional'; value: Expr; span: Span }
  | { kind: 'star'; value: Expr; span: Span }
  | { kind: 'keyword'; name: string; nameSpan: Span; value: Expr; span: Span }
  | { kind: 'doubleStar'; value: Expr; span: Span };

export interface Call extends NodeBase { kind: 'Call'; func: Expr; args: Argument[] }
export interface BinOp extends NodeBase { kind: 'BinOp'; op: BinaryOperator; left: Expr; right: Expr }
export interface UnaryOp extends NodeBase { kind: 'UnaryOp'; op: UnaryOperator; operand: Expr }
export interface BoolOp extends NodeBase { kind: 'BoolOp'; op: 'and' | 'or'; values: Expr[] }
/** Chained comparison `a < b <= c`: ops.length === comparators.length. */
export interface Compare extends NodeBase { kind: 'Compare'; left: Expr; ops: CompareOperator[]; comparators: Expr[] }
export interface IfExp extends NodeBase { kind: 'IfExp'; test: Expr; body: Expr; orelse: Expr }
export interface Lambda extends NodeBase { kind: 'Lambda'; params: Parameter[]; body: Expr }
export interface Tuple extends NodeBase { kind: 'Tuple'; elts: Expr[] }
export interface List extends NodeBase { kind: 'List'; elts: Expr[] }
export interface SetDisplay extends NodeBase { kind: 'Set'; elts: Expr[] }
/** `key` undefined means a `**mapping` spread entry. */
export interface Dict extends NodeBase { kind: 'Dict'; entries: Array<{ key?: Expr; value: Expr }> }
export interface Starred extends NodeBase { kind: 'Starred'; value: Expr }
export interface NamedExpr extends NodeBase { kind: 'NamedExpr'; target: Name; value: Expr }

export interface Comprehension { target: Expr; iter: Expr; ifs: Expr[]; isAsync: boolean; span: Span }
export interface ListComp extends NodeBase { kind: 'ListComp'; elt: Expr; generators: Comprehension[] }
export interface SetComp extends NodeBase { kind: 'SetComp'; elt: Expr; generators: Comprehension[] }
export interface GeneratorExp extends NodeBase { kind: 'GeneratorExp'; elt: Expr; generators: Comprehension[] }
export interface DictComp extends NodeBase { kind: 'DictComp'; key: Expr; value: Expr; generators: Comprehension[] }

export interface Yield extends NodeBase { kind: 'Yield'; value?: Expr; isFrom: boolean }
export interface Await extends NodeBase { kind: 'Await'; value: Expr }
/** Source the front end could not understand (tree-sitter ERROR/MISSING, unknown node types). */
export interface ErrorExpr extends NodeBase { kind: 'Error'; text: string }

export type Expr =
  | Name | IntLiteral | FloatLiteral | ImaginaryLiteral | StrLiteral | BoolLiteral | NoneLiteral
  | EllipsisLiteral | FString | Attribute | Subscript | Slice | Call | BinOp | UnaryOp | BoolOp
  | Compare | IfExp | Lambda | Tuple | List | SetDisplay | Dict | Starred | NamedExpr | ListComp
  | SetComp | GeneratorExp | DictComp | Yield | Await | ErrorExpr;

// ---------------------------------------------------------------------------------------------
// Function parameters

export type ParameterKind = 'positionalOnly' | 'normal' | 'varargs' | 'keywordOnly' | 'kwargs';

export interface Parameter {
  name: string;
  kind: ParameterKind;
  default?: Expr;
  annotation?: Expr;
  span: Span;
}

// ---------------------------------------------------------------------------------------------
// Statements

export interface ExprStmt extends NodeBase { kind: 'ExprStmt'; value: Expr }
/** `a = b = value` has two targets. Targets may be Name, Attribute, Subscript, Tuple, List, Starred. */
export interface Assign extends NodeBase { kind: 'Assign'; targets: Expr[]; value: Expr }
export interface AugAssign extends NodeBase { kind: 'AugAssign'; target: Expr; op: BinaryOperator; value: Expr }
export interface AnnAssign extends NodeBase { kind: 'AnnAssign'; target: Expr; annotation: Expr; value?: Expr }
export interface Pass extends NodeBase { kind: 'Pass' }
export interface Break extends NodeBase { kind: 'Break' }
export interface Continue extends NodeBase { kind: 'Continue' }
export interface Return extends NodeBase { kind: 'Return'; value?: Expr }
export interface Delete extends NodeBase { kind: 'Delete'; targets: Expr[] }
/** `elif` chains lower to a nested If as the only statement of `orelse`. */
export interface If extends NodeBase { kind: 'If'; test: Expr; body: Stmt[]; orelse: Stmt[] }
export interface For extends NodeBase { kind: 'For'; target: Expr; iter: Expr; body: Stmt[]; orelse: Stmt[]; isAsync: boolean }
export interface While extends NodeBase { kind: 'While'; test: Expr; body: Stmt[]; orelse: Stmt[] }
export interface WithItem { contextExpr: Expr; optionalVars?: Expr; span: Span }
export interface With extends NodeBase { kind: 'With'; items: WithItem[]; body: Stmt[]; isAsync: boolean }
export interface ExceptHandler { type?: Expr; name?: string; body: Stmt[]; span: Span }
export interface Try extends NodeBase { kind: 'Try'; body: Stmt[]; handlers: ExceptHandler[]; orelse: Stmt[]; finalbody: Stmt[] }
export interface Raise extends NodeBase { kind: 'Raise'; exc?: Expr; cause?: Expr }
export interface Assert extends NodeBase { kind: 'Assert'; test: Expr; msg?: Expr }

export interface FunctionDef extends NodeBase {
  kind: 'FunctionDef';
  name: string;
  nameSpan: Span;
  params: Parameter[];
  body: Stmt[];
  decorators: Expr[];
  returns?: Expr;
  isAsync: boolean;
  /** The first statement's string literal, if any (also kept in `body`). */
  docstring?: string;
  /** Comment lines directly above the first decorator (or the def), in source order, without `#`. */
  leadingComments: Array<{ text: string; span: Span }>;
}

export interface ClassDef extends NodeBase {
  kind: 'ClassDef';
  name: string;
  nameSpan: Span;
  bases: Argument[];
  body: Stmt[];
  decorators: Expr[];
  docstring?: string;
}

export interface ImportAlias { name: string; asname?: string; span: Span }
/** `import a.b.c as d`: name is the dotted path. */
export interface Import extends NodeBase { kind: 'Import'; names: ImportAlias[] }
/** `from ..pkg.mod import x as y`: level 2, module 'pkg.mod'; `from . import x`: level 1, module ''. */
export interface ImportFrom extends NodeBase { kind: 'ImportFrom'; module: string; level: number; names: ImportAlias[] | '*' }
export interface Global extends NodeBase { kind: 'Global'; names: string[] }
export interface Nonlocal extends NodeBase { kind: 'Nonlocal'; names: string[] }
/** Valid Python that we do not model (e.g. `match`, `type X = ...`): kept so it can be reported. */
export interface UnsupportedStmt extends NodeBase { kind: 'Unsupported'; what: string }
/** Source the front end could not understand as a statement. */
export interface ErrorStmt extends NodeBase { kind: 'ErrorStmt'; text: string }

export type Stmt =
  | ExprStmt | Assign | AugAssign | AnnAssign | Pass | Break | Continue | Return | Delete | If | For
  | While | With | Try | Raise | Assert | FunctionDef | ClassDef | Import | ImportFrom | Global
  | Nonlocal | UnsupportedStmt | ErrorStmt;

// ---------------------------------------------------------------------------------------------
// Module

export interface ParseError {
  message: string;
  span: Span;
}

export interface Module {
  kind: 'Module';
  body: Stmt[];
  errors: ParseError[];
  /** Number of ids handed out: ids are 0..nodeCount-1. */
  nodeCount: number;
  /** All comments in the module, for directives (`# nki-studio: shapes ...`, `# nki: ignore[...]`). */
  comments: Array<{ text: string; span: Span }>;
  span: Span;
}
