/**
 * The lowering entry point: a tree-sitter tree (plus its text) to our `Module`, with syntax errors,
 * comments and, when a mistake made tree-sitter misread later lines, a repaired second reading
 * so the statements after the mistake survive (see repair.ts).
 *
 * Invariant: `lowerTree` never throws and never frees or changes the tree it is given; any tree
 * it creates itself (the repair) is freed before it returns.
 */
import type * as A from './ast';
import { LowerContext, spanOf } from './context';
import { lowerBlock, type CommentLines } from './lowerStmt';
import { mirrorTree, type CstNode, type Mirror } from './cstMirror';
import type { Tree } from './parse';
import { mergeRegions, repairRegions, type BrokenRegion } from './repair';
import { bracketRegions, collectSyntaxErrors } from './syntaxErrors';
import type { StatementReuse, ReusePass } from './reuse';

/** Repairs rarely need more than one round; each round re-parses incrementally. */
const MAX_REPAIR_ROUNDS = 3;

/**
 * With `reuse`, unchanged top-level statements of the previous version are reused (reuse.ts) and
 * this version's statements are kept for the next one.
 */
export function lowerTree(tree: Tree, text: string, reuse?: StatementReuse): A.Module {
  try {
    const regions: BrokenRegion[] = [];
    for (let round = 0; ; round++) {
      const repair = regions.length ? repairRegions(tree, text, mergeRegions(regions)) : undefined;
      try {
        const ctx = new LowerContext(repair?.text ?? text, repair?.placeholders);
        // Repairs keep lengths and only blank broken lines, so keys are read from the original text.
        const pass = reuse?.begin(text);
        const mirror = mirrorTree(repair?.tree ?? tree, ctx.text, pass);
        const module = lowerRoot(ctx, mirror, pass);
        // Problems this reading reveals that no repair covers yet (including ones an earlier
        // misreading hid inside a larger ERROR). A bracket problem comes first and explains any
        // glued statement on the same lines, which is then not reported separately.
        const fresh: BrokenRegion[] = [];
        for (const f of [...bracketRegions(ctx.text, mirror.root), ...ctx.brokenRegions]) {
          if (![...regions, ...fresh].some((r) => f.start <= r.end && r.start <= f.end)) fresh.push(f);
        }
        if (fresh.length === 0 || round + 1 === MAX_REPAIR_ROUNDS) {
          for (const r of [...regions, ...fresh]) module.errors.push({ message: r.message, span: r.messageSpan });
          module.errors = sortAndDedupe(module.errors);
          if (pass) reuse!.commit(pass, module, [...regions, ...fresh]);
          return module;
        }
        regions.push(...fresh);
      } finally {
        repair?.tree.delete();
      }
    }
  } catch (err) {
    reuse?.clear();
    const module = emptyModule(new LowerContext(text), text);
    module.errors.push({ message: `internal error: could not read this file (${err instanceof Error ? err.message : String(err)})`, span: module.span });
    return module;
  }
}

function lowerRoot(ctx: LowerContext, { root, comments: commentNodes }: Mirror, reuse?: ReusePass): A.Module {
  const module = emptyModule(ctx, ctx.text);
  const { comments, commentLines } = collectComments(ctx, commentNodes);
  collectSyntaxErrors(ctx, root);
  module.body = lowerBlock({ ctx, commentLines, reuse }, root);
  module.comments = reuse?.comments.length ? [...comments, ...reuse.comments].sort((a, b) => a.span.startOffset - b.span.startOffset) : comments;
  module.errors = sortAndDedupe(ctx.errors);
  module.nodeCount = ctx.nodeCount;
  return module;
}

function emptyModule(ctx: LowerContext, text: string): A.Module {
  let line = 0;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return {
    kind: 'Module', body: [], errors: [], nodeCount: ctx.nodeCount, comments: [],
    span: { start: { line: 0, character: 0 }, end: { line, character: text.length - lineStart }, startOffset: 0, endOffset: text.length },
  };
}

/** Every comment (text without the `#` and surrounding blanks), and those alone on their line. */
function collectComments(ctx: LowerContext, nodes: CstNode[]): { comments: A.Module['comments']; commentLines: CommentLines } {
  const comments: A.Module['comments'] = [];
  const commentLines = new Map<number, { text: string; span: A.Span }>();
  for (const node of nodes) {
    const comment = { text: node.text.replace(/^#/, '').trim(), span: spanOf(node) };
    comments.push(comment);
    const lineStart = node.startIndex - node.startPosition.column;
    if (/^[ \t\f]*$/.test(ctx.text.slice(lineStart, node.startIndex))) commentLines.set(comment.span.start.line, comment);
  }
  return { comments, commentLines };
}

function sortAndDedupe(errors: A.ParseError[]): A.ParseError[] {
  const seen = new Set<string>();
  return errors
    .filter((e) => {
      const key = `${e.span.startOffset}:${e.span.endOffset}:${e.message}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    })
    .sort((a, b) => a.span.startOffset - b.span.startOffset || a.span.endOffset - b.span.endOffset);
}
