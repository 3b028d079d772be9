import { describe, expect, it } from 'vitest';
import { TEMPLATES } from '../../src-shared/graph/templates';
import { harness, settings } from './test-harness';

describe("the lecture's small templates train on spheres as they stand", () => {
  for (const id of ['lecture-3-4-1', 'lecture-3-4-3-2']) {
    it(id, async () => {
      const t = TEMPLATES.find((x) => x.id === id)!;
      const h = harness();
      await h.service.handlers.train({ network: { name: t.doc.name, layers: [...t.doc.layers] }, settings: settings(t.doc.training ?? {}), stream: true, startPaused: false });
      const done = await h.waitFor('done');
      expect(done.reason).toBe('completed');
      expect(h.of('epoch').at(-1)!.valAccuracy).toBeGreaterThan(0.8);
      h.service.dispose();
    });
  }
});
