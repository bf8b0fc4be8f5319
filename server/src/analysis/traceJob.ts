/**
 * What a trace off the event loop receives and does: one kernel of one document version, with
 * the open buffers it may import (a worker has no other view of the editor). Plain data both
 * ways (structured clone): `KernelResult` is diagnostics, kernel reports, tensor facts and a Map.
 */
import { PythonDocument, type TextChange } from '../../../simulator/src/frontend';
import { diskReader, type SourceReader } from '../../../simulator/src/check/moduleHost';
import type { ServerSettings } from '../settings';
import { traceUnit } from './analyzeDocument';
import type { KernelResult } from './kernelResult';
import { ParsedModules } from './parsedModules';

export interface TraceJob {
  path: string;
  text: string;
  kernel: string;
  target: ServerSettings['target'];
  nkiVersion: ServerSettings['nkiVersion'];
  severity: ServerSettings['severity'];
}

/** Open documents changed (path, text) or closed since the worker's last job. */
export interface BufferDelta { set: Array<[string, string]>; removed: string[] }

/** The one ranged replacement that turns `before` into `after` (common prefix and suffix kept). */
export function singleChange(before: string, after: string): TextChange {
  let prefix = 0;
  const max = Math.min(before.length, after.length);
  while (prefix < max && before.charCodeAt(prefix) === after.charCodeAt(prefix)) prefix++;
  let suffix = 0;
  while (suffix < max - prefix && before.charCodeAt(before.length - 1 - suffix) === after.charCodeAt(after.length - 1 - suffix)) suffix++;
  const position = (offset: number): { line: number; character: number } => {
    const head = before.slice(0, offset);
    const lastBreak = head.lastIndexOf('\n');
    let line = 0;
    for (let i = head.indexOf('\n'); i >= 0; i = head.indexOf('\n', i + 1)) line++;
    return { line, character: offset - (lastBreak + 1) };
  };
  return { range: { start: position(prefix), end: position(before.length - suffix) }, text: after.slice(prefix, after.length - suffix) };
}

/** The documents being edited: a worker mostly traces the slow kernels of one or two files. */
const MAX_DOCUMENTS = 4;

/**
 * Runs jobs in one thread. Keeps each document's last version and re-parses the next one
 * incrementally (one ranged change: the server sends whole texts), and parsed helper modules.
 */
export class TraceRunner {
  private readonly parsed = new ParsedModules();
  private readonly documents = new Map<string, PythonDocument>();
  /** Open documents: read before the disk, as the server's own reader does. */
  private readonly buffers = new Map<string, string>();

  updateBuffers(delta: BufferDelta): void {
    for (const path of delta.removed) this.buffers.delete(path);
    for (const [path, text] of delta.set) this.buffers.set(path, text);
  }

  run(job: TraceJob): KernelResult {
    let doc = this.documents.get(job.path);
    if (!doc) doc = new PythonDocument(job.text);
    else if (doc.text !== job.text) {
      doc.applyChanges([singleChange(doc.text, job.text)]);
      // Never trace a mis-applied edit: start afresh if the result differs.
      if (doc.text !== job.text) {
        doc.dispose();
        doc = new PythonDocument(job.text);
      }
    }
    this.documents.delete(job.path);
    this.documents.set(job.path, doc);
    while (this.documents.size > MAX_DOCUMENTS) {
      const oldest = this.documents.keys().next().value as string;
      this.documents.get(oldest)!.dispose();
      this.documents.delete(oldest);
    }
    const reader: SourceReader = { read: (path) => this.buffers.get(path) ?? diskReader.read(path) };
    const settings = { target: job.target, nkiVersion: job.nkiVersion, severity: job.severity } as ServerSettings;
    return traceUnit({ uri: '', path: job.path, version: 0, text: job.text, module: doc.module, settings, reader, parse: this.parsed.parse }, job.kernel);
  }
}
