/**
 * Offsets <-> (row, column) in a text, in UTF-16 code units: line starts computed once, lookups
 * by binary search. Shared by the CST mirror (node positions) and the incremental document
 * (turning LSP edits into tree-sitter edits).
 */

export function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return starts;
}

/** The (row, column) of `offset`, given the text's line starts. */
export function pointAtOffset(starts: readonly number[], offset: number): { row: number; column: number } {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid] <= offset) lo = mid;
    else hi = mid - 1;
  }
  return { row: lo, column: offset - starts[lo] };
}
