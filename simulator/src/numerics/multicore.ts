/**
 * Multi-core launches (SPMD grids, LNC2): every program instance replays its own trace on its own
 * on-chip memory, while kernel inputs and shared HBM are one memory for all of them (allocations
 * are matched by allocation site and order, so `out = nl.ndarray(..., buffer=nl.shared_hbm)` is the
 * same tensor in every instance, as on the device).
 *
 * Scheduling: instances run in turn up to their next synchronisation instruction (`core_barrier`,
 * `sendrecv`), then all perform it together: a barrier releases everyone; `sendrecv` reads every
 * instance's `src` first and then writes each into its receiver's `dst`. Between sync points
 * instances do not observe each other's order, which is what the hardware guarantees too.
 * Invariant: mismatched synchronisation (one instance at a barrier, another finished or at a
 * sendrecv) stops the run with both locations, never deadlocks or guesses.
 */
import type { Instruction, Storage } from '../tracer/instruction';
import { Exec, NumericsError, where } from './exec';
import type { SharedTensors } from './memory';
import type { Replayer } from './replay';
import { allReduce, SYNC_APIS } from './ops/collective';

const SHARED_BUFFERS = new Set(['hbm', 'shared_hbm']);

/** Shared identities for the storages of every instance's trace. */
export function sharedTensors(traces: ReadonlyArray<{ storages: readonly Storage[]; inputs: ReadonlyArray<{ name: string; storage: number }> }>): SharedTensors {
  const keys = new WeakMap<Storage, string>();
  for (const t of traces) {
    const inputs = new Map(t.inputs.map((i) => [i.storage, i.name]));
    const seen = new Map<string, number>();
    for (const s of t.storages) {
      const input = inputs.get(s.id);
      if (input !== undefined) { keys.set(s, `input:${input}`); continue; }
      if (!SHARED_BUFFERS.has(s.buffer)) continue;
      const n = seen.get(s.site) ?? 0;
      seen.set(s.site, n + 1);
      keys.set(s, `hbm:${s.site}#${n}`);
    }
  }
  return { keyOf: (s) => keys.get(s), tensors: new Map(), bytes: 0 };
}

/**
 * Runs every instance to completion, performing synchronisation instructions together.
 * `positions[k]` is instance k's position in the launch grid (for all_reduce's program_axes).
 */
export function replayInstances(replayers: Replayer[], positions: number[][]): void {
  const isSync = (ins: Instruction) => SYNC_APIS.has(ins.api);
  for (;;) {
    const at = replayers.map((r) => r.run(isSync));
    if (at.every((ins) => ins === undefined)) return;
    const first = at.findIndex((ins) => ins !== undefined);
    const ins0 = at[first]!;
    for (const [k, ins] of at.entries()) {
      if (ins === undefined) throw new NumericsError(`program ${first} waits at ${ins0.opcode} but program ${k} has finished: the programs do not synchronise the same number of times`, ins0);
      if (ins.api !== ins0.api) throw new NumericsError(`program ${first} is at ${ins0.opcode} while program ${k} is at ${ins.opcode} (${where(ins)}): the programs synchronise differently`, ins0);
    }
    if (ins0.api === 'nki.isa.sendrecv') exchange(replayers, at as Instruction[]);
    if (ins0.api === 'nki.language.all_reduce') reduceAcross(replayers, at as Instruction[], positions);
    for (const r of replayers) r.advance();
  }
}

/** One round of Beta 1 `nl.all_reduce`: instances that differ only along program_axes reduce together. */
function reduceAcross(replayers: Replayer[], at: Instruction[], positions: number[][]): void {
  const execs = at.map((ins, k) => new Exec(ins, replayers[k].machine));
  const groups = new Map<string, Exec[]>();
  for (const [k, x] of execs.entries()) {
    const a = x.arg('program_axes');
    const list = Array.isArray(a) ? a : [a];
    if (list.some((v) => typeof v !== 'number')) x.fail(`all_reduce: program_axes ${JSON.stringify(a)} is not known at trace time`);
    const axes = new Set(list as number[]);
    const key = positions[k].map((c, axis) => (axes.has(axis) ? '*' : String(c))).join(',');
    groups.set(key, [...(groups.get(key) ?? []), x]);
  }
  for (const g of groups.values()) allReduce(g);
}

/** One round of `sendrecv`: every instance's src goes to the dst of the rank it sends to. */
function exchange(replayers: Replayer[], at: Instruction[]): void {
  const execs = at.map((ins, k) => new Exec(ins, replayers[k].machine));
  const sent = execs.map((x) => x.read(x.need('src')));
  for (const [k, x] of execs.entries()) {
    const from = x.num('recv_from_rank');
    const peer = execs[from];
    if (!peer) x.fail(`sendrecv receives from rank ${from}, but the launch has ${execs.length} program instance(s)`);
    const to = peer.num('send_to_rank');
    if (to !== k) x.fail(`sendrecv on rank ${k} receives from rank ${from}, which sends to rank ${to} (${where(peer.ins)})`);
    const pipe = x.num('pipe_id', 0);
    if (peer.num('pipe_id', 0) !== pipe) x.fail(`sendrecv pipe_id ${pipe} on rank ${k} does not match pipe_id ${peer.num('pipe_id', 0)} on rank ${from}`);
    x.write(x.need('dst'), sent[from]);
  }
}
