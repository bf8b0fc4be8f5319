/**
 * NKI Studio's custom LSP methods, owned by the server; the client imports these constants.
 * One constant per method, named `nki/…`, with its direction and purpose, and its types next to it.
 */
import { NotificationType } from 'vscode-languageserver/node';
import { NKI_STATUS_METHOD } from './methods';

export { NKI_STATUS_METHOD };

/** Server → client, after each analysis of a document: the NKI version and target it was checked
 * against (for the status bar), whether the version was detected from the imports, and whether
 * the file mixes Beta 1 and current imports. */
export interface NkiStatusParams {
  uri: string;
  version: number;
  /** 'beta1', '0.2' … '0.7'. */
  nkiVersion: string;
  neuronRelease: string;
  target: string;
  /** Human label, e.g. 'NKI 0.7 (Neuron 2.33) on trn2'. */
  label: string;
  /** true when `nkiStudio.nkiVersion` is 'auto' and the version came from the file's imports. */
  detected: boolean;
  mixedGenerations: boolean;
  kernels: Array<{ name: string; traced: 'complete' | 'partial' | 'none' }>;
}

export const NkiStatusNotification = {
  method: NKI_STATUS_METHOD,
  type: new NotificationType<NkiStatusParams>(NKI_STATUS_METHOD),
} as const;
