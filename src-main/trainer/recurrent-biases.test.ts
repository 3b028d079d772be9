/**
 * What is counted is what trains, for the recurrent kinds: a project that leaves biases out trains SimpleRNN, GRU
 * and LSTM layers without them, so the trainer's `started` params (the sizes of the variables its ops built) equal
 * the summary table's total. Expected
 * totals are worked out by hand in the comments.
 */
import { describe, expect, it } from 'vitest';
import type { NetworkDocument } from '../../src-shared/graph/document';
import { summarize } from '../../src-shared/graph/summary';
import { trainedLayers } from '../../src-shared/graph/trained-network';
import { harness, settings } from './test-harness';

// XOR's two inputs read as a sequence of 2 steps of 1 feature, through all three recurrent kinds.
const doc = (countBiases: boolean): NetworkDocument => ({
  name: 'Recurrent XOR',
  countBiases,
  layers: [
    { kind: 'input', id: 'in', shape: [2] },
    { kind: 'reshape', id: 'steps', targetShape: [2, 1] },
    { kind: 'simpleRnn', id: 'rnn', units: 4, returnSequences: true, useBias: true },
    { kind: 'gru', id: 'gru', units: 3, returnSequences: true, useBias: true },
    { kind: 'lstm', id: 'lstm', units: 2, returnSequences: false, useBias: true },
    { kind: 'dense', id: 'out', units: 1, activation: 'sigmoid', useBias: true },
  ],
});

async function startedParams(d: NetworkDocument): Promise<number> {
  const h = harness();
  await h.service.handlers.train({ network: { name: d.name, layers: trainedLayers(d) }, settings: settings({ dataset: 'xor', loss: 'bce', epochs: 1 }), stream: false, startPaused: true });
  const started = await h.waitFor('started');
  await h.service.handlers.stop({});
  await h.waitFor('done');
  h.service.dispose();
  return started.params;
}

describe('recurrent layers train what the table counts', () => {
  it('biases left out: 4 x (1 + 4) + 3 x 3 x (4 + 3) + 4 x 2 x (3 + 2) + 2 x 1 = 20 + 63 + 40 + 2 = 125, in the table and the trainer', async () => {
    const d = doc(false);
    expect(summarize(d.layers, { countBiases: false }).totals.params).toBe(125);
    expect(await startedParams(d)).toBe(125);
  });

  it('biases counted: 125 + 4 + 3 x 2 x 3 + 4 x 2 + 1 = 156, in the table and the trainer', async () => {
    const d = doc(true);
    expect(summarize(d.layers).totals.params).toBe(156);
    expect(await startedParams(d)).toBe(156);
  });
});
