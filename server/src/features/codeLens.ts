/**
 * CodeLens above each kernel: "Run & Profile" and "Shapes…". The client implements the commands;
 * the server only says where kernels are (the client never parses Python).
 */
import type { CancellationToken } from 'vscode-languageserver/node';
import { findKernels } from '../../../simulator/src/check/kernels';
import type { SyntaxSnapshot } from '../analysis/snapshot';
import { throwIfCancelled } from '../cancellation';
import type { Range } from './hover';

export const RUN_AND_PROFILE_COMMAND = 'nkiStudio.runAndProfile';
export const EDIT_SHAPES_COMMAND = 'nkiStudio.editShapes';

/** The argument of both commands. */
export interface KernelCommandArgs { uri: string; kernel: string }

export interface CodeLensModel {
  range: Range;
  title: string;
  command: string;
  args: KernelCommandArgs;
}

export function provideCodeLenses(snapshot: SyntaxSnapshot, token: CancellationToken): CodeLensModel[] {
  throwIfCancelled(token);
  return findKernels(snapshot.module).flatMap((k) => {
    const line = Math.min(k.span.start.line, ...k.decorators.map((d) => d.span.start.line));
    const range = { start: { line, character: 0 }, end: { line, character: 0 } };
    const args = { uri: snapshot.uri, kernel: k.name };
    return [
      { range, title: 'Run & Profile', command: RUN_AND_PROFILE_COMMAND, args },
      { range, title: 'Shapes…', command: EDIT_SHAPES_COMMAND, args },
    ];
  });
}
