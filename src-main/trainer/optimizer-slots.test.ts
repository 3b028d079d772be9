/** The memory budget's optimizer slots (src-shared/training/memory-budget.ts), checked against what tf.train really keeps. */
import { describe, expect, it } from 'vitest';
import { OPTIMIZERS } from '../../src-shared/training/settings';
import { OPTIMIZER_SLOTS } from '../../src-shared/training/memory-budget';
import { useBackend } from './backend';
import { OPTIMIZER_FACTORIES } from './optimizers';

describe('optimizer state', () => {
  it.each(OPTIMIZERS)('%s keeps as many floats per weight as the budget counts', async (name) => {
    const { tf } = await useBackend('cpu');
    const v = tf.variable(tf.ones([5, 7]), true, `slots-${name}`);
    const optimizer = OPTIMIZER_FACTORIES[name](tf, 0.01);
    const before = tf.memory().numBytes;
    tf.tidy(() => optimizer.applyGradients({ [v.name]: tf.fill([5, 7], 0.5) }));
    // What stays after one step, beyond the variable itself (updated in place), is the optimizer's slots.
    expect(tf.memory().numBytes - before).toBe(OPTIMIZER_SLOTS[name] * 35 * 4);
    optimizer.dispose();
    v.dispose();
  });
});
