/**
 * The document as a file: its name, where it was saved (an id the host
 * handed out), whether it differs from what was saved, and the recovery copy
 * that keeps unsaved work through a crash or a reload. "Unsaved" compares
 * the project text with the text last saved or opened, so undoing back to
 * the saved network clears the mark.
 */
import { serializeProject } from '../../src-shared/graph/project-file';
import type { NetworkDocument } from '../../src-shared/graph/document';
import type { TrainingSettings } from '../../src-shared/training/settings';
import type { Host, OpenedProject, RecentFile } from '../host/host';
import type { EditorState } from './editor.svelte';
import { openLayersModel } from '../../src-shared/import/open-model';
import type { DrawnWeights } from '../../src-shared/import/layers-weights';

/** What the recovery copy keeps beside the project itself (an extra key that project files ignore). */
interface RecoveryNote {
  readonly fileName: string | null;
  /** When the copy was written, ms since 1970. */
  readonly writtenAt: number;
}

export interface RecoveryOffer {
  readonly fileName: string | null;
  readonly networkName: string;
  readonly writtenAt: Date;
  readonly text: string;
}

const NOTE_KEY = 'recoveredFrom';

/** How often unsaved work is copied: an edit is in the recovery copy within this time, and the issue asks for 2 s. */
export const RECOVERY_INTERVAL_MS = 1000;

export class DocumentFile {
  /** The file's own name (never a path); null until the document is saved or opened. */
  fileName = $state<string | null>(null);
  /** Where the host can save again without asking (Electron); null asks. */
  location = $state<string | null>(null);
  /** The project text as last saved or opened. */
  savedText = $state('');
  /** A recovery copy found at start, until the person restores or discards it. */
  offer = $state.raw<RecoveryOffer | null>(null);
  recent = $state.raw<readonly RecentFile[]>([]);
  /** Where an opened model.json's weights go to be drawn (issue 11); the app points it at the training state. */
  onModelWeights: (weights: ReadonlyMap<string, DrawnWeights> | null) => void = () => {};

  /** The project text a save would write now. */
  readonly text: string = $derived(serializeProject(this.current()));
  readonly dirty: boolean = $derived(this.text !== this.savedText);
  readonly displayName: string = $derived(this.fileName ?? 'Untitled');
  readonly title: string = $derived(`${this.dirty ? '• ' : ''}${this.displayName} — Densely`);

  /** The project text the recovery copy holds now; null when there is none. */
  private copied: string | null = null;
  private writing = false;
  private warned = false;
  private timer: ReturnType<typeof setInterval> | null = null;

  constructor(
    private readonly host: Host,
    private readonly editor: EditorState,
    private readonly settings: () => Partial<TrainingSettings>,
  ) {
    this.savedText = this.text;
    editor.onTemplateLoaded = () => {
      // A template is a new, untitled network; saving it must not overwrite the file it replaced.
      this.fileName = null;
      this.location = null;
    };
  }

  private current(): NetworkDocument {
    return { ...this.editor.doc, training: $state.snapshot(this.settings()), countBiases: this.editor.countBiases } as NetworkDocument;
  }

