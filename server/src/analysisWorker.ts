/**
 * Worker-thread entry (dist/analysisWorker.js): traces kernels for the language server so a
 * slow trace never holds up the server's event loop (see analysis/tracePool.ts).
 * Messages in: { id, job: TraceJob, buffers: BufferDelta }; out: { id, result } or { id, error }.
 */
import { parentPort } from 'node:worker_threads';
import { initParser } from '../../simulator/src/frontend';
import { TraceRunner, type BufferDelta, type TraceJob } from './analysis/traceJob';

const runner = new TraceRunner();
const ready = initParser();

parentPort?.on('message', (msg: { id: number; job: TraceJob; buffers: BufferDelta }) => {
  runner.updateBuffers(msg.buffers);
  ready.then(() => {
    try {
      parentPort!.postMessage({ id: msg.id, result: runner.run(msg.job) });
    } catch (err) {
      parentPort!.postMessage({ id: msg.id, error: err instanceof Error ? (err.stack ?? err.message) : String(err) });
    }
  }, (err: unknown) => parentPort!.postMessage({ id: msg.id, error: `parser failed to load: ${String(err)}` }));
});
