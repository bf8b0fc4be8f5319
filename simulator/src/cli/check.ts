/** `nki-studio check`: analyse files and directories, print diagnostics as text or JSON. */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { ParsedCommand } from './args';
import { analyzeFile } from '../check/analyzeFile';
import type { FileReport } from '../check/diagnostic';
import type { Io } from './main';

type CheckCommand = Extract<ParsedCommand, { command: 'check' }>;

/** Folders never searched: dependencies, virtual environments, VCS metadata and build output. */
const SKIPPED_DIRS = new Set(['node_modules', '.git', '.venv', 'venv', '__pycache__', 'dist', 'out', 'build', '.vscode-test']);

export function collectPythonFiles(paths: string[]): { files: string[]; missing: string[] } {
  const files: string[] = [];
  const missing: string[] = [];
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir).sort()) {
      const full = join(dir, name);
      let st;
      try { st = statSync(full); } catch { continue; }
      if (st.isDirectory()) { if (!SKIPPED_DIRS.has(name) && !name.startsWith('.')) walk(full); }
      else if (name.endsWith('.py')) files.push(full);
    }
  };
  for (const p of paths) {
    let st;
    try { st = statSync(p); } catch { missing.push(p); continue; }
    if (st.isDirectory()) walk(p);
    else files.push(p);
  }
  return { files, missing };
}

export function formatText(report: FileReport, cwd = process.cwd()): string {
  const name = relative(cwd, report.path) || report.path;
  const lines = report.diagnostics.map((d) =>
    `${name}:${d.range.start.line + 1}:${d.range.start.character + 1}: ${d.severity} ${d.code}: ${d.message}`);
  if (report.internalError) lines.push(`${name}: internal error: ${report.internalError.split('\n')[0]}`);
  return lines.join('\n');
}

export async function runCheck(cmd: CheckCommand, io: Io): Promise<number> {
  const { files, missing } = collectPythonFiles(cmd.files);
  for (const m of missing) io.err.write(`nki-studio check: no such file or directory: ${m}\n`);
  if (missing.length > 0) return 2;
  const reports: FileReport[] = [];
  for (const path of files) {
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch (err) {
      reports.push({ path, diagnostics: [], kernels: [], internalError: `cannot read file: ${(err as Error).message}` });
      continue;
    }
    reports.push(await analyzeFile(path, text, { kernel: cmd.kernel, shapes: cmd.shapes, target: cmd.target, nkiVersion: cmd.nkiVersion }));
  }
  const errors = reports.reduce((n, r) => n + r.diagnostics.filter((d) => d.severity === 'error').length, 0);
  if (cmd.format === 'json') {
    io.out.write(`${JSON.stringify({ files: reports }, null, 2)}\n`);
  } else {
    for (const r of reports) {
      const text = formatText(r);
      if (text) io.out.write(`${text}\n`);
    }
    const kernels = reports.reduce((n, r) => n + r.kernels.length, 0);
    const warnings = reports.reduce((n, r) => n + r.diagnostics.filter((d) => d.severity === 'warning').length, 0);
    const internal = reports.filter((r) => r.internalError).length;
    io.out.write(`${files.length} file(s), ${kernels} kernel(s): ${errors} error(s), ${warnings} warning(s)` +
      `${internal ? `, ${internal} internal error(s)` : ''}\n`);
  }
  return errors > 0 ? 1 : 0;
}