  /** Looks for a recovery copy, lists recent files and starts copying unsaved work. */
  async start(intervalMs = RECOVERY_INTERVAL_MS): Promise<void> {
    let raw: string | null = null;
    try {
      raw = await this.host.recovery.read();
    } catch {
      // An unreadable copy is as good as none; there is nothing to offer.
    }
    this.offer = raw ? describeRecovery(raw) : null;
    void this.refreshRecent();
    this.timer ??= setInterval(() => void this.keepRecovery(), intervalMs);
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /**
   * Writes the recovery copy when the document has unsaved changes not yet
   * copied, and deletes it once there are none. Waits while a found copy is
   * still on offer, so that new edits never overwrite it unseen.
   */
  async keepRecovery(): Promise<void> {
    if (this.writing || this.offer) return;
    this.writing = true;
    try {
      const text = this.text;
      if (this.dirty) {
        if (text !== this.copied) {
          await this.host.recovery.write(this.recoveryCopy(text));
          this.copied = text;
        }
      } else if (this.copied !== null) {
        await this.host.recovery.clear();
        this.copied = null;
      }
    } catch (e) {
      if (!this.warned) this.editor.notice = { kind: 'error', text: (e as Error).message };
      this.warned = true;
    } finally {
      this.writing = false;
    }
  }

  /** The project text with a note of its file and time, a key project files ignore. */
  private recoveryCopy(text: string): string {
    const note: RecoveryNote = { fileName: this.fileName, writtenAt: Date.now() };
    return JSON.stringify({ ...(JSON.parse(text) as object), [NOTE_KEY]: note }, null, 2) + '\n';
  }

  /**
   * For a page about to unload: a copy of clean work is deleted at once, and
   * the last edits of unsaved work are copied at once where `writesAreSync`
   * (the page's localStorage). An async write could land after Electron's
   * Don't Save deleted the copy, so Electron relies on the last tick's copy.
   */
  flushRecovery(writesAreSync: boolean): void {
    const text = this.text;
    if (this.offer) return;
    if (!this.dirty) {
      if (this.copied !== null) void this.host.recovery.clear().catch(() => {});
      this.copied = null;
    } else if (writesAreSync && text !== this.copied) {
      void this.host.recovery.write(this.recoveryCopy(text)).catch(() => {});
      this.copied = text;
    }
  }

  async restore(): Promise<void> {
    const offer = this.offer;
    if (!offer) return;
    if (!this.editor.loadProjectText(offer.fileName ?? 'The recovery copy', offer.text)) {
      // A copy that no longer loads is kept on disk only until the person discards it.
      return;
    }
    this.offer = null;
    this.fileName = offer.fileName;
    this.location = null;
    this.copied = null;
    const when = offer.writtenAt.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
    this.editor.notice = { kind: 'info', text: `Restored your unsaved work from ${when}; save it to keep it.` };
    await this.keepRecovery();
  }

  async discard(): Promise<void> {
    this.offer = null;
    this.copied = null;
    try {
      await this.host.recovery.clear();
    } catch (e) {
      this.editor.notice = { kind: 'error', text: (e as Error).message };
    }
    await this.keepRecovery();
  }

  async open(): Promise<void> {
    try {
      const file = await this.host.openProject();
      if (file) this.adopt(file);
    } catch (e) {
      this.editor.notice = { kind: 'error', text: (e as Error).message };
    }
  }

  async openRecent(id: string): Promise<void> {
    if (!this.host.recentFiles) return;
    try {
      this.adopt(await this.host.recentFiles.open(id));
    } catch (e) {
      this.editor.notice = { kind: 'error', text: (e as Error).message };
    }
    await this.refreshRecent();
  }

  /** A project the system asked to open (Electron: the file manager, `densely FILE`): as Open, without the dialog. */
  openedBySystem(file: OpenedProject | { readonly error: string }): void {
    if ('error' in file) this.editor.notice = { kind: 'error', text: file.error };
    else this.adopt(file);
  }

  private adopt(file: OpenedProject): void {
    // A TensorFlow.js or Keras model.json opens as a new, untitled network: Save must never write a project over it.
    const model = openLayersModel(file.name, file.text, file.weightFiles, file.weightNote);
    if (model) {
      if ('error' in model) {
        this.editor.notice = { kind: 'error', text: model.error };
        return;
      }
      if (!this.editor.loadProjectText(file.name, model.projectText)) return;
      this.fileName = null;
      this.location = null;
      this.savedText = this.text;
      this.editor.notice = { kind: 'info', text: model.sentence };
      this.onModelWeights(model.weights);
      return;
    }
    if (!this.editor.loadProjectText(file.name, file.text)) return;
    this.fileName = file.name;
    this.location = file.location ?? null;
    this.savedText = this.text;
    void this.keepRecovery();
    void this.refreshRecent();
  }

  /** Saves where the file already lives, asking only when it has no place yet; true once saved. */
  save(): Promise<boolean> {
    return this.write(this.location);
  }

  /** Asks where, always (Ctrl+Shift+S). */
  saveAs(): Promise<boolean> {
    return this.write(null);
  }

  private async write(location: string | null): Promise<boolean> {
    const text = this.text;
    const suggested = this.fileName ?? `${(this.editor.doc.name || 'network').replace(/[^\w.-]+/g, '-').toLowerCase()}.densely.json`;
    try {
      const saved = await this.host.saveProject(suggested, text, location);
      if (!saved) return false;
      this.fileName = saved.name;
      this.location = saved.location ?? null;
      // What was written, not what is on screen now: edits made while the dialog was open stay unsaved.
      this.savedText = text;
      this.editor.notice = { kind: 'info', text: `Saved ${saved.name}.` };
    } catch (e) {
      this.editor.notice = { kind: 'error', text: (e as Error).message };
      return false;
    }
    await this.keepRecovery();
    void this.refreshRecent();
    return true;
  }

  async refreshRecent(): Promise<void> {
    if (!this.host.recentFiles) return;
    try {
      this.recent = await this.host.recentFiles.list();
    } catch {
      // The menu keeps the list it had; opening from it says what went wrong.
    }
  }
}

/** Reads what a recovery copy says about itself; null for a copy too damaged to offer. */
export function describeRecovery(raw: string): RecoveryOffer | null {
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    return null;
  }
  if (typeof parsed !== 'object' || parsed === null) return null;
  // The note comes off before the project is loaded, so that the copy loads even if project files turn strict about keys.
  const { [NOTE_KEY]: found, ...project } = parsed as Record<string, unknown>;
  const note = (typeof found === 'object' && found !== null ? found : {}) as Partial<RecoveryNote>;
  return {
    fileName: typeof note.fileName === 'string' ? note.fileName : null,
    networkName: typeof project.name === 'string' ? project.name : 'a network',
    writtenAt: new Date(typeof note.writtenAt === 'number' ? note.writtenAt : 0),
    text: JSON.stringify(project),
  };
}
