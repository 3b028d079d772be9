/**
 * The editor: the document's undo history, the selection and the bias switch.
 * Every edit goes through a command from src-shared/graph/commands.ts and the
 * history decides when it is captured; counts and shapes are derived, never stored.
 */
import { EditError, insertLayer, moveLayer, removeLayer, renameDocument, updateLayer, type LayerPatch } from '../../src-shared/graph/commands';
import { countsBiases, emptyDocument, type NetworkDocument } from '../../src-shared/graph/document';
import { apply, canRedo, canUndo, commit, createHistory, redo, undo, type Capture, type History } from '../../src-shared/graph/history';
import { parseProject } from '../../src-shared/graph/project-file';
import { summarize } from '../../src-shared/graph/summary';
import { findTemplate, templateNote, type Template } from '../../src-shared/graph/templates';
import type { Layer, LayerKind } from '../../src-shared/layers/registry';
import type { TrainingSettings } from '../../src-shared/training/settings';

export type Notice = { readonly kind: 'error' | 'info'; readonly text: string };

export class EditorState {
  /** Immutable documents replaced whole on each edit. */
  history = $state.raw<History>(createHistory(emptyDocument()));
  selectedId = $state<string | null>(null);
  notice = $state<Notice | null>(null);

  readonly doc: NetworkDocument = $derived(this.history.present);
  readonly layers: readonly Layer[] = $derived(this.doc.layers);
  /** The bias switch is part of the document: saved with it, and undone with it. */
  readonly countBiases: boolean = $derived(countsBiases(this.doc));
  readonly summary = $derived(summarize(this.layers, { countBiases: this.countBiases }));
  readonly selectedIndex = $derived(this.layers.findIndex((l) => l.id === this.selectedId));
  readonly selected: Layer | null = $derived(this.layers[this.selectedIndex] ?? null);
  readonly canUndo = $derived(canUndo(this.history));
  readonly canRedo = $derived(canRedo(this.history));

  /** Training settings that came with the last template or file; the training panel picks them up. */
  onTrainingSettings: (settings: Partial<TrainingSettings>) => void = () => {};
  /** A template replaced the document: it belongs to no file any more (document-file.svelte.ts listens). */
  onTemplateLoaded: () => void = () => {};

  constructor(doc: NetworkDocument = emptyDocument()) {
    this.history = createHistory(doc);
  }

  private change(next: NetworkDocument, capture: Capture = 'now'): void {
    this.history = apply(this.history, next, capture);
    // The template's note belongs to the template: once edited away, it says so rather than keep stale counts.
    if (this.template && this.notice?.kind === 'info' && this.notice.text.startsWith(this.template.title)) {
      this.notice = { kind: 'info', text: templateNote(this.template, next) };
    }
  }

  /** The template last loaded, for its note. */
  private template: Template | null = null;

  private attempt(edit: () => void): boolean {
    try {
      edit();
      return true;
    } catch (e) {
      if (e instanceof EditError) {
        this.notice = { kind: 'error', text: e.message };
        return false;
      }
      throw e;
    }
  }

  /** Adds a layer of `kind` at `index` (the end when absent) and selects it. */
  add(kind: LayerKind, index: number = this.layers.length): Layer | null {
    let added: Layer | null = null;
    this.attempt(() => {
      const { doc, layer } = insertLayer(this.doc, kind, index);
      this.change(doc);
      added = layer;
      this.selectedId = layer.id;
    });
    return added;
  }

  remove(id: string | null = this.selectedId): void {
    if (!id) return;
    const at = this.layers.findIndex((l) => l.id === id);
    if (at < 0) return;
    this.change(removeLayer(this.doc, id));
    if (this.selectedId === id) this.selectedId = this.layers[Math.min(at, this.layers.length - 1)]?.id ?? null;
  }

  /** Moves a layer to `toIndex`; a drag passes 'later' while it moves and calls `commit` when it ends. */
  move(id: string, toIndex: number, capture: Capture = 'now'): void {
    this.change(moveLayer(this.doc, id, toIndex), capture);
  }

  update(id: string, patch: LayerPatch, capture: Capture = 'now'): void {
    this.change(updateLayer(this.doc, id, patch), capture);
  }

  rename(name: string, capture: Capture = 'later'): void {
    this.change(renameDocument(this.doc, name), capture);
  }

  /** Ends an edit begun with capture 'later' as one undo step. */
  commit(): void {
    this.history = commit(this.history);
  }

  setCountBiases(on: boolean): void {
    if (on !== this.countBiases) this.change({ ...this.doc, countBiases: on });
  }

  undo(): void {
    this.history = undo(this.history);
    this.afterTravel();
  }

  redo(): void {
    this.history = redo(this.history);
    this.afterTravel();
  }

  private afterTravel(): void {
    if (this.selectedId && !this.layers.some((l) => l.id === this.selectedId)) this.selectedId = null;
  }

  /** Replaces the document with a lecture template, as one undoable step. */
  loadTemplate(idOrTemplate: string | Template): boolean {
    const t = typeof idOrTemplate === 'string' ? findTemplate(idOrTemplate) : idOrTemplate;
    if (!t) {
      this.notice = { kind: 'error', text: `There is no template "${String(idOrTemplate)}".` };
      return false;
    }
    this.template = null;
    this.change(t.doc);
    this.selectedId = null;
    this.template = t;
    this.notice = { kind: 'info', text: templateNote(t, t.doc) };
    if (t.doc.training) this.onTrainingSettings(t.doc.training);
    this.onTemplateLoaded();
    return true;
  }

  select(id: string | null): void {
    this.selectedId = id;
  }

  /** Moves the selection by `delta` layers, wrapping at neither end; selects the first layer when none is. */
  selectBy(delta: number): void {
    if (this.layers.length === 0) return;
    const at = this.selectedIndex < 0 ? (delta > 0 ? 0 : this.layers.length - 1) : Math.max(0, Math.min(this.layers.length - 1, this.selectedIndex + delta));
    this.selectedId = this.layers[at]!.id;
  }

  /** Loads project text as one undoable step; a bad file leaves the current document as it was and says why. */
  loadProjectText(name: string, text: string): boolean {
    const r = parseProject(text);
    if (!r.ok) {
      this.notice = { kind: 'error', text: `${name} could not be opened. ${r.error}` };
      return false;
    }
    this.change(r.doc);
    this.selectedId = null;
    this.notice = { kind: 'info', text: `Opened ${name}.` };
    if (r.doc.training) this.onTrainingSettings(r.doc.training);
    return true;
  }
}
