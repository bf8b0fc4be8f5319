/**
 * Every command the extension contributes, without the `nkiStudio.` prefix. The command table in
 * `commands.ts` is typed by this list (so a missing handler does not compile) and a unit test
 * compares it with package.json (so the manifest cannot drift).
 */
export const COMMAND_NAMES = [
  'runAndProfile', 'editShapes', 'compareWithPrevious', 'openProfile', 'exportChromeTrace', 'runKernel',
  'showQwen3Speedups', 'useKernelInQwen3', 'openExample', 'selectTarget', 'restartServer', 'showOutput',
] as const;
export type CommandName = (typeof COMMAND_NAMES)[number];
