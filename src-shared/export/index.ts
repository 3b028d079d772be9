/**
 * Code export: a project document as source text a person runs unchanged, in Keras, PyTorch or TensorFlow.js.
 * Pure: the app previews it and the CLI writes it, from the same function.
 */
import type { NetworkDocument } from '../graph/document';
import { kerasSource } from './keras';
import { fileStem } from './literals';
import { planExport } from './plan';
import { pytorchSource } from './pytorch';
import { tfjsSource } from './tfjs';

export const EXPORT_TARGETS = ['keras', 'pytorch', 'tfjs'] as const;
export type ExportTarget = (typeof EXPORT_TARGETS)[number];

export const EXPORT_TARGET_TITLES: Readonly<Record<ExportTarget, string>> = {
  keras: 'Keras (Python)',
  pytorch: 'PyTorch (Python)',
  tfjs: 'TensorFlow.js',
};

/** What a saved file is called: `lecture-3-4-1-keras.py`, `lecture-3-4-1-pytorch.py`, `lecture-3-4-1.mjs`. */
export function exportFileName(networkName: string, target: ExportTarget): string {
  const stem = fileStem(networkName);
  return target === 'tfjs' ? `${stem}.mjs` : `${stem}-${target}.py`;
}

export type ExportResult = { readonly ok: true; readonly text: string; readonly fileName: string } | { readonly ok: false; readonly error: string };

const SOURCES = { keras: kerasSource, pytorch: pytorchSource, tfjs: tfjsSource } as const;

export function exportCode(doc: NetworkDocument, target: ExportTarget): ExportResult {
  const planned = planExport(doc);
  if (!planned.ok) return planned;
  return { ok: true, text: SOURCES[target](planned.plan), fileName: exportFileName(doc.name, target) };
}

export { planExport } from './plan';
export { pytorchCountDifferences } from './pytorch';
