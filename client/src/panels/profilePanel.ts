/**
 * The profile panel beside the code: one panel, reused for each run. A new run of the kernel the
 * panel already shows becomes "after", with the previous run as the Compare tab's "before".
 * Each profile is saved to the panel cache so `ProfilePanelSerializer` can bring the panel back,
 * with its view state, after the window reloads.
 */
import * as vscode from 'vscode';
import type { Profile } from '../../../simulator/src/profile/schema';
import { restoreKeysOf } from '../../../webviews/src/messages';
import { viewerHtml, viewerOptions } from './html';
import type { ProfileCache } from './profileFiles';
import { ProfileSession, type SessionEnv } from './profileSession';

export interface PanelEnv extends SessionEnv {
  extensionUri: vscode.Uri;
  cache: ProfileCache | undefined;
}

let env: PanelEnv | undefined;

/** Set once at activation (registerProfileViewer). */
export function configurePanels(e: PanelEnv): void {
  env = e;
}

export class ProfilePanel implements vscode.Disposable {
  static readonly viewType = 'nkiStudio.profile';
  private static current: ProfilePanel | undefined;
  private readonly session: ProfileSession;
  /** Cache keys of the profiles this panel saved (a run's key arrives after it is shown). */
  private readonly keys = new WeakMap<Profile, string>();
  private disposed = false;

  /** Shows a profile (and optionally an explicit baseline) in the panel, creating it if needed. */
  static show(extensionUri: vscode.Uri, profile: Profile, baseline?: Profile): ProfilePanel {
    const e: PanelEnv = env ?? { extensionUri, cache: undefined, log: undefined };
    let panel = ProfilePanel.current;
    if (!panel) {
      const webviewPanel = vscode.window.createWebviewPanel(ProfilePanel.viewType, 'NKI profile', { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true }, {
        ...viewerOptions(e.extensionUri), retainContextWhenHidden: true,
      });
      panel = new ProfilePanel(webviewPanel, e);
      ProfilePanel.current = panel;
    }
    panel.panel.reveal(vscode.ViewColumn.Beside, true);
    const previous = panel.session.current;
    const before = baseline ?? (previous && previous.kernel === profile.kernel ? previous : undefined);
    void panel.showProfile(profile, before, before ? panel.keys.get(before) : undefined);
    return panel;
  }

  /** Wraps a panel VS Code restored after a reload (see ProfilePanelSerializer). */
  static async restore(webviewPanel: vscode.WebviewPanel, state: unknown, e: PanelEnv): Promise<ProfilePanel | undefined> {
    webviewPanel.webview.options = viewerOptions(e.extensionUri);
    const keys = restoreKeysOf(state);
    e.log?.info(`restoring a profile panel: ${keys.profile ? `profile ${keys.profile}` : 'no saved profile'}${keys.baseline ? `, baseline ${keys.baseline}` : ''}`);
    const problem = (text: string) => { webviewPanel.webview.html = viewerHtml(webviewPanel.webview, e.extensionUri, text); };
    if (!keys.profile || !e.cache) { problem('This profile is no longer available. Run "NKI: Run & Profile Kernel" again.'); return undefined; }
    const read = await e.cache.load(keys.profile);
    if (!read.ok) { problem(`This profile is no longer available (${read.message}). Run "NKI: Run & Profile Kernel" again.`); return undefined; }
    const baseline = keys.baseline ? await e.cache.load(keys.baseline) : undefined;
    const panel = new ProfilePanel(webviewPanel, e);
    // A restored panel becomes the one new runs reuse, unless a run already opened one.
    ProfilePanel.current ??= panel;
    panel.keys.set(read.profile, keys.profile);
    if (baseline?.ok && keys.baseline) panel.keys.set(baseline.profile, keys.baseline);
    panel.setTitle(read.profile);
    panel.session.load(read.profile, { restoreKey: keys.profile, ...(baseline?.ok ? { baseline: baseline.profile, baselineKey: keys.baseline } : {}) });
    return panel;
  }

  private constructor(private readonly panel: vscode.WebviewPanel, private readonly env: PanelEnv) {
    panel.webview.html = viewerHtml(panel.webview, env.extensionUri);
    this.session = new ProfileSession(panel, env);
    panel.onDidDispose(() => this.dispose());
  }

  private setTitle(profile: Profile): void {
    this.panel.title = `Profile: ${profile.kernel}`;
  }

  private async showProfile(profile: Profile, baseline: Profile | undefined, baselineKey: string | undefined): Promise<void> {
    this.setTitle(profile);
    // Show at once; the cache write (for restoring after a reload) follows, then sends the keys.
    this.session.load(profile, { baseline, baselineKey });
    const cache = this.env.cache;
    if (!cache) return;
    try {
      const key = await cache.save(profile);
      this.keys.set(profile, key);
      const bKey = baseline && !baselineKey ? await cache.save(baseline) : baselineKey;
      if (baseline && bKey) this.keys.set(baseline, bKey);
      if (this.disposed || this.session.current !== profile) return;
      this.session.setRestoreKeys(key, bKey);
      this.env.log?.debug(`profile panel: ${profile.kernel} saved as ${key} for restoring after a reload`);
    } catch (err) {
      this.env.log?.warn(`profile panel: could not cache the profile for restoring after a reload: ${(err as Error).message}`);
    }
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    if (ProfilePanel.current === this) ProfilePanel.current = undefined;
    this.session.dispose();
    this.panel.dispose();
  }
}

/** Brings profile panels back after a window reload, with their profile and view state. */
export class ProfilePanelSerializer implements vscode.WebviewPanelSerializer {
  constructor(private readonly env: PanelEnv) {}

  async deserializeWebviewPanel(webviewPanel: vscode.WebviewPanel, state: unknown): Promise<void> {
    await ProfilePanel.restore(webviewPanel, state, this.env);
  }
}
