/**
 * Kernel traces on worker threads, so one slow trace (up to the interpreter's 5 s budget) never
 * delays another document's diagnostics or a hover/completion answer.
 *
 * - Size: one worker per core minus one, but at least two, so two slow files do not queue; workers
 *   start lazily and stop after IDLE_MS idle.
 * - Cancellation: a queued job whose document version is superseded is dropped; a running one
 *   is checked every POLL_MS and its worker terminated (a fresh one replaces it on demand).
 * - Falls back to tracing on the calling thread when the worker bundle is absent (unbundled
 *   unit tests) or a worker cannot start.
 */
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { KernelResult } from './kernelResult';
import type { BufferDelta, TraceJob } from './traceJob';

const POLL_MS = 50;
/** An idle worker gives its memory back after this long. */
const IDLE_MS = 30_000;

export class Superseded extends Error {
  constructor() { super('superseded'); }
}

interface Task {
  id: number;
  job: TraceJob;
  superseded: () => boolean;
  resolve: (r: KernelResult) => void;
  reject: (e: unknown) => void;
}

/** The open documents' texts by path. */
export type OpenBuffers = () => ReadonlyMap<string, string>;

interface Slot {
  worker: Worker;
  task?: Task;
  idle?: NodeJS.Timeout;
  /** The buffers this worker holds: only changes are sent. */
  sent: Map<string, string>;
}

export class TracePool {
  private readonly slots: Slot[] = [];
  private readonly queue: Task[] = [];
  private nextId = 1;
  private poll: NodeJS.Timeout | undefined;
  private disposed = false;

  constructor(private readonly script: string, private readonly buffers: OpenBuffers, private readonly size = Math.max(2, availableParallelism() - 1)) {}

  /** The pool for the bundled worker next to this bundle, or undefined when it is absent. */
  static nextToBundle(buffers: OpenBuffers): TracePool | undefined {
    const script = join(__dirname, 'analysisWorker.js');
    return existsSync(script) ? new TracePool(script, buffers) : undefined;
  }

  trace(job: TraceJob, superseded: () => boolean): Promise<KernelResult> {
    return new Promise((resolve, reject) => {
      this.queue.push({ id: this.nextId++, job, superseded, resolve, reject });
      this.pump();
    });
  }

  dispose(): void {
    this.disposed = true;
    if (this.poll) clearInterval(this.poll);
    for (const slot of this.slots.splice(0)) {
      if (slot.idle) clearTimeout(slot.idle);
      void slot.worker.terminate();
      slot.task?.reject(new Superseded());
    }
    for (const task of this.queue.splice(0)) task.reject(new Superseded());
  }

  private pump(): void {
    while (this.queue.length && !this.disposed) {
      const task = this.queue[0];
      if (task.superseded()) {
        this.queue.shift();
        task.reject(new Superseded());
        continue;
      }
      const slot = this.slots.find((s) => !s.task) ?? (this.slots.length < this.size ? this.spawn() : undefined);
      if (!slot) break;
      this.queue.shift();
      if (slot.idle) clearTimeout(slot.idle);
      slot.task = task;
      slot.worker.postMessage({ id: task.id, job: task.job, buffers: this.delta(slot) });
    }
    const busy = this.slots.some((s) => s.task);
    if (busy && !this.poll) this.poll = setInterval(() => this.dropSuperseded(), POLL_MS);
    else if (!busy && this.poll) {
      clearInterval(this.poll);
      this.poll = undefined;
    }
  }

  private delta(slot: Slot): BufferDelta {
    const now = this.buffers();
    const delta: BufferDelta = { set: [], removed: [] };
    for (const path of [...slot.sent.keys()]) {
      if (!now.has(path)) {
        delta.removed.push(path);
        slot.sent.delete(path);
      }
    }
    for (const [path, text] of now) {
      if (slot.sent.get(path) === text) continue;
      delta.set.push([path, text]);
      slot.sent.set(path, text);
    }
    return delta;
  }

  private spawn(): Slot {
    const worker = new Worker(this.script);
    const slot: Slot = { worker, sent: new Map() };
    worker.unref();
    worker.on('message', (msg: { id: number; result?: KernelResult; error?: string }) => {
      const task = slot.task;
      if (!task || task.id !== msg.id) return;
      slot.task = undefined;
      if (msg.error !== undefined) task.reject(new Error(msg.error));
      else task.resolve(msg.result!);
      slot.idle = setTimeout(() => {
        if (slot.task) return;
        this.remove(slot);
        void worker.terminate();
      }, IDLE_MS);
      slot.idle.unref();
      this.pump();
    });
    const fail = (err: unknown): void => {
      this.remove(slot);
      slot.task?.reject(err instanceof Error ? err : new Error(`trace worker exited (${String(err)})`));
      slot.task = undefined;
      this.pump();
    };
    worker.on('error', fail);
    worker.on('exit', (code) => { if (this.slots.includes(slot)) fail(code); });
    this.slots.push(slot);
    return slot;
  }

  private remove(slot: Slot): void {
    const i = this.slots.indexOf(slot);
    if (i >= 0) this.slots.splice(i, 1);
  }

  /** Stops workers whose running trace is for a superseded version. */
  private dropSuperseded(): void {
    for (const slot of [...this.slots]) {
      const task = slot.task;
      if (!task || !task.superseded()) continue;
      this.remove(slot);
      slot.task = undefined;
      void slot.worker.terminate();
      task.reject(new Superseded());
    }
    this.pump();
  }
}
