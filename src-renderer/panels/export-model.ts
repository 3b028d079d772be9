/**
 * The Export menu's "Trained model…" (issue 11): asks the trainer for the
 * trained network as a TensorFlow.js layers model. The files never cross to
 * the page whole through the contract: Electron's main asks for a folder and
 * writes them; the web host holds them under an id the browser host fetches.
 */
import { formatCount } from '../../src-shared/format';
import type { Host } from '../host/host';
import type { RunStatus } from '../state/training.svelte';

export interface ExportNotice {
  readonly kind: 'info' | 'error';
  readonly text: string;
}

/** Why the entry is off, as its title says it; null when a run has trained and is paused or done. */
export function exportModelBlocked(training: { readonly step: number; readonly status: RunStatus }): string | null {
  if (training.step > 0 && (training.status === 'paused' || training.status === 'done')) return null;
  if (training.status === 'running' || training.status === 'starting') return 'Pause or stop training first: the model is saved from a paused or finished run.';
  return 'Train the network first: the trained model is saved once a run has trained.';
}

export const EXPORT_MODEL_TITLE = 'Save the trained network as a TensorFlow.js model (model.json and weights.bin) that tf.loadLayersModel loads.';

const bytes = (n: number) => (n < 1024 * 1024 ? `${formatCount(Math.ceil(n / 1024))} KB` : `${(n / (1024 * 1024)).toFixed(1)} MB`);

export async function exportTrainedModel(host: Host, progress: (notice: ExportNotice) => void): Promise<ExportNotice> {
  progress({ kind: 'info', text: 'Saving the trained model as a TensorFlow.js model…' });
  try {
    const r = await host.trainer.request('exportModel', {});
    if (r.cancelled) return { kind: 'info', text: 'The trained model was not saved.' };
    const names = r.files.map((f) => f.name);
    const what = `${names.join(' and ')} (${formatCount(r.params)} parameters, ${bytes(r.files.reduce((n, f) => n + f.bytes, 0))})`;
    if (r.savedIn) return { kind: 'info', text: `Saved the trained model in ${r.savedIn}: ${what}; load it with tf.loadLayersModel.` };
    if (r.downloadId && host.downloadModel) {
      progress({ kind: 'info', text: `Downloading ${what}…` });
      await host.downloadModel(r.downloadId, names);
      return { kind: 'info', text: `Downloaded the trained model: ${what}; keep the two files in one folder and load model.json with tf.loadLayersModel.` };
    }
    return { kind: 'error', text: 'This window cannot hand files over; save the model with `densely train ... --save-model DIR` instead.' };
  } catch (e) {
    const message = (e as Error).message;
    return { kind: 'error', text: `The trained model could not be saved: ${message.charAt(0).toLowerCase()}${message.slice(1)}` };
  }
}
