import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { APP_ORIGIN, trustedOrigins } from './ipc-guard';
import { denyAllPermissions, denyPermissionsInEverySession, guardAllWebContents, guardWebContents, isAllowedExternal, openExternalIfAllowed } from './web-contents-guard';

type Listener = (event: NavEvent, ...rest: unknown[]) => void;
interface NavEvent {
  url: string;
  isMainFrame: boolean;
  defaultPrevented: boolean;
  preventDefault(): void;
}

/** A web contents stand-in that emits events as Electron does and records what the listeners decided. */
function fakeContents() {
  const listeners = new Map<string, Listener[]>();
  let openHandler: ((details: { url: string }) => { action: string }) | undefined;
  const contents = {
    on(name: string, l: Listener) {
      listeners.set(name, [...(listeners.get(name) ?? []), l]);
      return contents;
    },
    setWindowOpenHandler(h: typeof openHandler) {
      openHandler = h;
    },
    /** Emits `name` for `url`; true when some listener prevented it. */
    emit(name: string, url: string, isMainFrame = true): boolean {
      const event: NavEvent = {
        url,
        isMainFrame,
        defaultPrevented: false,
        preventDefault() {
          this.defaultPrevented = true;
        },
      };
      for (const l of listeners.get(name) ?? []) l(event, url);
      return event.defaultPrevented;
    },
    open: (url: string) => openHandler!({ url }),
    listens: (name: string) => (listeners.get(name) ?? []).length > 0,
  };
  return contents;
}

let shell: { openExternal: ReturnType<typeof vi.fn> };
beforeEach(() => {
  shell = { openExternal: vi.fn(() => Promise.resolve()) };
  vi.spyOn(console, 'warn').mockImplementation(() => {});
});
afterEach(() => vi.restoreAllMocks());

describe('navigation and new windows', () => {
  it('prevents every navigation away from the app, in the top frame and in subframes', () => {
    const c = fakeContents();
    guardWebContents(c as never, shell as never, [APP_ORIGIN]);
    for (const url of ['https://evil.example/', 'file:///etc/passwd', 'app://other/index.html', 'http://localhost:5173/', 'javascript:alert(1)']) {
      expect(c.emit('will-navigate', url), url).toBe(true);
      expect(c.emit('will-frame-navigate', url), url).toBe(true);
    }
    // A subframe may not navigate at all, not even to the app's own page.
    expect(c.emit('will-frame-navigate', 'app://densely/index.html', false)).toBe(true);
    // Reloading the app's own page stays possible.
    expect(c.emit('will-navigate', 'app://densely/index.html')).toBe(false);
    expect(shell.openExternal).not.toHaveBeenCalled();
  });

  it('lets the dev server reload only when it is trusted (unpackaged)', () => {
    const packaged = fakeContents();
    guardWebContents(packaged as never, shell as never, trustedOrigins(true, 'http://localhost:5173'));
    expect(packaged.emit('will-navigate', 'http://localhost:5173/')).toBe(true);
    const dev = fakeContents();
    guardWebContents(dev as never, shell as never, trustedOrigins(false, 'http://localhost:5173'));
    expect(dev.emit('will-navigate', 'http://localhost:5173/')).toBe(false);
  });

  it('prevents every redirect and every webview', () => {
    const c = fakeContents();
    guardWebContents(c as never, shell as never, [APP_ORIGIN]);
    expect(c.emit('will-redirect', 'https://evil.example/')).toBe(true);
    expect(c.emit('will-redirect', 'app://densely/index.html')).toBe(true);
    expect(c.emit('will-attach-webview', 'https://evil.example/')).toBe(true);
  });

  it('denies every new window, handing only an allow-listed page to the system browser', () => {
    const c = fakeContents();
    guardWebContents(c as never, shell as never, [APP_ORIGIN]);
    expect(c.open('https://evil.example/')).toEqual({ action: 'deny' });
    expect(c.open('app://densely/index.html')).toEqual({ action: 'deny' });
    expect(shell.openExternal).not.toHaveBeenCalled();
    expect(c.open('https://keras.io/api/layers/core_layers/dense/')).toEqual({ action: 'deny' });
    expect(shell.openExternal).toHaveBeenCalledWith('https://keras.io/api/layers/core_layers/dense/');
    // A link clicked without target=_blank: the navigation is refused and the page opens outside.
    expect(c.emit('will-navigate', 'https://js.tensorflow.org/api/latest/#layers.dense')).toBe(true);
    expect(shell.openExternal).toHaveBeenLastCalledWith('https://js.tensorflow.org/api/latest/#layers.dense');
  });

  it('guards every web contents the app creates, through web-contents-created', () => {
    let created: ((event: unknown, contents: unknown) => void) | undefined;
    const app = { on: vi.fn((name: string, l: typeof created) => (name === 'web-contents-created' ? (created = l) : undefined)) };
    guardAllWebContents(app as never, shell as never, [APP_ORIGIN]);
    const c = fakeContents();
    created!({}, c);
    for (const name of ['will-navigate', 'will-frame-navigate', 'will-redirect', 'will-attach-webview']) expect(c.listens(name), name).toBe(true);
    expect(c.emit('will-navigate', 'https://evil.example/')).toBe(true);
    expect(c.open('https://evil.example/')).toEqual({ action: 'deny' });
  });
});

