/**
 * The view's link to its host. In a VS Code webview `acquireVsCodeApi()` exists (and may be called
 * only once); in the standalone HTML report it does not, and the view degrades: messages to the
 * host are dropped (exports happen in the page), and view state is not persisted.
 */
import type { ViewToHost } from './messages';

interface VsCodeApi {
  postMessage(message: unknown): void;
  getState(): unknown;
  setState(state: unknown): void;
}

declare global {
  // Provided by VS Code inside webviews only.
  // eslint-disable-next-line no-var
  var acquireVsCodeApi: (() => VsCodeApi) | undefined;
}

export interface Host {
  /** True inside VS Code: exports and reveals go to the extension. */
  readonly embedded: boolean;
  post(message: ViewToHost): void;
  getState(): unknown;
  setState(state: unknown): void;
}

let host: Host | undefined;

export function getHost(): Host {
  if (host) return host;
  const api = typeof globalThis.acquireVsCodeApi === 'function' ? globalThis.acquireVsCodeApi() : undefined;
  host = api
    ? { embedded: true, post: (m) => api.postMessage(m), getState: () => api.getState(), setState: (s) => api.setState(s) }
    : { embedded: false, post: () => undefined, getState: () => undefined, setState: () => undefined };
  return host;
}
