/**
 * Serialising a `Profile` to JSON in pieces.
 *
 * Purpose: V8 cannot hold a string longer than 2^29 - 24 characters (~512 MiB), and a profile of
 * about a million events is several hundred MiB of JSON, so `JSON.stringify(profile)` fails (or
 * nearly does) exactly for the kernels worth profiling. `profileJsonChunks` yields the same text
 * in pieces (everything but the events, then the events a batch at a time) for a stream or file
 * writer: the concatenation equals `JSON.stringify(profile)`. Events the model keeps in columns
 * (`eventStore.ts`) are written from the columns without building event objects.
 * Column-backed events come in chunks of at most ~100 KB (see `CHUNK_BYTES`).
 * Invariant: no chunk holds more than `eventsPerChunk` events; the joined chunks parse back to
 * the same profile.
 */
import { eventStoreOf } from './eventStore';
import type { Profile } from './schema';

/**
 * Event text per chunk, in bytes (about 150 events): chunk strings stay below V8's large-object
 * size (128 KiB), so they are allocated and freed in the young generation; 140 MB of large
 * strings would instead trigger full collections of the whole heap (the trace included).
 */
const CHUNK_BYTES = 100_000;

export function* profileJsonChunks(profile: Profile, eventsPerChunk = 20_000): Generator<string> {
  const store = eventStoreOf(profile);
  // The shell: every property in order, the events replaced by a marker (read without
  // materialising a column-backed `events`).
  const shellObj: Record<string, unknown> = {};
  let hasEvents = false;
  for (const key of Object.keys(profile)) {
    if (key === 'events') { shellObj[key] = 0; hasEvents = true; } else shellObj[key] = (profile as unknown as Record<string, unknown>)[key];
  }
  if (!hasEvents) { yield JSON.stringify(profile); return; }
  const shell = JSON.stringify(shellObj);
  const marker = '"events":0';
  const at = shell.indexOf(marker) + marker.length - 1;
  yield `${shell.slice(0, at)}[`;
  const step = Math.max(1, Math.floor(eventsPerChunk));
  if (store) {
    for (let i = 0; i < store.count;) {
      const part = store.eventsJsonPart(i, Math.min(store.count, i + step), CHUNK_BYTES, i > 0);
      yield part.text;
      i = part.end;
    }
  } else {
    const ev = profile.events;
    for (let i = 0; i < ev.length; i += step) {
      const body = JSON.stringify(ev.slice(i, i + step));
      yield `${i > 0 ? ',' : ''}${body.slice(1, -1)}`;
    }
  }
  yield `]${shell.slice(at + 1)}`;
}
