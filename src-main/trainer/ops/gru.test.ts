/**
 * GRU's hand-written backward pass against tf's autodiff of its forward pass
 * (cpu), and on wasm against cpu; the same checks op-gradients.test.ts makes
 * of the other recurrent ops.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Tensor, Tensor2D, Variable } from '@tensorflow/tfjs-core';
import { createRandom } from '../../data/random';
import { makeCurrent, useBackend, type Tf } from '../backend';
import { gruOp } from './gru';

let tf: Tf;
beforeAll(async () => {
  await useBackend('wasm');
  ({ tf } = await useBackend('cpu'));
});

const BATCH = 4;
let count = 0;

function run(returnSequences: boolean, useBias: boolean, transposeFlags: boolean, reference: boolean) {
  const [steps, features, units] = [4, 3, 5];
  const op = gruOp({ kind: 'gru', id: 'g', units, returnSequences, useBias }, [steps, features], returnSequences ? [steps, units] : [units], {
    tf,
    random: createRandom(5),
    name: `gru${++count}`,
    transposeFlags,
  });
  // Keras's count: 3 x (units x (in + units) + 2 x units) = 3 x (5 x 8 + 10) = 150; without biases 3 x 5 x 8 = 120.
  expect(op.variables.reduce((n, v) => n + v.size, 0)).toBe(useBias ? 150 : 120);
  const result: { mine: Float32Array[]; ref?: Float32Array[] } = { mine: [] };
  tf.tidy(() => {
    const r0 = createRandom(11);
    const x = tf.tensor2d(Float32Array.from({ length: steps * features * BATCH }, () => r0.uniform(-2, 2)), [steps * features, BATCH]);
    const outSize = (returnSequences ? steps : 1) * units;
    const r = tf.tensor2d(Float32Array.from({ length: outSize * BATCH }, () => r0.uniform(-1, 1)), [outSize, BATCH]);
    const step = op.forward(x, { training: true, dropoutSeed: 0 });
    const back = step.backward(r, { inputGrad: true, throughActivation: true });
    result.mine = [step.output, back.input!, ...back.variables].map((t) => t.dataSync() as Float32Array);
    if (reference) {
      const f = (input: Tensor) => tf.sum(tf.mul(op.forward(input as Tensor2D, { training: true, dropoutSeed: 0 }).output, r));
      const vg = tf.variableGrads(() => f(x) as never, op.variables as Variable[]).grads;
      result.ref = [step.output, tf.grad(f)(x), ...op.variables.map((v) => vg[v.name]!)].map((t) => t.dataSync() as Float32Array);
    }
  });
  for (const v of op.variables) v.dispose();
  return result;
}

function expectClose(a: Float32Array[], b: Float32Array[], tolerance: number) {
  expect(a.length).toBe(b.length);
  a.forEach((x, k) => {
    let scale = 1;
    let diff = 0;
    for (let i = 0; i < x.length; i++) {
      scale = Math.max(scale, Math.abs(b[k]![i]!));
      diff = Math.max(diff, Math.abs(x[i]! - b[k]![i]!));
    }
    expect(diff / scale, `tensor ${k}`).toBeLessThan(tolerance);
  });
}

describe('GRU (reset_after)', () => {
  for (const [returnSequences, useBias] of [[false, true], [true, true], [true, false]] as const) {
    const title = `${returnSequences ? ', whole sequence' : ''}${useBias ? '' : ', no biases'}`;
    it(`matches tf autodiff on cpu${title}`, () => {
      makeCurrent(tf, 'cpu');
      for (const flags of [true, false]) {
        const { mine, ref } = run(returnSequences, useBias, flags, true);
        expectClose(mine, ref!, 1e-5);
      }
    });
    it(`agrees on wasm with cpu${title}`, () => {
      makeCurrent(tf, 'cpu');
      const cpu = run(returnSequences, useBias, true, false).mine;
      makeCurrent(tf, 'wasm');
      try {
        expectClose(run(returnSequences, useBias, false, false).mine, cpu, 1e-4);
      } finally {
        makeCurrent(tf, 'cpu');
      }
    });
  }
});
