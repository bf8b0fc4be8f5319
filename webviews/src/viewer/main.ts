/**
 * Profile viewer entry (browser). Runs in a VS Code webview and in the standalone HTML report.
 * The profile arrives inlined in a `<script type="application/json" id="nki-profile">` element or
 * through a `{ type: 'load', profile }` message from the extension.
 */
import { isProfile, type Profile } from '../../../simulator/src/profile/schema';
import { renderTimeline } from './timeline';

function root(): HTMLElement {
  const el = document.getElementById('nki-viewer');
  if (!el) throw new Error('viewer root #nki-viewer missing');
  return el;
}

function show(profile: Profile): void {
  renderTimeline(root(), profile);
}

function showMessage(text: string): void {
  const el = root();
  el.replaceChildren();
  const p = document.createElement('p');
  p.className = 'nki-empty';
  p.textContent = text;
  el.append(p);
}

function boot(): void {
  const inline = document.getElementById('nki-profile');
  if (inline?.textContent?.trim()) {
    try {
      const value: unknown = JSON.parse(inline.textContent);
      if (isProfile(value)) show(value);
      else showMessage('This file is not an NKI Studio profile.');
    } catch {
      showMessage('The profile could not be read: invalid JSON.');
    }
  } else {
    showMessage('No profile loaded. Run "NKI: Run & Profile Kernel" on a kernel.');
  }
  window.addEventListener('message', (event: MessageEvent<unknown>) => {
    const msg = event.data as { type?: unknown; profile?: unknown };
    if (msg?.type === 'load' && isProfile(msg.profile)) show(msg.profile);
  });
}

boot();
