/**
 * A shard worker: a replica of the session's model on its own wasm backend (see protocol.ts). It computes a shard's
 * loss, gradients and outputs when asked, and applies the averaged gradients the session hands out.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { NamedTensorMap, Tensor2D } from '@tensorflow/tfjs-core';
import { useBackend } from '../backend';
import { buildModel } from '../model';
import { OPTIMIZER_FACTORIES } from '../optimizers';
import type { ShardCommand, ShardReply, ShardWorkerData } from './protocol';

const data = workerData as ShardWorkerData;
const port = parentPort!;
const reply = (m: ShardReply) => port.postMessage(m);

try {
  const { tf } = await useBackend('wasm');
  const model = buildModel(tf, data.layers, data.seed);
  const optimizer = OPTIMIZER_FACTORIES[data.optimizer](tf, data.learningRate);
  const sizes = model.variables.map((v) => v.size);
  const gradientSize = sizes.reduce((a, b) => a + b, 0);
  const control = new Int32Array(data.control);
  const result = new Float32Array(data.result);
  const averaged = new Float32Array(data.averaged);

  port.on('message', (command: ShardCommand) => {
    if (command.type === 'exit') {
      model.dispose();
      optimizer.dispose();
      port.close();
      return;
    }
    if (command.type === 'apply') {
      tf.tidy(() => {
        const named: NamedTensorMap = {};
        let at = 0;
        model.variables.forEach((v, i) => {
          named[v.name] = tf.tensor(averaged.subarray(at, at + sizes[i]!), v.shape);
          at += sizes[i]!;
        });
        optimizer.applyGradients(named);
      });
      return;
    }
    // A batch smaller than the threads (an epoch's last) leaves some shards empty: they weigh nothing.
    if (command.n === 0) result.fill(0, 0, 1 + gradientSize);
    else tf.tidy(() => {
      const x = tf.tensor2d(command.x, [data.featureSize, command.n]);
      const t = tf.tensor2d(command.y, [data.outputUnits, command.n]);
      const step = model.lossAndGradients(x, t, data.loss, { training: true, dropoutSeed: command.dropoutSeed });
      result[0] = step.loss.dataSync()[0]!;
      let at = 1;
      for (const v of model.variables) {
        result.set(step.gradients[v.name]!.dataSync() as Float32Array, at);
        at += v.size;
      }
      result.set((step.output as Tensor2D).dataSync() as Float32Array, at);
    });
    Atomics.store(control, 0, command.seq);
    Atomics.notify(control, 0);
  });
  reply({ type: 'ready', params: model.params, gradientSize });
} catch (e) {
  reply({ type: 'failed', message: e instanceof Error ? e.message : String(e) });
}
