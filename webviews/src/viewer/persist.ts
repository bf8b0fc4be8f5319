/**
 * View state that survives VS Code hiding and restoring the webview, and reloading the window:
 * viewport, tab and selection, plus the host's restore keys for the loaded profiles (which its
 * panel serializer reads back, see `restoreKeysOf` in ../messages.ts). Saved through
 * `vscode.setState` (a no-op in the standalone report) shortly after a change, and applied when
 * the same kernel's profile is shown again.
 */
import { getHost } from '../host';
import { addRenderer, requestFrame } from './raf';
import { select, setTab, setViewport, store, TABS, type DatasetKey, type TabId, type Viewport } from './state';

const STATE_VERSION = 1;
const SAVE_DELAY_MS = 250;

export interface SavedViewState {
  v: typeof STATE_VERSION;
  kernel: string;
  viewport: Viewport;
  tab: TabId;
  selection: { set: DatasetKey; id: number } | null;
  restore: { profile?: string; baseline?: string };
}

const restoreKeys: { profile?: string; baseline?: string } = {};
let keysVersion = 0;

/** Remembers (or forgets, with undefined) the host's key for a loaded profile, and saves soon. */
export function setRestoreKey(set: DatasetKey, key: string | undefined): void {
  const field = set === 'current' ? 'profile' : 'baseline';
  if (key === restoreKeys[field]) return;
  if (key === undefined) delete restoreKeys[field]; else restoreKeys[field] = key;
  keysVersion++;
  requestFrame();
}

function isSaved(value: unknown): value is SavedViewState {
  const s = value as Partial<SavedViewState> | null;
  return typeof s === 'object' && s !== null && s.v === STATE_VERSION && typeof s.kernel === 'string'
    && typeof s.viewport?.startNs === 'number' && typeof s.viewport?.endNs === 'number'
    && TABS.some((t) => t.id === s.tab);
}

/** Applies saved state if it belongs to the loaded profile. */
export function restoreViewState(): void {
  const saved = getHost().getState();
  if (!isSaved(saved) || saved.kernel !== store.current?.profile.kernel) return;
  setViewport(saved.viewport);
  setTab(saved.tab);
  const sel = saved.selection;
  if (sel && store.dataset(sel.set)?.profile.events[sel.id]) select(sel);
}

export function installPersistence(): void {
  const host = getHost();
  if (!host.embedded) return;
  let seen = '';
  let timer: ReturnType<typeof setTimeout> | undefined;
  addRenderer(() => {
    const v = store.versions;
    const key = `${v.data}|${v.viewport}|${v.tab}|${v.selection}|${keysVersion}`;
    if (key === seen || !store.current) return;
    seen = key;
    clearTimeout(timer);
    timer = setTimeout(() => {
      const state: SavedViewState = {
        v: STATE_VERSION, kernel: store.current!.profile.kernel, viewport: store.viewport, tab: store.tab, selection: store.selection,
        restore: { ...restoreKeys },
      };
      host.setState(state);
    }, SAVE_DELAY_MS);
  });
}
