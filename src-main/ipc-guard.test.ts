import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import {
  APP_ORIGIN,
  FOREIGN_FRAME,
  handleChecked,
  isTrustedFrame,
  isWithinJsonBudget,
  MALFORMED_REQUEST,
  trustedOrigins,
} from './ipc-guard';

type Handler = (event: never, ...args: unknown[]) => Promise<unknown>;

/** An ipcMain stand-in that keeps the registered handler so a test can invoke it as Electron would. */
function fakeIpc() {
  const handlers = new Map<string, Handler>();
  return {
    handle: (channel: string, h: Handler) => void handlers.set(channel, h),
    invoke: (channel: string, frame: unknown, ...args: unknown[]) => handlers.get(channel)!({ senderFrame: frame, sender: {} } as never, ...args),
  };
}

const top = (url: string) => ({ url, parent: null });
const appFrame = top('app://densely/index.html');

describe('trusted origins', () => {
  it('trusts the app, and the dev server only while not packaged and on this machine', () => {
    expect(trustedOrigins(true, undefined)).toEqual(['app://densely']);
    expect(trustedOrigins(true, 'http://localhost:5173/')).toEqual(['app://densely']);
    expect(trustedOrigins(false, 'http://localhost:5173/')).toEqual(['app://densely', 'http://localhost:5173']);
    expect(trustedOrigins(false, 'http://127.0.0.1:5173')).toEqual(['app://densely', 'http://127.0.0.1:5173']);
    // A dev URL pointing off the machine, or at another scheme, or malformed, trusts nothing extra.
    expect(trustedOrigins(false, 'https://evil.example/')).toEqual(['app://densely']);
    expect(trustedOrigins(false, 'file:///tmp/index.html')).toEqual(['app://densely']);
    expect(trustedOrigins(false, 'http://user:pw@localhost:5173/')).toEqual(['app://densely']);
    expect(trustedOrigins(false, 'not a url')).toEqual(['app://densely']);
  });

  it('trusts a top frame of a trusted origin, never a subframe, another host, or a destroyed frame', () => {
    const origins = [APP_ORIGIN];
    expect(isTrustedFrame(appFrame, origins)).toBe(true);
    expect(isTrustedFrame({ url: 'app://densely/index.html', parent: appFrame } as never, origins)).toBe(false);
    expect(isTrustedFrame(top('app://other/index.html'), origins)).toBe(false);
    expect(isTrustedFrame(top('https://densely/'), origins)).toBe(false);
    expect(isTrustedFrame(top('file:///work/out/renderer/index.html'), origins)).toBe(false);
    expect(isTrustedFrame(top('http://localhost:5173/'), origins)).toBe(false);
    expect(isTrustedFrame(top('http://localhost:5173/'), trustedOrigins(false, 'http://localhost:5173'))).toBe(true);
    expect(isTrustedFrame(null, origins)).toBe(false);
    const destroyed = {
      get url(): string {
        throw new Error('Render frame was disposed before WebFrameMain could be accessed');
      },
      parent: null,
    };
    expect(isTrustedFrame(destroyed, origins)).toBe(false);
  });
});

describe('the JSON budget', () => {
  it('measures plain data as its JSON would take, to the byte', () => {
    const samples: unknown[] = [{ type: 'request', id: 3, name: 'setProbe', args: { index: 2 } }, ['é', null, true, [1.5, -2]], 'x'.repeat(50)];
    for (const v of samples) {
      const bytes = Buffer.byteLength(JSON.stringify(v));
      expect(isWithinJsonBudget(v, bytes + 8), JSON.stringify(v)).toBe(true);
      expect(isWithinJsonBudget(v, Math.floor(bytes / 2)), JSON.stringify(v)).toBe(false);
    }
  });

  it('refuses a large array at once, without visiting its elements', () => {
    let visited = 0;
    const huge = new Proxy(new Array<number>(5_000_000), {
      get: (target, key, receiver) => {
        if (typeof key === 'string' && /^\d+$/.test(key)) visited++;
        return Reflect.get(target, key, receiver);
      },
    });
    expect(isWithinJsonBudget({ args: { inputs: [huge] } }, 1024 * 1024)).toBe(false);
    expect(visited).toBe(0);
  });

  it('refuses what the renderer never sends: typed arrays, maps, class instances', () => {
    expect(isWithinJsonBudget({ values: new Float32Array(4) }, 1024)).toBe(false);
    expect(isWithinJsonBudget(new Map(), 1024)).toBe(false);
    expect(isWithinJsonBudget({ when: new Date() }, 1024)).toBe(false);
  });

  it('ends on a cyclic value by running out of budget', () => {
    const a: Record<string, unknown> = { name: 'a' };
    a.self = a;
    expect(isWithinJsonBudget(a, 10_000)).toBe(false);
  });
});

