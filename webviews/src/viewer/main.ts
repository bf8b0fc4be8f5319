/**
 * Profile viewer entry (browser). Runs in a VS Code webview and in the standalone HTML report.
 * Data arrives inlined in `<script type="application/json">` elements (`nki-profile`, and
 * optionally `nki-baseline` and `nki-qwen3`) or as host messages (see ../messages.ts), each
 * validated; invalid messages are reported to the host and otherwise ignored.
 */
import { isProfile } from '../../../simulator/src/profile/schema';
import { getHost } from '../host';
import { parseHostMessage, toHost, type HostToView } from '../messages';
import { isQwen3Speedups } from '../qwen3/types';
import { mountApp } from './app';
import { installPersistence, restoreViewState, setRestoreKey } from './persist';
import { highlightLines, loadBaseline, loadProfile, loadQwen3, store, themeChanged } from './state';
import { invalidateTheme } from './theme';

function root(): HTMLElement {
  const el = document.getElementById('nki-viewer');
  if (!el) throw new Error('viewer root #nki-viewer missing');
  return el;
}

function showMessage(text: string): void {
  const p = document.createElement('p');
  p.className = 'nki-empty';
  p.textContent = text;
  root().replaceChildren(p);
}

let mounted = false;
function ensureMounted(): void {
  if (mounted) return;
  mounted = true;
  mountApp(root());
  installPersistence();
}

/** Reads an inlined JSON element; undefined when absent, an Error when unreadable. */
function inlineJson(id: string): unknown {
  const text = document.getElementById(id)?.textContent?.trim();
  if (!text) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return new Error('invalid JSON');
  }
}

function handle(message: HostToView): void {
  switch (message.type) {
    case 'load':
      ensureMounted();
      setRestoreKey('current', message.restoreKey);
      loadProfile(message.profile);
      restoreViewState();
      break;
    case 'loadBaseline':
      ensureMounted();
      setRestoreKey('baseline', message.restoreKey);
      loadBaseline(message.profile);
      break;
    case 'loadQwen3':
      ensureMounted();
      loadQwen3(message.report);
      break;
    case 'restoreKeys':
      if (message.profile) setRestoreKey('current', message.profile);
      if (message.baseline) setRestoreKey('baseline', message.baseline);
      break;
    case 'highlightLines':
      highlightLines(message.path, message.lines);
      break;
  }
}

function watchTheme(): void {
  // VS Code switches themes by changing body classes and the CSS variables on <html>.
  const observer = new MutationObserver(() => { invalidateTheme(); themeChanged(); });
  observer.observe(document.body, { attributes: true, attributeFilter: ['class', 'style'] });
  observer.observe(document.documentElement, { attributes: true, attributeFilter: ['class', 'style'] });
}

function boot(): void {
  const host = getHost();
  const profile = inlineJson('nki-profile');
  const baseline = inlineJson('nki-baseline');
  const qwen3 = inlineJson('nki-qwen3');
  if (profile instanceof Error) showMessage('The profile could not be read: invalid JSON.');
  else if (profile !== undefined && !isProfile(profile)) showMessage('This file is not an NKI Studio profile.');
  else if (profile !== undefined) handle({ type: 'load', profile });
  if (isProfile(baseline) && store.current) handle({ type: 'loadBaseline', profile: baseline });
  if (isQwen3Speedups(qwen3)) handle({ type: 'loadQwen3', report: qwen3 });
  if (!mounted && profile === undefined) {
    showMessage(host.embedded ? 'No profile loaded yet.' : 'No profile loaded. Run "NKI: Run & Profile Kernel" on a kernel.');
  }
  watchTheme();
  window.addEventListener('message', (event: MessageEvent<unknown>) => {
    const parsed = parseHostMessage(event.data);
    if (parsed.ok) { handle(parsed.message); return; }
    console.warn(`nki-studio viewer: ignored message (${parsed.received}): ${parsed.reason}`);
    host.post(toHost.invalid(parsed.received, parsed.reason));
  });
  host.post(toHost.ready());
}

boot();
