/**
 * The last two profiles of each kernel, on disk under the extension's storage folder, so
 * "Compare with Previous Run" has a baseline (also after a reload). One folder per kernel, named
 * by a hash of file + kernel; `next.json` is where the CLI writes, promoted on success.
 * No vscode import: unit tested with a temporary folder.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { isProfile, type Profile } from '../../simulator/src/profile/schema';

export type ProfileSlot = 'latest' | 'previous';

export class ProfileStore {
  constructor(private readonly root: string) {}

  private dir(file: string, kernel: string): string {
    return join(this.root, createHash('sha1').update(`${file}\0${kernel}`).digest('hex').slice(0, 16));
  }

  /** Where the CLI should write the next profile of this kernel. */
  nextPath(file: string, kernel: string): string {
    const dir = this.dir(file, kernel);
    mkdirSync(dir, { recursive: true });
    return join(dir, 'next.json');
  }

  /** After a successful run: latest becomes previous, next becomes latest. */
  promote(file: string, kernel: string): void {
    const dir = this.dir(file, kernel);
    if (existsSync(join(dir, 'latest.json'))) renameSync(join(dir, 'latest.json'), join(dir, 'previous.json'));
    renameSync(join(dir, 'next.json'), join(dir, 'latest.json'));
  }

  discardNext(file: string, kernel: string): void {
    rmSync(join(this.dir(file, kernel), 'next.json'), { force: true });
  }

  path(file: string, kernel: string, slot: ProfileSlot): string | undefined {
    const p = join(this.dir(file, kernel), `${slot}.json`);
    return existsSync(p) ? p : undefined;
  }

  /** The stored profile, or undefined when there is none or it is not a profile any more. */
  read(file: string, kernel: string, slot: ProfileSlot): Profile | undefined {
    const p = this.path(file, kernel, slot);
    if (!p) return undefined;
    try {
      const value: unknown = JSON.parse(readFileSync(p, 'utf8'));
      return isProfile(value) ? value : undefined;
    } catch {
      return undefined;
    }
  }
}
