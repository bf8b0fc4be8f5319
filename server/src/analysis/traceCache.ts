/**
 * Kernel results cached by unit fingerprint (kernelUnits.ts), validated against the helper
 * modules the trace read: a cached result is reused only if every file the module host looked
 * at still reads the same (open buffers first, then disk; a file that was absent must still be
 * absent). Least recently used entries go first once the cache is full.
 */
import { createHash } from 'node:crypto';
import type { SourceReader } from '../../../simulator/src/check/moduleHost';
import type { KernelResult } from './kernelResult';

/** Enough for every kernel of ~20 open files plus a few older versions of each. */
const MAX_ENTRIES = 256;

export function contentHash(text: string | undefined): string | undefined {
  return text === undefined ? undefined : createHash('sha1').update(text).digest('hex');
}

/** A reader that remembers what it returned, for `KernelResult.reads`. */
export function recordingReader(inner: SourceReader): { reader: SourceReader; reads: Map<string, string | undefined> } {
  const reads = new Map<string, string | undefined>();
  return {
    reads,
    reader: {
      read(path) {
        const text = inner.read(path);
        reads.set(path, contentHash(text));
        return text;
      },
    },
  };
}

export class TraceCache {
  private readonly entries = new Map<string, KernelResult>();

  get(fingerprint: string, reader: SourceReader): KernelResult | undefined {
    const hit = this.entries.get(fingerprint);
    if (!hit) return undefined;
    for (const [path, hash] of hit.reads) {
      if (contentHash(reader.read(path)) !== hash) {
        this.entries.delete(fingerprint);
        return undefined;
      }
    }
    // Re-insert to mark as most recently used.
    this.entries.delete(fingerprint);
    this.entries.set(fingerprint, hit);
    return hit;
  }

  set(fingerprint: string, result: KernelResult): void {
    this.entries.delete(fingerprint);
    this.entries.set(fingerprint, result);
    while (this.entries.size > MAX_ENTRIES) this.entries.delete(this.entries.keys().next().value as string);
  }

  clear(): void {
    this.entries.clear();
  }

  get size(): number {
    return this.entries.size;
  }
}
