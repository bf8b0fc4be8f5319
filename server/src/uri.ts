/** The one place where document URIs and file-system paths convert into each other. */
import { fileURLToPath, pathToFileURL } from 'node:url';

export const URI = {
  toPath(uri: string): string {
    return uri.startsWith('file:') ? fileURLToPath(uri) : uri;
  },
  fromPath(path: string): string {
    return pathToFileURL(path).href;
  },
};
