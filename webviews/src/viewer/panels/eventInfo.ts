/**
 * DOM describing one event, shared by the hover card and the details panel: opcode and kind,
 * timing (start, duration, stall), operands with role, buffer, dtype, shape and bytes, the source
 * line and loop iterations. Text only through textContent (no HTML strings, CSP-safe).
 */
import type { ProfileEvent } from '../../../../simulator/src/profile/schema';
import { trackLabel } from '../data/dataset';
import { formatBytes, formatNs, formatShape, formatSource } from '../../../../simulator/src/profile/format';

export function el<K extends keyof HTMLElementTagNameMap>(tag: K, className?: string, text?: string): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  if (className) e.className = className;
  if (text !== undefined) e.textContent = text;
  return e;
}

/** `m=1, n=0`; a loop the tracer could not name (empty variable) shows as `loop 2: 0`. */
export function loopsText(ev: ProfileEvent): string {
  return ev.loops.map((l, i) => `${l.variable ? `${l.variable}=` : `loop ${i + 1}: `}${l.iteration ?? '?'}`).join(', ');
}

export function eventBytes(ev: ProfileEvent): number {
  return ev.operands.reduce((sum, o) => sum + (o.bytes ?? 0), 0);
}

/** A definition list of the event's facts. */
export function eventFacts(ev: ProfileEvent): HTMLDListElement {
  const dl = el('dl', 'nki-facts');
  const add = (term: string, value: string): void => { dl.append(el('dt', undefined, term), el('dd', undefined, value)); };
  add('Engine', trackLabel(ev.track));
  add('Start', formatNs(ev.startNs));
  add('Duration', formatNs(ev.durNs));
  add('Stall', ev.stallNs > 0 ? formatNs(ev.stallNs) : 'none');
  const bytes = eventBytes(ev);
  if (bytes > 0) add('Bytes', formatBytes(bytes));
  add('Source', formatSource(ev.source));
  if (ev.loops.length > 0) add('Iteration', loopsText(ev));
  return dl;
}

export function operandTable(ev: ProfileEvent): HTMLTableElement | null {
  if (ev.operands.length === 0) return null;
  const table = el('table', 'nki-operands');
  const head = table.createTHead().insertRow();
  for (const h of ['', 'name', 'buffer', 'dtype', 'shape', 'bytes']) head.append(el('th', undefined, h));
  const body = table.createTBody();
  for (const op of ev.operands) {
    const row = body.insertRow();
    const role = op.role === 'read' ? 'in' : op.role === 'write' ? 'out' : 'in/out';
    for (const text of [role, op.name || op.param, op.buffer.toUpperCase(), op.dtype, formatShape(op.shape), formatBytes(op.bytes)]) {
      row.insertCell().textContent = text;
    }
  }
  return table;
}

/** A title line: opcode and kind. */
export function eventTitle(ev: ProfileEvent): HTMLElement {
  const title = el('div', 'nki-event-title');
  title.append(el('strong', 'nki-opcode', ev.opcode), el('span', 'nki-kind', ev.kind));
  return title;
}

/** One sentence for screen readers. */
export function eventSentence(ev: ProfileEvent): string {
  const loops = ev.loops.length ? `, iteration ${loopsText(ev)}` : '';
  return `${ev.opcode} on ${trackLabel(ev.track)} at ${formatNs(ev.startNs)} for ${formatNs(ev.durNs)}, ${formatSource(ev.source)}${loops}`;
}

/**
 * `file.py:LINE` for table cells, with the middle of a long file name elided so the line number
 * always shows (the full path goes in the title).
 */
export function shortSource(src: { path: string; line: number }, maxChars = 26): string {
  const full = formatSource(src);
  if (full.length <= maxChars) return full;
  const colon = full.lastIndexOf(':');
  const name = full.slice(0, colon);
  const keep = Math.max(4, maxChars - (full.length - colon) - 1);
  const head = Math.ceil(keep / 2);
  return `${name.slice(0, head)}…${name.slice(name.length - (keep - head))}${full.slice(colon)}`;
}
