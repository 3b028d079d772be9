/**
 * The browser host: the same trainer service, reached over a WebSocket served
 * by Node (`npm run web`). Messages are text (codec.ts revives typed arrays);
 * CSVs go up by POST before the trainer imports them. The socket reconnects
 * on its own, and the UI hears about every drop.
 *
 * The web host lets in only the page that carries its per-start token, which
 * the address `npm run web` prints ends in (`?token=…`): the page reads it from
 * its own address, so a reload of that address keeps working.
 */
import { TrainerClient, type Channel } from '../../src-shared/protocol/client';
import { decodeMessage, encodeMessage } from '../../src-shared/protocol/codec';
import { MAX_PROJECT_FILE_BYTES } from '../../src-shared/layers/limits';
import { MAX_MESSAGE_BYTES, TOKEN_HEADER, TOKEN_PARAM } from '../../src-shared/protocol/messages';
import { MAX_CSV_BYTES, SOCKET_PATH, UPLOAD_PATH } from '../../src-shared/protocol/preload-api';
import { formatCount } from '../../src-shared/format';
import { decodeText } from '../../src-shared/text/decode';
import { DOWNLOAD_PATH } from '../../src-shared/protocol/contract';
import { weightBytesRefusal } from '../../src-shared/import/layers-weights';
import { localStorageRecovery, pageStorage, type ConnectionState, type Host } from './host';

const fmtBytes = (n: number) => `${(n / (1024 * 1024)).toLocaleString('en-US', { maximumFractionDigits: 1 })} MB`;

/** What a page opened without the token says, and what one whose token is no longer the host's says. */
export const NO_TOKEN_MESSAGE =
  'This page was opened without its access token; open Densely at the address `npm run web` printed (it ends in ?token=…).';
export const STALE_TOKEN_MESSAGE =
  "This page's access token is not the web host's (it makes a new one each start); open the address `npm run web` printed this time.";
/** WebSocket close code 1009: the trainer refused a message over its size limit. */
const MESSAGE_TOO_BIG = 1009;

/** The token in the page's own address, or null. */
export function tokenFrom(location: Pick<Location, 'search'>): string | null {
  return new URLSearchParams(location.search).get(TOKEN_PARAM) || null;
}

/** Opens the browser's file chooser; null when the person cancels. */
export function pickFile(accept: string): Promise<File | null> {
  return pickFiles(accept, false).then((files) => files[0] ?? null);
}

/** The file picker; with `multiple`, a model.json and its weight files picked together. */
export function pickFiles(accept: string, multiple: boolean): Promise<File[]> {
  return new Promise((resolve) => {
    const input = document.createElement('input');
    input.type = 'file';
    input.accept = accept;
    input.multiple = multiple;
    input.style.display = 'none';
    document.body.append(input);
    const finish = (files: File[]) => {
      input.remove();
      resolve(files);
    };
    input.addEventListener('change', () => finish([...(input.files ?? [])]), { once: true });
    input.addEventListener('cancel', () => finish([]), { once: true });
    input.click();
  });
}

class SocketChannel implements Channel {
  private socket: WebSocket | null = null;
  private readonly listeners = new Set<(raw: unknown) => void>();
  private readonly connectionListeners = new Set<(s: ConnectionState) => void>();
  private state: ConnectionState = { connected: false, message: 'Connecting to the trainer…' };
  private retryMs = 500;
  onDrop: (message: string) => void = () => {};

  constructor(
    private readonly url: string,
    /** Asks the host whether this page's token is still its own (403 when not). */
    private readonly tokenCheckUrl: string,
  ) {
    this.connect();
  }

  send(msg: Parameters<Channel['send']>[0]): void {
    if (!this.socket || this.socket.readyState !== WebSocket.OPEN)
      throw new Error('the connection to the trainer is down; Densely is reconnecting');
    const text = encodeMessage(msg);
    // Refused here rather than by the host, which would close the connection over it. A character is at most 3 UTF-8
    // bytes, so only a long message needs counting.
    const bytes = text.length * 3 <= MAX_MESSAGE_BYTES ? text.length : new TextEncoder().encode(text).length;
    if (bytes > MAX_MESSAGE_BYTES)
      throw new RangeError(`The "${msg.name}" request is ${fmtBytes(bytes)}, more than the ${fmtBytes(MAX_MESSAGE_BYTES)} the trainer accepts in one message; send less at once.`);
    this.socket.send(text);
  }