describe('handleChecked', () => {
  beforeEach(() => {
    vi.spyOn(console, 'warn').mockImplementation(() => {});
    vi.spyOn(console, 'error').mockImplementation(() => {});
  });
  afterEach(() => vi.restoreAllMocks());

  it('refuses a foreign frame before the handler runs', async () => {
    const ipc = fakeIpc();
    const handler = vi.fn(() => 'done');
    handleChecked(ipc, 'densely:x', z.tuple([]), [APP_ORIGIN], handler);
    expect(await ipc.invoke('densely:x', top('https://evil.example/'))).toEqual({ error: FOREIGN_FRAME });
    expect(await ipc.invoke('densely:x', { url: 'app://densely/', parent: appFrame })).toEqual({ error: FOREIGN_FRAME });
    expect(handler).not.toHaveBeenCalled();
    expect(await ipc.invoke('densely:x', appFrame)).toBe('done');
  });

  it('validates the arguments as a tuple and hands the handler the parsed values', async () => {
    const ipc = fakeIpc();
    const handler = vi.fn((_e: unknown, [name, n]: [string, number]) => `${name}:${n}`);
    handleChecked(ipc, 'densely:y', z.tuple([z.string().max(5), z.number()]), [APP_ORIGIN], handler);
    expect(await ipc.invoke('densely:y', appFrame, 'abc', 2)).toBe('abc:2');
    expect(await ipc.invoke('densely:y', appFrame, 'abcdef', 2)).toEqual({ error: MALFORMED_REQUEST });
    expect(await ipc.invoke('densely:y', appFrame, 'abc', 2, 'extra')).toEqual({ error: MALFORMED_REQUEST });
    expect(await ipc.invoke('densely:y', appFrame, '/etc/passwd')).toEqual({ error: MALFORMED_REQUEST });
    expect(handler).toHaveBeenCalledTimes(1);
  });

  it('refuses arguments over the byte budget with a sentence that says what to do', async () => {
    const ipc = fakeIpc();
    handleChecked(ipc, 'densely:z', z.tuple([z.string()]), [APP_ORIGIN], () => 'ok', { maxBytes: 1024 });
    expect(await ipc.invoke('densely:z', appFrame, 'x'.repeat(1000))).toBe('ok');
    expect(await ipc.invoke('densely:z', appFrame, 'x'.repeat(2000))).toEqual({
      error: 'Densely refused a request of more than 1 KiB from its window; files go through Open or Import, not the request itself.',
    });
  });

  it('answers a throwing handler with a sentence in the channel\'s own shape', async () => {
    const ipc = fakeIpc();
    handleChecked(
      ipc,
      'densely:save',
      z.tuple([]),
      [APP_ORIGIN],
      () => {
        throw new Error('disk on fire');
      },
      { refuse: (error) => ({ saved: false, error }) },
    );
    expect(await ipc.invoke('densely:save', appFrame)).toEqual({ saved: false, error: 'Densely could not finish that (disk on fire); try again.' });
    expect(await ipc.invoke('densely:save', top('https://evil.example/'))).toEqual({ saved: false, error: FOREIGN_FRAME });
  });
});
