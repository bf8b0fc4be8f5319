/**
 * Profiles on disk for the extension host, without vscode: reading a `*.nkiprofile.json` (the
 * custom editor) with clear messages for bad files, and the panel cache from which a reloaded
 * window brings its profile panels back (the view keeps the cache key in its saved state).
 * Invariant: cache keys are plain file names (`isRestoreKey`), so untrusted saved state can never
 * name a file outside the cache directory.
 */
import { randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, readdir, readFile, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { profileJsonChunks } from '../../../simulator/src/profile/json';
import { isProfile, type Profile } from '../../../simulator/src/profile/schema';
import { isRestoreKey } from '../../../webviews/src/messages';

export type ProfileRead = { ok: true; profile: Profile } | { ok: false; message: string };

/** V8's longest string: a profile JSON file beyond it cannot be parsed in one piece. */
const MAX_JSON_CHARS = 2 ** 29 - 24;

/** Parses a profile document's bytes; `name` is only used in messages. */
export function parseProfileBytes(bytes: Uint8Array, name: string): ProfileRead {
  if (bytes.length === 0) return { ok: false, message: `${name} is empty.` };
  if (bytes.length > MAX_JSON_CHARS) return { ok: false, message: `${name} is ${(bytes.length / 2 ** 20).toFixed(0)} MiB, larger than the viewer can read (512 MiB).` };
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8'));
  } catch (err) {
    return { ok: false, message: `${name} is not valid JSON: ${(err as Error).message}` };
  }
  if (!isProfile(value)) {
    const schema = (value as { schema?: unknown } | null)?.schema;
    return { ok: false, message: `${name} is not an NKI Studio profile (expected "schema": "nki-studio.profile/1"${typeof schema === 'string' ? `, found "${schema}"` : ''}).` };
  }
  return { ok: true, profile: value };
}

export async function readProfileFile(path: string, name = path): Promise<ProfileRead> {
  try {
    return parseProfileBytes(await readFile(path), name);
  } catch (err) {
    return { ok: false, message: `${name} could not be read: ${(err as Error).message}` };
  }
}

/** Writes a profile as JSON in pieces (a large profile's JSON exceeds V8's longest string). */
export async function writeChunks(path: string, chunks: Iterable<string | Uint8Array>): Promise<void> {
  const out = createWriteStream(path);
  const done = new Promise<void>((resolve, reject) => { out.on('finish', resolve); out.on('error', reject); });
  for (const chunk of chunks) {
    if (!out.write(chunk)) await new Promise<void>((r) => out.once('drain', r));
  }
  out.end();
  await done;
}

/** The most recent profiles kept for restoring panels; older ones are deleted when a new one is saved. */
export const CACHE_KEEP = 12;

export class ProfileCache {
  constructor(readonly dir: string, private readonly keep = CACHE_KEEP) {}

  /** Saves a profile and returns its key (a file name in `dir`). */
  async save(profile: Profile): Promise<string> {
    await mkdir(this.dir, { recursive: true });
    const kernel = profile.kernel.replace(/[^\w-]+/g, '_').slice(0, 80) || 'kernel';
    const key = `${kernel}-${Date.now().toString(36)}-${randomBytes(4).toString('hex')}.nkiprofile.json`;
    await writeChunks(join(this.dir, key), profileJsonChunks(profile));
    await this.prune(key);
    return key;
  }

  async load(key: string): Promise<ProfileRead> {
    if (!isRestoreKey(key)) return { ok: false, message: `'${key}' is not a profile cache key.` };
    return readProfileFile(join(this.dir, key), 'The saved profile');
  }

  /** Deletes all but the newest `keep` cached profiles (never `justSaved`). */
  private async prune(justSaved: string): Promise<void> {
    const names = (await readdir(this.dir)).filter((n) => n.endsWith('.nkiprofile.json') && n !== justSaved);
    if (names.length < this.keep) return;
    const dated = await Promise.all(names.map(async (n) => ({ n, t: (await stat(join(this.dir, n)).catch(() => undefined))?.mtimeMs ?? 0 })));
    dated.sort((a, b) => b.t - a.t);
    await Promise.all(dated.slice(this.keep - 1).map(({ n }) => rm(join(this.dir, n), { force: true })));
  }
}
