/**
 * `nki-studio`: the command-line face of the engine, for CI and scripts. Parses the command line,
 * dispatches, and maps outcomes to exit codes (0 ok, 1 errors found or run failed, 2 usage error).
 * Usage errors print a message and the usage, never a stack trace.
 */
import { parseCommandLine, UsageError } from './args';
import { USAGE } from './usage';
import { runCheck } from './check';
import { runRun } from './run';
import { runProfile } from './profile';
import { runQwen3Command } from './qwen3';
import { version } from './version';

export interface Io { out: NodeJS.WritableStream; err: NodeJS.WritableStream }

export async function main(argv: string[], io: Io = { out: process.stdout, err: process.stderr }): Promise<number> {
  let parsed;
  try {
    parsed = parseCommandLine(argv);
  } catch (err) {
    if (err instanceof UsageError) {
      io.err.write(`nki-studio: ${err.message}\n\n${USAGE[err.command ?? 'main']}\n`);
      return 2;
    }
    throw err;
  }
  switch (parsed.command) {
    case 'version':
      io.out.write(`${version}\n`);
      return 0;
    case 'help':
      io.out.write(`${USAGE[parsed.topic ?? 'main']}\n`);
      return 0;
    case 'check':
      return runCheck(parsed, io);
    case 'profile':
      return runProfile(parsed, io);
    case 'run':
      return runRun(parsed, io);
    case 'qwen3':
      return runQwen3Command(parsed, io);
  }
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => { process.exitCode = code; },
    (err: unknown) => {
      process.stderr.write(`nki-studio: internal error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
      process.exitCode = 3;
    },
  );
}
