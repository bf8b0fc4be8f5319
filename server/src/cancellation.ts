/**
 * Cancellation as the protocol expects it (pyright's `throwIfCancellationRequested`): a feature
 * that notices its request was cancelled throws a `ResponseError` with LSP's RequestCancelled
 * code, which the connection sends back as the answer.
 */
import { LSPErrorCodes, ResponseError, type CancellationToken } from 'vscode-languageserver/node';

export function throwIfCancelled(token: CancellationToken | undefined): void {
  if (token?.isCancellationRequested) throw new ResponseError(LSPErrorCodes.RequestCancelled, 'request cancelled');
}

/** A token that is never cancelled (for internal callers). */
export const NEVER_CANCELLED: CancellationToken = { isCancellationRequested: false, onCancellationRequested: () => ({ dispose() {} }) };
