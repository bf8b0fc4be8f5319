/**
 * The package version, read from the nearest package.json named `nki-studio` above this module:
 * dist/cli.js (bundle), out/... (tests) and an installed extension all sit below it.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

function findVersion(start: string): string {
  for (let dir = start; ; dir = dirname(dir)) {
    const file = join(dir, 'package.json');
    if (existsSync(file)) {
      const pkg = JSON.parse(readFileSync(file, 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'nki-studio' && pkg.version) return pkg.version;
    }
    if (dirname(dir) === dir) return '0.0.0-unknown';
  }
}

export const version: string = findVersion(__dirname);
