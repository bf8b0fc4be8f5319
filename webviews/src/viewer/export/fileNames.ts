/**
 * Default file names of exports, shared by the page (downloads) and the extension (save dialog).
 * Profile JSON is named `*.nkiprofile.json` so that opening it in VS Code shows the viewer.
 */
import type { ExportFormat } from '../../messages';

export const PROFILE_FILE_SUFFIX = '.nkiprofile.json';

export function exportFileName(kernel: string, format: ExportFormat): string {
  const base = kernel.replace(/[^\w.-]+/g, '_') || 'kernel';
  return format === 'png' ? `${base}.timeline.png` : format === 'chrome-trace' ? `${base}.trace.json` : `${base}${PROFILE_FILE_SUFFIX}`;
}
