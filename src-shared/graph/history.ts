/**
 * Undo and redo over immutable documents. Because edits share untouched
 * layers, keeping the previous document is as cheap as keeping an inverse
 * command, and it cannot drift out of step with the edit.
 *
 * As in Excalidraw, each change says when history captures it: `now`
 * (adding a layer), `later` (a drag or a typed number: one entry once it ends,
 * via `commit`), or `never` (state that is not the document's, such as
 * streamed activations, never passes through here at all).
 */
import type { NetworkDocument } from './document';

export const HISTORY_LIMIT = 200;

export interface History {
  readonly past: readonly NetworkDocument[];
  readonly present: NetworkDocument;
  readonly future: readonly NetworkDocument[];
  /** The document before an edit that is still under way, if any. */
  readonly pending: NetworkDocument | null;
}

export type Capture = 'now' | 'later';

export function createHistory(doc: NetworkDocument): History {
  return { past: [], present: doc, future: [], pending: null };
}

export function apply(h: History, next: NetworkDocument, capture: Capture = 'now'): History {
  if (next === h.present) return h;
  if (capture === 'later') return { ...h, present: next, pending: h.pending ?? h.present, future: [] };
  const before = h.pending ?? h.present;
  return { past: [...h.past, before].slice(-HISTORY_LIMIT), present: next, future: [], pending: null };
}

/** Closes an edit begun with capture 'later' into one undo step. */
export function commit(h: History): History {
  if (!h.pending) return h;
  if (h.pending === h.present) return { ...h, pending: null };
  return { past: [...h.past, h.pending].slice(-HISTORY_LIMIT), present: h.present, future: h.future, pending: null };
}

export function undo(h: History): History {
  const settled = commit(h);
  const prev = settled.past.at(-1);
  if (!prev) return settled;
  return { past: settled.past.slice(0, -1), present: prev, future: [settled.present, ...settled.future], pending: null };
}

export function redo(h: History): History {
  const settled = commit(h);
  const next = settled.future[0];
  if (!next) return settled;
  return { past: [...settled.past, settled.present], present: next, future: settled.future.slice(1), pending: null };
}

export const canUndo = (h: History) => h.past.length > 0 || (h.pending !== null && h.pending !== h.present);
export const canRedo = (h: History) => h.future.length > 0;
