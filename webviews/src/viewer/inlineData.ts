/**
 * Reads the data a standalone report inlines in `<script type="application/json">` elements.
 * A profile is its shell (`#nki-profile`, with the event count in `data-events`) followed by its
 * events packed in chunks (`script.nki-events[data-for=nki-profile]`, see
 * simulator/src/profile/packedChunks.ts); a shell without `data-events` holds its events itself.
 * Chunks are parsed one at a time into typed arrays and their elements removed once read, so no
 * string holds the whole profile and the page does not keep the text alive.
 */
import { PackedChunkReader } from '../../../simulator/src/profile/packedChunks';
import { unpackEvents } from '../../../simulator/src/profile/packedEvents';
import { isProfile, type Profile } from '../../../simulator/src/profile/schema';

/** Absent, read, or why it could not be read. */
export type Inlined<T> = { kind: 'absent' } | { kind: 'ok'; value: T } | { kind: 'error'; message: string };

function parse(text: string, what: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new Error(`${what} is not valid JSON`);
  }
}

/** A plain inlined JSON value. */
export function inlineJson(id: string): Inlined<unknown> {
  const text = document.getElementById(id)?.textContent?.trim();
  if (!text) return { kind: 'absent' };
  try {
    return { kind: 'ok', value: parse(text, 'the inlined data') };
  } catch (err) {
    return { kind: 'error', message: (err as Error).message };
  }
}

/** An inlined profile, its events reassembled from their chunks. */
export function inlineProfile(id: string): Inlined<Profile> {
  const el = document.getElementById(id);
  const text = el?.textContent?.trim();
  if (!el || !text) return { kind: 'absent' };
  try {
    const shell = parse(text, 'the profile');
    if (!isProfile(shell)) return { kind: 'error', message: 'This file is not an NKI Studio profile.' };
    const declared = el.dataset.events;
    if (declared === undefined) return { kind: 'ok', value: shell };
    const reader = new PackedChunkReader(Number(declared));
    for (const chunk of document.querySelectorAll<HTMLScriptElement>(`script.nki-events[data-for="${id}"]`)) {
      reader.add(parse(chunk.textContent ?? '', 'an events chunk'));
      chunk.remove();
    }
    el.remove();
    return { kind: 'ok', value: { ...shell, events: unpackEvents(reader.finish()) } };
  } catch (err) {
    return { kind: 'error', message: `The profile could not be read: ${(err as Error).message}.` };
  }
}
