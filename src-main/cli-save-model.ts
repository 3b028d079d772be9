/**
 * `densely train ... --save-model DIR`: the trained network as a TensorFlow.js
 * layers model (issue 11), written once training has completed.
 */
import { formatCount } from '../src-shared/format';
import { MODEL_JSON, WEIGHTS_BIN, writeModelFiles } from './trainer/model-export';
import type { TrainerService } from './trainer/service';

/** Why a write failed, in words, for the codes a person can act on. */
const WRITE_FAILURES: Readonly<Record<string, string>> = {
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EROFS: 'the disk is read-only',
  ENOSPC: 'the disk is full',
  EEXIST: 'a file has that name',
  ENOTDIR: 'a file has that name',
  EISDIR: 'a folder has that name',
};

export async function saveTrainedModel(service: TrainerService, dir: string, json: boolean): Promise<void> {
  const files = await service.trainedModelFiles();
  try {
    await writeModelFiles(dir, files);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const reason = (code && WRITE_FAILURES[code]) ?? (e as Error).message;
    throw new Error(`The model could not be saved in ${dir} (${reason}); choose another folder with --save-model.`);
  }
  if (json) {
    process.stdout.write(JSON.stringify({ event: 'saved', dir, files: [MODEL_JSON, WEIGHTS_BIN], params: files.params, weightsBytes: files.weights.byteLength }) + '\n');
  } else {
    process.stdout.write(
      `Saved the trained model in ${dir}: ${MODEL_JSON} and ${WEIGHTS_BIN} (${formatCount(files.params)} parameters); load it with tf.loadLayersModel.\n`,
    );
  }
}
