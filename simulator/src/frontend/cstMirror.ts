/**
 * A plain-JavaScript copy of a tree-sitter tree, built in one TreeCursor walk. Every property read
 * on a web-tree-sitter `Node` crosses into wasm and allocates; lowering reads each node many
 * times, so reading them all once into this mirror makes lowering several times faster.
 *
 * `CstNode` deliberately offers the subset of tree-sitter's `Node` API the lowering uses, under the
 * same names, so lowering code reads like ordinary tree-sitter code.
 *
 * Invariant: a mirror never refers back to the tree it was copied from, so the tree may be freed
 * (or edited) as soon as `mirrorTree` returns. Positions are UTF-16 based, like the indices.
 */
import { lineStarts, pointAtOffset } from './lineIndex';
import type * as TreeSitter from 'web-tree-sitter';
import type { ReusePass } from './reuse';

interface Point { row: number; column: number }

/** Per-text data shared by all nodes of one mirror. */
class Source {
  private lineStarts: number[] | undefined;
  constructor(readonly text: string) {}

  point(offset: number): Point {
    this.lineStarts ??= lineStarts(this.text);
    return pointAtOffset(this.lineStarts, offset);
  }
}

export class CstNode {
  readonly children: CstNode[] = [];
  parent: CstNode | null = null;
  /** Index in `parent.children`. */
  index = 0;
  hasError = false;
  private start?: Point;
  private end?: Point;

  constructor(
    private readonly source: Source,
    readonly type: string,
    readonly isNamed: boolean,
    readonly isMissing: boolean,
    /** The field this node fills in its parent, if any. */
    readonly fieldName: string | null,
    readonly startIndex: number,
    readonly endIndex: number,
  ) {}

  get isError(): boolean { return this.type === 'ERROR'; }
  get text(): string { return this.source.text.slice(this.startIndex, this.endIndex); }
  get startPosition(): Point { return (this.start ??= this.source.point(this.startIndex)); }
  get endPosition(): Point { return (this.end ??= this.source.point(this.endIndex)); }
  get childCount(): number { return this.children.length; }
  get namedChildren(): CstNode[] { return this.children.filter((c) => c.isNamed); }
  get firstChild(): CstNode | null { return this.children[0] ?? null; }
  get lastChild(): CstNode | null { return this.children[this.children.length - 1] ?? null; }
  get previousSibling(): CstNode | null { return this.parent?.children[this.index - 1] ?? null; }
  get nextSibling(): CstNode | null { return this.parent?.children[this.index + 1] ?? null; }

  childForFieldName(name: string): CstNode | null {
    for (const c of this.children) if (c.fieldName === name) return c;
    return null;
  }

  childrenForFieldName(name: string): CstNode[] {
    return this.children.filter((c) => c.fieldName === name);
  }

  equals(other: CstNode): boolean { return this === other; }
}

export interface Mirror {
  root: CstNode;
  /** Every comment node, in source order. */
  comments: CstNode[];
}

/**
 * Node types that have fields, and named node types that never have children, in the
 * tree-sitter-python 0.25 grammar (from its node-types.json). Each question the mirror does not
 * ask saves a round trip into wasm. The first list must stay complete: a field not asked for is lost.
 */
const TYPES_WITH_FIELDS = new Set([
  'aliased_import', 'as_pattern', 'assignment', 'attribute', 'augmented_assignment', 'binary_operator', 'block',
  'boolean_operator', 'call', 'case_clause', 'class_definition', 'comparison_operator', 'decorated_definition',
  'default_parameter', 'dict_pattern', 'dictionary_comprehension', 'elif_clause', 'else_clause', 'except_clause',
  'exec_statement', 'for_in_clause', 'for_statement', 'format_expression', 'function_definition',
  'future_import_statement', 'generator_expression', 'if_statement', 'import_from_statement', 'import_statement',
  'interpolation', 'keyword_argument', 'lambda', 'list_comprehension', 'match_statement', 'named_expression',
  'not_operator', 'pair', 'print_statement', 'raise_statement', 'set_comprehension', 'subscript', 'try_statement',
  'type_alias_statement', 'typed_default_parameter', 'typed_parameter', 'unary_operator', 'while_statement',
  'with_item', 'with_statement',
  'ERROR', // error recovery may keep fields from the rule it abandoned
]);
const LEAF_TYPES = new Set([
  'comment', 'ellipsis', 'escape_interpolation', 'escape_sequence', 'false', 'float', 'identifier', 'integer',
  'line_continuation', 'none', 'string_end', 'string_start', 'true', 'type_conversion',
]);

