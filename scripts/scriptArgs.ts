/**
 * Argument parsing for the developer scripts: `node:util` `parseArgs`, plus `--help` (prints the
 * usage, exit 0) and, for an unknown or malformed option, the message and the usage instead of a
 * stack trace (exit 2).
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';

export function parseScriptArgs<T extends ParseArgsConfig>(config: T, usage: string): ReturnType<typeof parseArgs<T>> {
  const argv = config.args ?? process.argv.slice(2);
  if (argv.includes('--help') || argv.includes('-h')) {
    console.log(usage);
    process.exit(0);
  }
  try {
    return parseArgs(config);
  } catch (err) {
    console.error(`${(err as Error).message}\n${usage}`);
    process.exit(2);
  }
}
