/**
 * When the language server crashes: restart it, unless it crashed too often lately. A crash loop
 * (a bug triggered by the open file) would otherwise spin forever and hide the cause; after the
 * cap the user gets a message with "Show Output" and "Restart".
 */

export const MAX_CRASHES = 4;
export const CRASH_WINDOW_MS = 3 * 60_000;

export class CrashWindow {
  private crashes: number[] = [];

  constructor(private readonly max = MAX_CRASHES, private readonly windowMs = CRASH_WINDOW_MS) {}

  /** Records a crash at `now`; true when the server may be restarted (at most `max` in the window). */
  recordCrash(now: number): boolean {
    this.crashes = this.crashes.filter((t) => now - t < this.windowMs);
    this.crashes.push(now);
    return this.crashes.length <= this.max;
  }

  /** A manual restart starts a fresh count. */
  reset(): void {
    this.crashes = [];
  }

  get recent(): number {
    return this.crashes.length;
  }
}
