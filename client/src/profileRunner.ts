/**
 * Runs `nki-studio profile` for one kernel in a child process: the simulator never runs in the
 * extension host thread, a run can be cancelled (the process is killed), and a crash in the
 * engine cannot take the editor down. The profile comes back as a JSON file.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Profile } from '../../simulator/src/profile/schema';

export interface ProfileRequest {
  cliPath: string;
  file: string;
  kernel: string;
  target: string;
  nkiVersion: string;
  /** `ARG=DTYPE[D0,...]` specs overriding the file's shapes directive. */
  shapes?: string[];
}

export type ProfileOutcome =
  | { ok: true; profile: Profile; summary: string }
  | { ok: false; cancelled: boolean; message: string };

export function runProfile(req: ProfileRequest, cancel: { onCancellationRequested(listener: () => void): unknown }): Promise<ProfileOutcome> {
  const dir = mkdtempSync(join(tmpdir(), 'nki-studio-profile-'));
  const out = join(dir, 'profile.json');
  const args = [req.cliPath, 'profile', req.file, '--kernel', req.kernel, '--target', req.target, '--nki-version', req.nkiVersion, '--out', out,
    ...(req.shapes ?? []).flatMap((s) => ['--shape', s])];
  return new Promise((resolve) => {
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' } });
    let stdout = '';
    let stderr = '';
    let cancelled = false;
    child.stdout.on('data', (d: Buffer) => { stdout += d.toString(); });
    child.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
    cancel.onCancellationRequested(() => { cancelled = true; child.kill(); });
    child.on('error', (err) => resolve({ ok: false, cancelled: false, message: err.message }));
    child.on('close', (code) => {
      try {
        if (cancelled) return resolve({ ok: false, cancelled: true, message: 'cancelled' });
        if (code !== 0) return resolve({ ok: false, cancelled: false, message: (stderr || stdout).replace(/^nki-studio profile: /, '').trim() || `exit code ${code}` });
        resolve({ ok: true, profile: JSON.parse(readFileSync(out, 'utf8')) as Profile, summary: stdout.trim() });
      } catch (err) {
        resolve({ ok: false, cancelled: false, message: `the profile could not be read: ${(err as Error).message}` });
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  });
}