describe('openExternal', () => {
  it('opens only https pages under an allow-listed prefix', () => {
    expect(isAllowedExternal('https://keras.io/api/')).toBe(true);
    expect(isAllowedExternal('https://www.electronjs.org/docs/latest/tutorial/security')).toBe(true);
    expect(isAllowedExternal('https://www.electronjs.org/docs/latest/tutorial/security#17-validate-the-sender-of-all-ipc-messages')).toBe(true);
    const refused = [
      'http://keras.io/api/',
      'https://keras.io/',
      'https://keras.io.evil.example/api/',
      'https://evil.example/keras.io/api/',
      'https://user@keras.io/api/',
      'https://keras.io:8443/api/',
      'https://www.electronjs.org/docs/latest/tutorial/security-old',
      'https://keras.io/api/../../admin',
      'file:///etc/passwd',
      'smb://attacker/share',
      'javascript:alert(1)',
      'not a url',
    ];
    for (const url of refused) expect(isAllowedExternal(url), url).toBe(false);
  });

  it('drops what is not allowed without calling the shell', () => {
    expect(openExternalIfAllowed(shell as never, 'smb://attacker/share')).toBe(false);
    expect(shell.openExternal).not.toHaveBeenCalled();
    expect(openExternalIfAllowed(shell as never, 'https://www.tensorflow.org/js/guide')).toBe(true);
    expect(shell.openExternal).toHaveBeenCalledWith('https://www.tensorflow.org/js/guide');
  });
});

describe('permissions', () => {
  it('denies every permission request and check, and every device', () => {
    const session = { setPermissionRequestHandler: vi.fn(), setPermissionCheckHandler: vi.fn(), setDevicePermissionHandler: vi.fn() };
    denyAllPermissions(session as never);
    const request = session.setPermissionRequestHandler.mock.calls[0]![0] as (wc: unknown, p: string, cb: (granted: boolean) => void) => void;
    for (const permission of ['media', 'notifications', 'geolocation', 'clipboard-read', 'openExternal', 'fullscreen']) {
      const callback = vi.fn();
      request({}, permission, callback);
      expect(callback, permission).toHaveBeenCalledWith(false);
    }
    const check = session.setPermissionCheckHandler.mock.calls[0]![0] as (wc: unknown, p: string, origin: string) => boolean;
    expect(check({}, 'clipboard-sanitized-write', 'app://densely')).toBe(false);
    expect(check({}, 'media', 'app://densely')).toBe(false);
    const device = session.setDevicePermissionHandler.mock.calls[0]![0] as (details: unknown) => boolean;
    expect(device({ deviceType: 'hid', origin: 'app://densely' })).toBe(false);
  });

  it('denies them in every session created later, too', () => {
    let created: ((session: unknown) => void) | undefined;
    const app = { on: vi.fn((name: string, l: typeof created) => (name === 'session-created' ? (created = l) : undefined)) };
    denyPermissionsInEverySession(app as never);
    const session = { setPermissionRequestHandler: vi.fn(), setPermissionCheckHandler: vi.fn(), setDevicePermissionHandler: vi.fn() };
    created!(session);
    const check = session.setPermissionCheckHandler.mock.calls[0]![0] as (wc: unknown, p: string) => boolean;
    expect(check({}, 'geolocation')).toBe(false);
    const callback = vi.fn();
    (session.setPermissionRequestHandler.mock.calls[0]![0] as (wc: unknown, p: string, cb: (g: boolean) => void) => void)({}, 'media', callback);
    expect(callback).toHaveBeenCalledWith(false);
  });
});
