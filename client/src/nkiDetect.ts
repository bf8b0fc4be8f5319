/**
 * Cheap detection of NKI kernel files, so activation on every Python file stays free until a file
 * actually imports NKI. A regular expression over the text, never a parse: this runs in the
 * extension host thread for every Python document that opens.
 */

/** Matches `import nki`, `import nki.language as nl`, `from nki import isa`, `import neuronxcc.nki...`,
 * `from neuronxcc import nki`, `from neuronxcc.nki.language import ...` at the start of a line. */
const NKI_IMPORT = /^[ \t]*(?:import[ \t]+(?:nki\b|neuronxcc\.nki\b)|from[ \t]+(?:nki\b|neuronxcc(?:\.nki\b|[ \t]+import[ \t]+[^\n]*\bnki\b)))/m;

export function importsNki(text: string): boolean {
  return NKI_IMPORT.test(text);
}
