/**
 * Helpers shared by the language-server tests: open a fixture from test/fixtures/lsp under its
 * real file URI (so helper modules resolve from disk), find positions by text, apply edits, and
 * decode semantic tokens. Not a test file itself (mocha only loads *.test.js).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Position, PublishDiagnosticsParams, TextEdit } from 'vscode-languageserver/node';
import { repoRoot, type LspClient } from '../helpers/lspClient';

export const fixturePath = (name: string): string => join(repoRoot, 'test/fixtures/lsp', name);
export const fixtureUri = (name: string): string => pathToFileURL(fixturePath(name)).href;

export async function openFixture(client: LspClient, name: string, text = readFileSync(fixturePath(name), 'utf8')): Promise<{ uri: string; text: string; diagnostics: PublishDiagnosticsParams }> {
  const uri = fixtureUri(name);
  const pending = client.waitForDiagnostics(uri, undefined, 20_000);
  await client.open(uri, text);
  return { uri, text, diagnostics: await pending };
}

/** Position of the `nth` (0-based) occurrence of `needle`, plus `delta` characters. */
export function positionOf(text: string, needle: string, delta = 0, nth = 0): Position {
  let index = -1;
  for (let i = 0; i <= nth; i++) {
    index = text.indexOf(needle, index + 1);
    if (index < 0) throw new Error(`'${needle}' (#${nth}) not in text`);
  }
  const offset = index + delta;
  const before = text.slice(0, offset);
  const line = before.split('\n').length - 1;
  return { line, character: offset - (before.lastIndexOf('\n') + 1) };
}

export function lineOf(text: string, needle: string, nth = 0): number {
  return positionOf(text, needle, 0, nth).line;
}

function offsetAt(text: string, p: Position): number {
  const lines = text.split('\n');
  let offset = 0;
  for (let i = 0; i < p.line; i++) offset += lines[i].length + 1;
  return offset + p.character;
}

/** Applies non-overlapping edits (as a client does). */
export function applyEdits(text: string, edits: TextEdit[]): string {
  const sorted = [...edits].sort((a, b) => offsetAt(text, b.range.start) - offsetAt(text, a.range.start));
  let out = text;
  for (const e of sorted) out = out.slice(0, offsetAt(out, e.range.start)) + e.newText + out.slice(offsetAt(out, e.range.end));
  return out;
}

export interface DecodedToken { line: number; character: number; length: number; type: string; modifiers: string[] }

export function decodeTokens(data: number[], legend: { tokenTypes: string[]; tokenModifiers: string[] }): DecodedToken[] {
  const out: DecodedToken[] = [];
  let line = 0;
  let character = 0;
  for (let i = 0; i < data.length; i += 5) {
    line += data[i];
    character = data[i] === 0 ? character + data[i + 1] : data[i + 1];
    const bits = data[i + 4];
    out.push({
      line, character, length: data[i + 2], type: legend.tokenTypes[data[i + 3]],
      modifiers: legend.tokenModifiers.filter((_, b) => bits & (1 << b)),
    });
  }
  return out;
}

export function markdownOf(contents: unknown): string {
  if (typeof contents === 'string') return contents;
  if (contents && typeof contents === 'object' && 'value' in contents) return String((contents as { value: unknown }).value);
  if (Array.isArray(contents)) return contents.map(markdownOf).join('\n');
  return '';
}
