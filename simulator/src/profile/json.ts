/**
 * Serialising a `Profile` to JSON in pieces.
 *
 * Purpose: V8 cannot hold a string longer than 2^29 - 24 characters (~512 MiB), and a profile of
 * about a million events is several hundred MiB of JSON, so `JSON.stringify(profile)` fails (or
 * nearly does) exactly for the kernels worth profiling. `profileJsonChunks` yields the same text
 * in pieces (everything but the events, then the events a batch at a time) for a stream or file
 * writer: the concatenation equals `JSON.stringify(profile)`.
 * Invariant: no chunk holds more than `eventsPerChunk` events; the joined chunks parse back to
 * the same profile.
 */
import type { Profile } from './schema';

const MARK = '\u0000nki-studio-events\u0000';

export function* profileJsonChunks(profile: Profile, eventsPerChunk = 20_000): Generator<string> {
  const shell = JSON.stringify({ ...profile, events: MARK });
  const at = shell.indexOf(JSON.stringify(MARK));
  yield `${shell.slice(0, at)}[`;
  const ev = profile.events;
  const step = Math.max(1, Math.floor(eventsPerChunk));
  for (let i = 0; i < ev.length; i += step) {
    const body = JSON.stringify(ev.slice(i, i + step));
    yield `${i > 0 ? ',' : ''}${body.slice(1, -1)}`;
  }
  yield `]${shell.slice(at + JSON.stringify(MARK).length)}`;
}