/**
 * Copies `tree` (parsed from `text`). With `reuse`, a top-level statement whose lowering can be
 * reused (reuse.ts) is copied as a stub: no children except the last-child spine that the
 * indentation check reads (the nested block a following line may dedent from).
 */
export function mirrorTree(tree: TreeSitter.Tree, text: string, reuse?: ReusePass): Mirror {
  const source = new Source(text);
  const language = tree.language;
  const types = language.types;
  const fieldNames = language.fields;
  const namedById: boolean[] = [];
  const comments: CstNode[] = [];
  // In a tree without errors nothing is MISSING and every anonymous token's text is its type,
  // so its end can be computed instead of asked for. A tree with errors takes the careful path.
  const careful = tree.rootNode.hasError;
  const cursor = tree.walk();
  try {
    /** End of the previous named, non-comment root child (where a reusable statement's key starts). */
    let gapStart = 0;
    const stub = (node: CstNode, depth: number): void => {
      if (depth === 0 || !cursor.gotoFirstChild()) return;
      let last: CstNode | undefined;
      do {
        const typeId = cursor.nodeTypeId;
        last = new CstNode(source, types[typeId] ?? 'ERROR', language.nodeTypeIsNamed(typeId), false, null, cursor.startIndex, cursor.endIndex);
      } while (cursor.gotoNextSibling());
      last.parent = node;
      node.children.push(last);
      stub(last, depth - 1);
      cursor.gotoParent();
    };
    const build = (parentType: string | null): CstNode => {
      const typeId = cursor.nodeTypeId;
      const type = typeId === 65535 ? 'ERROR' : types[typeId] ?? 'ERROR';
      const named = typeId === 65535 || (namedById[typeId] ??= language.nodeTypeIsNamed(typeId));
      const start = cursor.startIndex;
      const end = !careful && !named && text.startsWith(type, start) ? start + type.length : cursor.endIndex;
      // Only zero-width nodes can be MISSING; asking costs a wasm call, so ask only for those.
      const missing = careful && start === end && cursor.nodeIsMissing;
      const fieldId = careful || (parentType !== null && TYPES_WITH_FIELDS.has(parentType)) ? cursor.currentFieldId : 0;
      const node = new CstNode(source, type, named, missing, fieldId ? fieldNames[fieldId] ?? null : null, start, end);
      node.hasError = missing || type === 'ERROR';
      if (type === 'comment') comments.push(node);
      if (reuse && parentType === 'module' && named && type !== 'comment') {
        const from = gapStart;
        gapStart = end;
        if (type !== 'ERROR' && reuse.canReuse(from, end) && !cursor.currentNode.hasError) {
          // Walking to the last child below leaves the cursor where it found it.
          stub(node, 2);
          reuse.skipped(node, from);
          return node;
        }
      }
      const mayHaveChildren = careful || (named && !LEAF_TYPES.has(type));
      if (mayHaveChildren && cursor.gotoFirstChild()) {
        do {
          const child = build(type);
          child.parent = node;
          child.index = node.children.length;
          node.children.push(child);
          if (child.hasError) node.hasError = true;
        } while (cursor.gotoNextSibling());
        cursor.gotoParent();
      }
      return node;
    };
    return { root: build(null), comments };
  } finally {
    cursor.delete();
  }
}
