/**
 * Profile viewer entry (browser). Runs in a VS Code webview and in the standalone HTML report.
 * Data arrives inlined in `<script type="application/json">` elements (`nki-profile`, and
 * optionally `nki-baseline` and `nki-qwen3`; see ./inlineData.ts) or as host messages (see ../messages.ts), each
 * validated; invalid messages are reported to the host and otherwise ignored.
 */
import { getHost } from '../host';
import { parseHostMessage, toHost, type HostToView, type ProfilePayload } from '../messages';
import { unpackProfile } from '../../../simulator/src/profile/packedEvents';
import type { Profile } from '../../../simulator/src/profile/schema';
import { isQwen3Speedups } from '../qwen3/types';
import { mountApp } from './app';
import { inlineJson, inlineProfile } from './inlineData';
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

function profileOf(payload: ProfilePayload): Profile {
  return 'packed' in payload ? unpackProfile(payload.packed) : payload.profile;
}

function handle(message: HostToView): void {
  switch (message.type) {
    case 'load':
      ensureMounted();
      setRestoreKey('current', message.restoreKey);
      loadProfile(profileOf(message));
      restoreViewState();
      break;
    case 'loadBaseline':
      ensureMounted();
      setRestoreKey('baseline', message.restoreKey);
      loadBaseline(profileOf(message));
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
  // User Timing marks of the load, for benchmarks (test/webview/bench/loadTime.ts) and DevTools.
  performance.mark('nki:boot');
  const profile = inlineProfile('nki-profile');
  performance.mark('nki:inline-read');
  const baseline = inlineProfile('nki-baseline');
  const qwen3 = inlineJson('nki-qwen3');
  if (profile.kind === 'error') showMessage(profile.message);
  else if (profile.kind === 'ok') handle({ type: 'load', profile: profile.value });
  if (baseline.kind === 'ok' && store.current) handle({ type: 'loadBaseline', profile: baseline.value });
  if (qwen3.kind === 'ok' && isQwen3Speedups(qwen3.value)) handle({ type: 'loadQwen3', report: qwen3.value });
  performance.mark('nki:inline-loaded');
  if (!mounted && profile.kind === 'absent') {
    showMessage(host.embedded ? 'No profile loaded yet.' : 'No profile loaded. Run "NKI: Run & Profile Kernel" on a kernel.');
  }
  watchTheme();
  window.addEventListener('message', (event: MessageEvent<unknown>) => {
    for (const m of ['nki:message', 'nki:message-checked', 'nki:message-handled']) performance.clearMarks(m);
    performance.mark('nki:message');
    const parsed = parseHostMessage(event.data);
    performance.mark('nki:message-checked');
    if (parsed.ok) { handle(parsed.message); performance.mark('nki:message-handled'); return; }
    console.warn(`nki-studio viewer: ignored message (${parsed.received}): ${parsed.reason}`);
    host.post(toHost.invalid(parsed.received, parsed.reason));
  });
  host.post(toHost.ready());
}

boot();
