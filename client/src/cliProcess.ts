/**
 * Runs the bundled `nki-studio` CLI (dist/cli.js) in a child process: the simulator never runs in
 * the extension host thread, a run can be cancelled (the child is killed), and a crash in the
 * engine cannot take the editor down. No vscode import, so it is unit tested directly.
 */
import { spawn } from 'node:child_process';

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
  cancelled: boolean;
  /** Killed after `timeoutMs`. */
  timedOut?: boolean;
}

export interface Cancellation {
  isCancellationRequested: boolean;
  onCancellationRequested(listener: () => void): unknown;
}

/** stdout/stderr beyond this are cut: a runaway child must not exhaust the host's memory. */
const MAX_CAPTURE = 8 * 1024 * 1024;

export function runCli(cliPath: string, args: readonly string[], cancel?: Cancellation, timeoutMs?: number): Promise<CliResult> {
  return new Promise((resolve) => {
    // In VS Code process.execPath is Electron: ELECTRON_RUN_AS_NODE makes it a plain Node.
    const child = spawn(process.execPath, [cliPath, ...args], {
      stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' },
    });
    let stdout = '';
    let stderr = '';
    let cancelled = false;
    child.stdout.on('data', (d: Buffer) => { if (stdout.length < MAX_CAPTURE) stdout += d.toString(); });
    child.stderr.on('data', (d: Buffer) => { if (stderr.length < MAX_CAPTURE) stderr += d.toString(); });
    let timedOut = false;
    const kill = (): void => { cancelled = true; child.kill(); };
    if (cancel?.isCancellationRequested) kill();
    else cancel?.onCancellationRequested(kill);
    const timer = timeoutMs ? setTimeout(() => { timedOut = true; child.kill(); }, timeoutMs) : undefined;
    child.on('error', (err) => { clearTimeout(timer); resolve({ code: null, stdout, stderr: `${stderr}${err.message}`, cancelled, timedOut }); });
    child.on('close', (code) => { clearTimeout(timer); resolve({ code, stdout, stderr, cancelled, timedOut }); });
  });
}

/** The CLI's message for a failed run, without its `nki-studio <command>:` prefix. */
export function cliError(result: CliResult, command: string): string {
  if (result.timedOut) return 'the simulation took too long and was stopped (setting nkiStudio.simulator.timeoutSeconds)';
  let text = (result.stderr.trim() || result.stdout.trim()).split('\n\nUsage:')[0];
  // Progress lines (qwen3 prints one per kernel) come before the error: keep the error.
  const at = text.search(new RegExp(`^nki-studio(?: ${command})?: `, 'm'));
  if (at > 0) text = text.slice(at);
  return text.replace(new RegExp(`^nki-studio(?: ${command})?: `, 'gm'), '').trim() || `the CLI exited with code ${String(result.code)}`;
}
