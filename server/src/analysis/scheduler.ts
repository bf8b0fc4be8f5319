/**
 * Per-document analysis scheduling: debounce while the user types, cancel the superseded run,
 * and never let one document's analysis delay another's (each URI has its own timer and token).
 */

/** Wait after the last keystroke before analysing: long enough to coalesce a burst of keystrokes
 * (typing runs at ~5-10 characters per second, auto-repeat at ~30 ms), short enough that
 * diagnostics feel immediate. Incremental analysis (trace cache, incremental re-parse) keeps a
 * re-analysis well under 100 ms, so waiting longer would only add latency. */
export const TYPING_DEBOUNCE_MS = 75;

export interface RunToken { cancelled: boolean }

export class DebouncedScheduler {
  private readonly pending = new Map<string, { timer: NodeJS.Timeout | undefined; token: RunToken }>();

  constructor(private readonly run: (uri: string, token: RunToken) => Promise<void>, private readonly delayMs = TYPING_DEBOUNCE_MS) {}

  schedule(uri: string, delayMs = this.delayMs): void {
    this.cancel(uri);
    const token: RunToken = { cancelled: false };
    const timer = setTimeout(() => {
      const entry = this.pending.get(uri);
      if (entry) entry.timer = undefined;
      this.run(uri, token).catch(() => undefined).finally(() => {
        if (this.pending.get(uri)?.token === token) this.pending.delete(uri);
      });
    }, delayMs);
    this.pending.set(uri, { timer, token });
  }

  cancel(uri: string): void {
    const entry = this.pending.get(uri);
    if (!entry) return;
    if (entry.timer) clearTimeout(entry.timer);
    entry.token.cancelled = true;
    this.pending.delete(uri);
  }

  dispose(): void {
    for (const uri of [...this.pending.keys()]) this.cancel(uri);
  }
}