  onMessage(listener: (raw: unknown) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  onConnection(listener: (s: ConnectionState) => void): () => void {
    this.connectionListeners.add(listener);
    listener(this.state);
    return () => this.connectionListeners.delete(listener);
  }

  private setState(s: ConnectionState) {
    this.state = s;
    for (const l of this.connectionListeners) l(s);
  }

  private connect() {
    let socket: WebSocket;
    try {
      socket = new WebSocket(this.url);
    } catch (e) {
      this.setState({ connected: false, message: `Cannot reach the trainer at ${this.url} (${(e as Error).message}).` });
      return;
    }
    this.socket = socket;
    socket.addEventListener('open', () => {
      this.retryMs = 500;
      this.setState({ connected: true, message: '' });
    });
    socket.addEventListener('message', (ev) => {
      let raw: unknown;
      try {
        raw = decodeMessage(typeof ev.data === 'string' ? ev.data : String(ev.data));
      } catch {
        raw = { malformed: true };
      }
      // The client validates and reports anything malformed as a problem.
      for (const l of this.listeners) l(raw);
    });
    socket.addEventListener('close', (ev) => {
      if (this.socket !== socket) return;
      this.socket = null;
      const wasConnected = this.state.connected;
      const seconds = Math.round(this.retryMs / 100) / 10;
      const tooBig = ev.code === MESSAGE_TOO_BIG;
      this.setState({
        connected: false,
        message: tooBig
          ? `The trainer closed the connection because a message was larger than ${fmtBytes(MAX_MESSAGE_BYTES)}; reconnecting in ${seconds} s. Your network is safe; training must be started again.`
          : wasConnected
            ? `The connection to the trainer dropped; reconnecting in ${seconds} s. Your network is safe; training must be started again.`
            : `The trainer is not reachable; retrying in ${seconds} s. Is \`npm run web\` still running?`,
      });
      if (wasConnected) this.onDrop(tooBig ? 'The trainer refused a message larger than its limit.' : 'The connection to the trainer dropped.');
      // A refused handshake looks like any failure to the page; ask whether the token is the reason, to say so.
      if (!wasConnected) void this.explainRefusal();
      setTimeout(() => this.connect(), this.retryMs);
      this.retryMs = Math.min(this.retryMs * 2, 5000);
    });
  }

  private async explainRefusal(): Promise<void> {
    try {
      const res = await fetch(this.tokenCheckUrl, { cache: 'no-store' });
      if (res.status === 403 && !this.state.connected) this.setState({ connected: false, message: STALE_TOKEN_MESSAGE });
    } catch {
      // The host is down: the message already says so.
    }
  }
}

/** A channel for a page without a token: it never connects, and says how to open Densely. */
class ClosedChannel implements Channel {
  send(): void {
    throw new Error(NO_TOKEN_MESSAGE);
  }
  onMessage(): () => void {
    return () => {};
  }
  onConnection(listener: (s: ConnectionState) => void): () => void {
    listener({ connected: false, message: NO_TOKEN_MESSAGE });
    return () => {};
  }
}

function upload(file: File, token: string, onProgress: (fraction: number) => void): Promise<string> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', UPLOAD_PATH);
    xhr.setRequestHeader(TOKEN_HEADER, token);
    xhr.setRequestHeader('x-filename', encodeURIComponent(file.name));
    xhr.upload.addEventListener('progress', (e) => {
      if (e.lengthComputable) onProgress(e.loaded / e.total);
    });
    xhr.addEventListener('load', () => {
      let body: { uploadId?: unknown; error?: unknown } = {};
      try {
        body = JSON.parse(xhr.responseText);
      } catch {
        // handled below
      }
      if (xhr.status >= 200 && xhr.status < 300 && typeof body.uploadId === 'string') {
        onProgress(1);
        resolve(body.uploadId);
      } else {
        const why = typeof body.error === 'string' ? body.error : `the server answered ${xhr.status}`;
        reject(new Error(`Uploading ${file.name} failed: ${why}.`));
      }
    });
    xhr.addEventListener('error', () => reject(new Error(`Uploading ${file.name} failed: the server could not be reached.`)));
    xhr.send(file);
  });
}

