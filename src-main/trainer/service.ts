/**
 * The trainer service: implements every request of the contract for one
 * connected window and emits its events. Transport-agnostic: IPC, the
 * WebSocket server, the CLI and tests all drive it through these handlers.
 */
import type { Emit, Handlers } from '../transport/dispatcher';

export interface ServiceOptions {
  /** Forces a backend (CLI --backend, settings); otherwise the best that loads. */
  readonly backend?: string;
  /** Where uploaded CSVs wait to be imported (web host); id -> path. */
  readonly resolveUpload?: (uploadId: string) => string | undefined;
}

export interface TrainerService {
  readonly handlers: Handlers;
  /** Stops any run and frees tensors; called when the window or socket goes away. */
  dispose(): void;
}

export function createTrainerService(emit: Emit, options: ServiceOptions = {}): TrainerService {
  void emit;
  void options;
  const notYet = async (): Promise<never> => {
    throw new Error('The trainer is not built yet.');
  };
  return {
    handlers: {
      train: notYet,
      pause: notYet,
      resume: notYet,
      step: notYet,
      stop: notYet,
      setProbe: notYet,
      predict: notYet,
      evaluate: notYet,
      listDatasets: async () => ({ datasets: [] }),
      importCsv: notYet,
      backendInfo: notYet,
    },
    dispose() {},
  };
}
