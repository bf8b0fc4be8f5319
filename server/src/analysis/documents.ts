/**
 * The open documents: one incrementally re-parsed `PythonDocument` per URI, fed by LSP content
 * changes, plus a `SourceReader` that reads open buffers before the disk so helper modules are
 * analysed as the user sees them (unsaved edits included).
 *
 * Invariant: `version(uri)` is the version of the last change applied; each document's tree is
 * freed when it closes. Requires `initParser()` to have resolved before the first `open`.
 */
import { PythonDocument, type TextChange } from '../../../simulator/src/frontend';
import { diskReader, type SourceReader } from '../../../simulator/src/check/moduleHost';
import { URI } from '../uri';

export interface OpenDocument {
  readonly uri: string;
  readonly path: string;
  version: number;
  readonly doc: PythonDocument;
}

export class OpenDocuments {
  private readonly byUri = new Map<string, OpenDocument>();
  private readonly byPath = new Map<string, OpenDocument>();

  /** Reads open documents first, then the disk. */
  readonly reader: SourceReader = {
    read: (path) => this.byPath.get(path)?.doc.text ?? diskReader.read(path),
  };

  open(uri: string, version: number, text: string): OpenDocument {
    this.close(uri);
    const entry: OpenDocument = { uri, path: URI.toPath(uri), version, doc: new PythonDocument(text) };
    this.byUri.set(uri, entry);
    this.byPath.set(entry.path, entry);
    return entry;
  }

  change(uri: string, version: number, changes: readonly TextChange[]): OpenDocument | undefined {
    const entry = this.byUri.get(uri);
    if (!entry) return undefined;
    entry.doc.applyChanges(changes);
    entry.version = version;
    return entry;
  }

  close(uri: string): void {
    const entry = this.byUri.get(uri);
    if (!entry) return;
    this.byUri.delete(uri);
    if (this.byPath.get(entry.path) === entry) this.byPath.delete(entry.path);
    entry.doc.dispose();
  }

  get(uri: string): OpenDocument | undefined {
    return this.byUri.get(uri);
  }

  all(): OpenDocument[] {
    return [...this.byUri.values()];
  }

  dispose(): void {
    for (const uri of [...this.byUri.keys()]) this.close(uri);
  }
}
