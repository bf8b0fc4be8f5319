/**
 * What a trace off the event loop receives and does: one kernel of one document version, with
 * the open buffers it may import (a worker has no other view of the editor). Plain data both
 * ways (structured clone): `KernelResult` is diagnostics, kernel reports, tensor facts and a Map.
 */
import { parsePython, type Module } from '../../../simulator/src/frontend';
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
  /** Open documents (path, text): read before the disk, as the server's own reader does. */
  buffers: Array<[string, string]>;
}

/** Runs jobs in one thread, keeping the last parsed version of each document and helper module. */
export class TraceRunner {
  private readonly parsed = new ParsedModules();
  private readonly documents = new Map<string, { text: string; module: Module }>();

  run(job: TraceJob): KernelResult {
    let doc = this.documents.get(job.path);
    if (!doc || doc.text !== job.text) {
      doc = { text: job.text, module: parsePython(job.text) };
      this.documents.delete(job.path);
      this.documents.set(job.path, doc);
      // Documents of ~20 open files.
      while (this.documents.size > 32) this.documents.delete(this.documents.keys().next().value as string);
    }
    const buffers = new Map(job.buffers);
    const reader: SourceReader = { read: (path) => buffers.get(path) ?? diskReader.read(path) };
    const settings = { target: job.target, nkiVersion: job.nkiVersion, severity: job.severity } as ServerSettings;
    return traceUnit({ uri: '', path: job.path, version: 0, text: job.text, module: doc.module, settings, reader, parse: this.parsed.parse }, job.kernel);
  }
}
