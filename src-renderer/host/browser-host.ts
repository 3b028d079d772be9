/**
 * The browser host: the same trainer service, reached over a WebSocket served
 * by Node (`npm run web`). Messages are text (codec.ts revives typed arrays);
 * CSVs go up by POST before the trainer imports them. The socket reconnects
 * on its own, and the UI hears about every drop.
 */
import { TrainerClient, type Channel } from '../../src-shared/protocol/client';
import { decodeMessage, encodeMessage } from '../../src-shared/protocol/codec';
import { MAX_PROJECT_FILE_BYTES } from '../../src-shared/layers/limits';
import { MAX_CSV_BYTES, SOCKET_PATH, UPLOAD_PATH } from '../../src-shared/protocol/preload-api';
import { formatCount } from '../../src-shared/format';
import { decodeText } from '../../src-shared/text/decode';
import { localStorageRecovery, pageStorage, type ConnectionState, type Host } from './host';

const fmtBytes = (n: number) => `${(n / (1024 * 1024)).toLocaleString('en-US', { maximumFractionDigits: 1 })} MB`;

/** Opens the browser's file chooser; null when the person cancels. */
export function pickFile(accept: string): Promise<File | null> {
  return new Promise((resolve) => {
    const input = document.createElement('input');
    input.type = 'file';
    input.accept = accept;
    input.style.display = 'none';
    document.body.append(input);
    const finish = (file: File | null) => {
      input.remove();
      resolve(file);
    };
    input.addEventListener('change', () => finish(input.files?.[0] ?? null), { once: true });
    input.addEventListener('cancel', () => finish(null), { once: true });
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

  constructor(private readonly url: string) {
    this.connect();
  }

  send(msg: Parameters<Channel['send']>[0]): void {
    if (!this.socket || this.socket.readyState !== WebSocket.OPEN)
      throw new Error('the connection to the trainer is down; Densely is reconnecting');
    this.socket.send(encodeMessage(msg));
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
    socket.addEventListener('close', () => {
      if (this.socket !== socket) return;
      this.socket = null;
      const wasConnected = this.state.connected;
      const seconds = Math.round(this.retryMs / 100) / 10;
      this.setState({
        connected: false,
        message: wasConnected
          ? `The connection to the trainer dropped; reconnecting in ${seconds} s. Your network is safe; training must be started again.`
          : `The trainer is not reachable; retrying in ${seconds} s. Is \`npm run web\` still running?`,
      });
      if (wasConnected) this.onDrop('The connection to the trainer dropped.');
      setTimeout(() => this.connect(), this.retryMs);
      this.retryMs = Math.min(this.retryMs * 2, 5000);
    });
  }
}

function upload(file: File, onProgress: (fraction: number) => void): Promise<string> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', UPLOAD_PATH);
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
  const channel = new SocketChannel(`${scheme}//${location.host}${SOCKET_PATH}`);
  const trainer = new TrainerClient(channel);
  channel.onDrop = (message) => trainer.failAll(message);
  return {
    kind: 'browser',
    trainer,
    async openProject() {
      const file = await pickFile('.json,.densely.json,application/json');
      if (!file) return null;
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
      return { name: file.name, text: decoded.text };
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
      const uploadId = await upload(file, onProgress);
      return { source: { fileId: uploadId }, name: file.name };
    },
    storage: pageStorage(),
    recovery: localStorageRecovery(),
    onConnection: (listener) => channel.onConnection(listener),
  };
}