export function createBrowserHost(location: Location = window.location): Host {
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
  const token = tokenFrom(location);
  const query = token ? `?${TOKEN_PARAM}=${encodeURIComponent(token)}` : '';
  const channel = token ? new SocketChannel(`${scheme}//${location.host}${SOCKET_PATH}${query}`, `${SOCKET_PATH}${query}`) : new ClosedChannel();
  const trainer = new TrainerClient(channel);
  if (channel instanceof SocketChannel) channel.onDrop = (message) => trainer.failAll(message);
  return {
    kind: 'browser',
    trainer,
    async openProject() {
      // A project, or a TensorFlow.js model.json with its weight files (issue 11).
      const picked = await pickFiles('.json,.densely.json,application/json,.bin', true);
      if (picked.length === 0) return null;
      // One file is the project (or model.json) whatever its name; with several, the .json is.
      const jsons = picked.length === 1 ? picked : picked.filter((f) => /\.json$/i.test(f.name));
      if (jsons.length !== 1) throw new Error(`Pick one .json file (a project, or a model.json with its .bin weight files), not ${jsons.length}.`);
      const file = jsons[0]!;
      const others = picked.filter((f) => f !== file);
      const weightBytes = others.reduce((n, f) => n + f.size, 0);
      const weightNote = weightBytesRefusal(weightBytes);
      // Exact bytes, as the CLI says it: rounded to megabytes, 2,097,588 and its 2 MiB limit would both read "2 MB".
      if (file.size > MAX_PROJECT_FILE_BYTES)
        throw new Error(`${file.name} is ${formatCount(file.size)} bytes, more than the ${formatCount(MAX_PROJECT_FILE_BYTES)} a project file may have; open a smaller file.`);
      let bytes: Uint8Array;
      try {
        bytes = new Uint8Array(await file.arrayBuffer());
      } catch (e) {
        throw new Error(`${file.name} could not be read (${(e as Error).message}).`);
      }
      // Decoded here by the same rule as the CLI and Electron (file.text() would turn bad bytes into U+FFFD without a word).
      const decoded = decodeText(bytes);
      if (!decoded.ok) throw new Error(`${file.name} could not be opened. ${decoded.error}`);
      if (others.length === 0) return { name: file.name, text: decoded.text };
      if (weightNote) return { name: file.name, text: decoded.text, weightNote };
      const weightFiles = await Promise.all(others.map(async (f) => ({ name: f.name, bytes: new Uint8Array(await f.arrayBuffer()) })));
      return { name: file.name, text: decoded.text, weightFiles };
    },
    async downloadModel(downloadId, names) {
      if (!token) throw new Error(NO_TOKEN_MESSAGE);
      for (const name of names) {
        let res: Response;
        try {
          res = await fetch(`${DOWNLOAD_PATH}/${encodeURIComponent(downloadId)}/${encodeURIComponent(name)}`, { method: 'POST', headers: { [TOKEN_HEADER]: token }, cache: 'no-store' });
        } catch {
          throw new Error(`Downloading ${name} failed: the web host could not be reached; check that \`npm run web\` is still running.`);
        }
        if (!res.ok) {
          const body = (await res.json().catch(() => ({}))) as { error?: unknown };
          throw new Error(`Downloading ${name} failed: ${typeof body.error === 'string' ? body.error : `the web host answered ${res.status}`}.`);
        }
        const a = document.createElement('a');
        a.href = URL.createObjectURL(await res.blob());
        a.download = name;
        a.click();
        setTimeout(() => URL.revokeObjectURL(a.href), 10_000);
      }
    },
    async saveProject(suggestedName, text) {
      const blob = new Blob([text], { type: 'application/json' });
      const w = window as Window & { showSaveFilePicker?: (o: object) => Promise<FileSystemFileHandle> };
      if (w.showSaveFilePicker) {
        try {
          const handle = await w.showSaveFilePicker({ suggestedName, types: [{ description: 'Densely project', accept: { 'application/json': ['.json'] } }] });
          const out = await handle.createWritable();
          await out.write(blob);
          await out.close();
          // The name the person gave in the picker; a picker that doesn't say keeps the suggested one.
          return { name: typeof handle.name === 'string' && handle.name ? handle.name : suggestedName };
        } catch (e) {
          if ((e as Error).name === 'AbortError') return null;
          throw new Error(`The project could not be saved (${(e as Error).message}).`);
        }
      }
      const a = document.createElement('a');
      a.href = URL.createObjectURL(blob);
      a.download = suggestedName;
      a.click();
      setTimeout(() => URL.revokeObjectURL(a.href), 10_000);
      return { name: suggestedName };
    },
    async chooseCsv(onProgress) {
      const file = await pickFile('.csv,text/csv');
      if (!file) return null;
      if (file.size > MAX_CSV_BYTES)
        throw new Error(`${file.name} is ${fmtBytes(file.size)}, more than the ${fmtBytes(MAX_CSV_BYTES)} Densely imports; use a smaller file.`);
      onProgress(0);
      if (!token) throw new Error(NO_TOKEN_MESSAGE);
      const uploadId = await upload(file, token, onProgress);
      return { source: { fileId: uploadId }, name: file.name };
    },
    storage: pageStorage(),
    recovery: localStorageRecovery(),
    onConnection: (listener) => channel.onConnection(listener),
  };
}
