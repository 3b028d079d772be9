import { describe, expect, it } from 'vitest';
import { ViewState } from './view.svelte';

function memoryStorage() {
  const m = new Map<string, string>();
  return { get: (k: string) => m.get(k) ?? null, set: (k: string, v: string) => void m.set(k, v), m };
}

/** A window whose prefers-color-scheme the test flips, as the system would. */
function fakeWindow(dark: boolean) {
  const listeners = new Set<(e: { matches: boolean }) => void>();
  const query = {
    matches: dark,
    addEventListener: (_t: string, f: (e: { matches: boolean }) => void) => listeners.add(f),
    removeEventListener: (_t: string, f: (e: { matches: boolean }) => void) => listeners.delete(f),
  };
  const win = { matchMedia: () => query } as unknown as Window;
  return { win, flip: (to: boolean) => listeners.forEach((f) => f({ matches: to })), listeners };
}

describe('ViewState', () => {
  it('follows the system until the person chooses, then keeps the choice across a restart', () => {
    const storage = memoryStorage();
    const view = new ViewState(storage);
    const sys = fakeWindow(true);
    const stop = view.followSystem(sys.win);
    expect(view.effectiveTheme).toBe('dark');
    sys.flip(false);
    expect(view.effectiveTheme).toBe('light');
    view.toggleTheme();
    expect(view.effectiveTheme).toBe('dark');
    sys.flip(false);
    expect(view.effectiveTheme).toBe('dark');
    stop();
    expect(sys.listeners.size).toBe(0);
    const again = new ViewState(storage);
    expect(again.theme).toBe('dark');
  });

  it('ignores a stored value it does not know and follows the system', () => {
    const storage = memoryStorage();
    storage.set('densely.theme', 'sepia');
    const view = new ViewState(storage);
    expect(view.theme).toBe('system');
    view.followSystem(fakeWindow(false).win);
    expect(view.effectiveTheme).toBe('light');
  });
});
