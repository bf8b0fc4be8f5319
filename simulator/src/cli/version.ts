/** The package version, inlined at build time by esbuild from package.json. */
import pkg from '../../../package.json';

export const version: string = pkg.version;
