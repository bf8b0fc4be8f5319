/**
 * Fuzzing the server over LSP: thousands of seeded random edits (deleted lines, truncations,
 * stray brackets, random characters, multi-change events, occasional resets) to a real kernel,
 * with hover, completion, signature help, inlay hints, semantic tokens, code actions, symbols and
 * definition requests interleaved. The server must answer every request, never log an internal
 * error, and, at checkpoints, publish for the edited document exactly the diagnostics a fresh
 * open of the same text gets (incremental sync and re-parse agree with a clean parse).
 * Replay a failure with FUZZ_SEED=<seed>.
 */
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import {
  CodeActionRequest, CompletionRequest, DefinitionRequest, DocumentSymbolRequest, HoverRequest, InlayHintRequest, LogMessageNotification,
  MessageType, SemanticTokensRequest, SignatureHelpRequest, type Position, type TextDocumentContentChangeEvent,
} from 'vscode-languageserver/node';
import { LspClient } from '../helpers/lspClient';
import { prng } from '../helpers/prng';
import { applyEdits, fixturePath, fixtureUri } from './support';

const SEED = Number(process.env.FUZZ_SEED ?? 20240611);
const EDITS = 3000;
const REQUEST_EVERY = 4;
const CHECKPOINT_EVERY = 500;
const REQUEST_TIMEOUT_MS = 10_000;
const ALPHABET = 'abcxyz_019 ()[]{}:,.=+-*/#"\'\\\t\né€🙂';

describe('fuzzing the language server with random edits', function () {
  this.timeout(90_000);
  let client: LspClient;
  const internalErrors: string[] = [];

  before(async () => {
    client = (await LspClient.start()).client;
    client.connection.onNotification(LogMessageNotification.type, (m) => {
      if (m.type === MessageType.Error) internalErrors.push(m.message);
    });
  });
  after(async () => client?.stop());

  it(`survives ${EDITS} random edits with requests interleaved (seed ${SEED})`, async () => {
    const random = prng(SEED);
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)];
    const original = readFileSync(fixturePath('tensors.py'), 'utf8');
    const uri = fixtureUri('tensors.py');
    let text = original;
    let version = 1;
    const latencies: number[] = [];
    let checkpoints = 0;
    await client.open(uri, text, version);

    const randomPosition = (): Position => {
      const lines = text.split('\n');
      const line = Math.floor(random() * lines.length);
      return { line, character: Math.floor(random() * (lines[line].length + 1)) };
    };
    const randomText = (max: number): string => Array.from({ length: 1 + Math.floor(random() * max) }, () => pick([...ALPHABET])).join('');
    const lineRange = (line: number, lines: string[]) => ({ start: { line, character: 0 }, end: line + 1 < lines.length ? { line: line + 1, character: 0 } : { line, character: lines[line].length } });

    const oneChange = (): TextDocumentContentChangeEvent => {
      const lines = text.split('\n');
      const kind = random();
      if (kind < 0.2) return { range: lineRange(Math.floor(random() * lines.length), lines), text: '' }; // delete a line
      if (kind < 0.35) { // truncate a line
        const p = randomPosition();
        return { range: { start: p, end: { line: p.line, character: lines[p.line].length } }, text: '' };
      }
      if (kind < 0.55) { const p = randomPosition(); return { range: { start: p, end: p }, text: pick(['(', ')', '[', ']', '{', '}', ':', '"""', "'"]) }; }
      if (kind < 0.85) { const p = randomPosition(); return { range: { start: p, end: p }, text: randomText(4) }; }
      const a = randomPosition();
      const b = randomPosition();
      const [start, end] = a.line < b.line || (a.line === b.line && a.character <= b.character) ? [a, b] : [b, a];
      return { range: { start, end }, text: random() < 0.5 ? '' : randomText(8) };
    };

    const requests = [
      (p: Position) => client.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: p }),
      (p: Position) => client.connection.sendRequest(CompletionRequest.type, { textDocument: { uri }, position: p }),
      (p: Position) => client.connection.sendRequest(SignatureHelpRequest.type, { textDocument: { uri }, position: p }),
      (p: Position) => client.connection.sendRequest(DefinitionRequest.type, { textDocument: { uri }, position: p }),
      (p: Position) => client.connection.sendRequest(InlayHintRequest.type, { textDocument: { uri }, range: { start: { line: 0, character: 0 }, end: p } }),
      () => client.connection.sendRequest(SemanticTokensRequest.type, { textDocument: { uri } }),
      () => client.connection.sendRequest(DocumentSymbolRequest.type, { textDocument: { uri } }),
      (p: Position) => client.connection.sendRequest(CodeActionRequest.type, {
        textDocument: { uri }, range: { start: p, end: p },
        context: { diagnostics: [{ range: { start: p, end: p }, message: 'fuzz', code: pick(['NKI203', 'NKI402', 'NKI501', 'NKI901']) }] },
      }),
    ];

    let answered = 0;
    for (let i = 1; i <= EDITS; i++) {
      let changes: TextDocumentContentChangeEvent[];
      if (random() < 0.01 || text.length < 40) {
        changes = [{ text: original }];
        text = original;
      } else {
        changes = [];
        for (let n = random() < 0.1 ? 3 : 1; n > 0; n--) {
          const c = oneChange();
          // Each change applies to the text left by the previous one, as LSP specifies.
          if ('range' in c) text = applyEdits(text, [{ range: c.range, newText: c.text }]);
          changes.push(c);
        }
      }
      await client.change(uri, ++version, changes);
      if (i % REQUEST_EVERY === 0) {
        const position = randomPosition();
        const request = pick(requests)(position);
        const timeout = new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`request after edit ${i} unanswered (seed ${SEED})`)), REQUEST_TIMEOUT_MS));
        const t0 = performance.now();
        await Promise.race([request, timeout]);
        latencies.push(performance.now() - t0);
        answered++;
      }
      if (i % CHECKPOINT_EVERY === 0) await checkpoint(i);
    }
    assert.ok(client.alive, 'server alive');
    assert.equal(answered, EDITS / REQUEST_EVERY);
    latencies.sort((a, b) => a - b);
    console.log(`      fuzz (seed ${SEED}): ${EDITS} edits, ${answered} requests answered, ${checkpoints} checkpoints equal to a fresh open; request latency median ${latencies[Math.floor(latencies.length / 2)].toFixed(1)} ms, p95 ${latencies[Math.ceil(latencies.length * 0.95) - 1].toFixed(1)} ms, max ${latencies[latencies.length - 1].toFixed(1)} ms`);
    assert.deepEqual(internalErrors, [], 'no internal errors logged');

    /** The incrementally edited document and a fresh open of the same text publish the same diagnostics. */
    async function checkpoint(i: number): Promise<void> {
      const v = version;
      const edited = await client.waitForAnalysis(uri, v, 20_000);
      const freshUri = fixtureUri(`fuzz_fresh_${i}.py`);
      const pending = client.waitForDiagnostics(freshUri, undefined, 20_000);
      await client.open(freshUri, text);
      const fresh = await pending;
      await client.close(freshUri);
      const strip = (ds: typeof fresh.diagnostics) => ds.map((d) => ({ code: d.code, range: d.range, message: d.message }));
      assert.deepEqual(strip(edited.diagnostics), strip(fresh.diagnostics), `checkpoint after edit ${i} (seed ${SEED}): text was\n${text}`);
      checkpoints++;
    }
  });
});
