/**
 * What the extension writes when the view asks for an export (no vscode, so tests can check the
 * bytes): the default file name, the save dialog's filter, and the content in pieces.
 */
import { chromeTraceChunks } from '../../../simulator/src/perf/chromeTrace';
import { exportFileName } from '../../../webviews/src/viewer/export/fileNames';
import type { ExportFormat } from '../../../webviews/src/messages';
import { profileJsonChunks } from '../../../simulator/src/profile/json';
import type { Profile } from '../../../simulator/src/profile/schema';

export interface ExportPlan {
  fileName: string;
  filters: Record<string, string[]>;
  chunks(): Iterable<string | Uint8Array>;
}

/** The plan for one export; a PNG needs the view's `dataUrl` (validated by parseViewMessage). */
export function planExport(format: ExportFormat, profile: Profile, dataUrl?: string): ExportPlan {
  const fileName = exportFileName(profile.kernel, format);
  switch (format) {
    case 'chrome-trace':
      return { fileName, filters: { 'Chrome trace (Perfetto)': ['json'] }, chunks: () => chromeTraceChunks(profile) };
    case 'profile-json':
      return { fileName, filters: { 'NKI Studio profile': ['json'] }, chunks: () => profileJsonChunks(profile) };
    case 'png': {
      const body = (dataUrl ?? '').replace(/^data:image\/png;base64,/, '');
      return { fileName, filters: { 'PNG image': ['png'] }, chunks: () => [Buffer.from(body, 'base64')] };
    }
  }
}
