/**
 * Typed access to the `nkiStudio.*` settings. Settings arrive as untrusted JSON: every getter
 * normalises its value and falls back to the manifest default rather than trusting the input.
 */
import * as vscode from 'vscode';

import { NKI_VERSION_FLAGS, TARGETS, type NkiVersionFlag, type TargetName } from '../../simulator/src/options';

export { TARGETS };
export type Target = TargetName;
export type NkiVersionSetting = NkiVersionFlag;

/** Keys whose change needs the language server restarted rather than just re-configured. */
export const REQUIRES_SERVER_RESTART: readonly string[] = [];

function section(): vscode.WorkspaceConfiguration {
  return vscode.workspace.getConfiguration('nkiStudio');
}

function oneOf<T extends string>(value: unknown, allowed: readonly T[], fallback: T): T {
  return typeof value === 'string' && (allowed as readonly string[]).includes(value) ? (value as T) : fallback;
}

export const config = {
  target(): Target {
    return oneOf(section().get('target'), TARGETS, 'trn2');
  },
  nkiVersion(): NkiVersionSetting {
    return oneOf(section().get('nkiVersion'), NKI_VERSION_FLAGS, 'auto');
  },
  /** `nkiStudio.simulator.timeoutSeconds`, at least 1 s; the client kills a CLI run after it. */
  simulatorTimeoutMs(): number {
    const v = section().get('simulator.timeoutSeconds');
    return (typeof v === 'number' && Number.isFinite(v) && v >= 1 ? v : 120) * 1000;
  },
  /**
   * `--max-instructions` / `--max-memory-mb` for run and profile, from `nkiStudio.simulator.*`
   * when the user set them (unset: the CLI's own budgets, which differ per command).
   */
  simulatorLimitArgs(): string[] {
    const set = (key: string, min: number): number | undefined => {
      const i = section().inspect<unknown>(key);
      const v = i?.workspaceFolderValue ?? i?.workspaceValue ?? i?.globalValue;
      return typeof v === 'number' && Number.isFinite(v) && v >= min ? Math.floor(v) : undefined;
    };
    const steps = set('simulator.maxInstructions', 1000);
    const mib = set('simulator.maxMemoryMB', 16);
    return [...(steps ? ['--max-instructions', String(steps)] : []), ...(mib ? ['--max-memory-mb', String(mib)] : [])];
  },
  async setTarget(target: Target): Promise<void> {
    const hasWorkspace = (vscode.workspace.workspaceFolders?.length ?? 0) > 0;
    await section().update('target', target, hasWorkspace ? vscode.ConfigurationTarget.Workspace : vscode.ConfigurationTarget.Global);
  },
};
