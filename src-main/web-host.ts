/**
 * The web host: serves the same renderer the Electron app shows, and the
 * same trainer service over a WebSocket, on 127.0.0.1 only.
 * `npm run web [-- --port N]`; PORT works too.
 *
 * Like Jupyter, it is not an open door: each start makes a random token and
 * prints the one address that carries it. The socket and uploads need that
 * token, a Host of 127.0.0.1:PORT or localhost:PORT (no DNS rebinding) and
 * the page's own Origin; anything else is refused before a byte of it is read.
 */
import { Command, InvalidArgumentError } from 'commander';
import { existsSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import sirv from 'sirv';
import { WebSocketServer } from 'ws';
import { MAX_MESSAGE_BYTES } from '../src-shared/protocol/messages';
import { SOCKET_PATH, UPLOAD_PATH } from '../src-shared/protocol/preload-api';
import { createUploadStore, type UploadStoreOptions } from './transport/upload';
import { createDownloadStore } from './transport/download';
import { MODEL_JSON, WEIGHTS_BIN } from './trainer/model-export';
import { isAllowedHost, newToken, refusal, refuseUpgrade, setSecurityHeaders, TOKEN_PATTERN, tokenMatches, tokenOf } from './transport/web-guard';
import { bindSocket } from './transport/websocket';

export const DEFAULT_PORT = 4817;
const here = dirname(fileURLToPath(import.meta.url));
export const RENDERER_DIR = resolve(here, '..', 'out', 'renderer');

export interface WebHost {
  /** The address to open, token included: what `npm run web` prints. */
  readonly url: string;
  /** http://127.0.0.1:PORT, without the token. */
  readonly origin: string;
  readonly port: number;
  readonly token: string;
  /** This start's upload folder (tests look into it). */
  readonly uploadDir: string;
  readonly server: Server;
  close(): Promise<void>;
}

export interface WebHostOptions {
  readonly backend?: string;
  readonly rendererDir?: string;
  /** A fixed token (tests); otherwise a random one per start. */
  readonly token?: string;
  readonly uploads?: UploadStoreOptions;
}

export async function startWebHost(port: number, options: WebHostOptions = {}): Promise<WebHost> {
  const rendererDir = options.rendererDir ?? RENDERER_DIR;
  if (!existsSync(join(rendererDir, 'index.html')))
    throw new Error(`The renderer is not built (no ${join(rendererDir, 'index.html')}); run \`npm run build\` first.`);
  if (options.token !== undefined && !TOKEN_PATTERN.test(options.token))
    throw new Error('The token must be 32 to 128 letters, digits, "-" or "_".');
  const token = options.token ?? newToken();
  const uploads = await createUploadStore(options.uploads);
  const downloads = createDownloadStore();
  const assets = sirv(rendererDir, { dev: false, etag: true, gzip: false, brotli: false });
  // Known once listening; every check compares against it.
  let boundPort = port;
  const server = createServer((req, res) => {
    setSecurityHeaders(res);
    if (!isAllowedHost(req, boundPort)) {
      req.resume();
      res.writeHead(403, { 'content-type': 'text/plain' }).end('Forbidden: open Densely at the address `npm run web` printed.');
      return;
    }
    const pathname = new URL(req.url ?? '/', 'http://localhost').pathname;
    if (req.method === 'POST' && pathname === UPLOAD_PATH) {
      if (refusal(req, boundPort, token)) {
        req.resume();
        res.writeHead(403, { 'content-type': 'application/json' }).end(JSON.stringify({ error: 'the upload was refused: it must come from the page opened at the address `npm run web` printed' }));
        return;
      }
      return uploads.handle(req, res);
    }
    if (req.method === 'POST' && downloads.matches(pathname)) {
      if (refusal(req, boundPort, token)) {
        req.resume();
        res.writeHead(403, { 'content-type': 'application/json' }).end(JSON.stringify({ error: 'the download was refused: it must come from the page opened at the address `npm run web` printed' }));
        return;
      }
      return downloads.handle(req, res);
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      req.resume();
      res.writeHead(405).end();
      return;
    }
    // A plain GET of the socket's path tells a page whether its token is still good (the host restarts with a new one).
    // A same-origin GET carries no Origin; the token (256 random bits) is what is checked.
    if (pathname === SOCKET_PATH) {
      res.writeHead(tokenMatches(tokenOf(req), token) ? 426 : 403).end();
      return;
    }
    assets(req, res, () => {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('Not found');
    });
  });
  const sockets = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES });
  server.on('upgrade', (req, socket, head) => {
    if (refusal(req, boundPort, token)) return refuseUpgrade(socket, 403);
    if (new URL(req.url ?? '/', 'http://localhost').pathname !== SOCKET_PATH) return refuseUpgrade(socket, 404);
    sockets.handleUpgrade(req, socket, head, (ws) =>
      bindSocket(ws, {
        ...(options.backend ? { backend: options.backend } : {}),
        resolveFile: (id) => uploads.resolve(id),
        onImported: (id) => void uploads.release(id),
        deliverModel: async (files) => ({
          downloadId: downloads.offer([
            { name: MODEL_JSON, data: new TextEncoder().encode(files.modelJson), type: 'application/json' },
            { name: WEIGHTS_BIN, data: files.weights, type: 'application/octet-stream' },
          ]),
        }),
      }),
    );
  });
  await new Promise<void>((ok, fail) => {
    server.once('error', fail);
    server.listen(port, '127.0.0.1', () => ok());
  });
  const address = server.address();
  boundPort = typeof address === 'object' && address ? address.port : port;
  const origin = `http://127.0.0.1:${boundPort}`;
  return {
    url: `${origin}/?token=${token}`,
    origin,
    port: boundPort,
    token,
    uploadDir: uploads.dir,
    server,
    async close() {
      for (const c of sockets.clients) c.terminate();
      await new Promise<void>((ok) => sockets.close(() => ok()));
      server.closeAllConnections();
      await new Promise<void>((ok) => server.close(() => ok()));
      await uploads.dispose();
      downloads.dispose();
    },
  };
}

function parsePort(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || n > 65535) throw new InvalidArgumentError('the port must be a whole number from 0 to 65535.');
  return n;
}

function parseToken(value: string): string {
  if (!TOKEN_PATTERN.test(value)) throw new InvalidArgumentError('the token must be 32 to 128 letters, digits, "-" or "_".');
  return value;
}

async function main(): Promise<void> {
  const program = new Command('densely-web')
    .description('Serve Densely in a browser, with the trainer running in this Node process.')
    .option('--port <port>', 'port on 127.0.0.1 (0 picks a free one)', parsePort)
    .option('--token <token>', 'the access token (for tests; prefer DENSELY_TOKEN, which other users cannot see in the process list); a random one otherwise', parseToken)
    .option('--backend <name>', 'force a TensorFlow.js backend: tensorflow-gpu, tensorflow, wasm or cpu')
    .parse();
  const opts = program.opts<{ port?: number; token?: string; backend?: string }>();
  const fromEnv = <T>(name: string, parse: (v: string) => T): T | undefined => {
    const value = process.env[name];
    if (value === undefined || value === '') return undefined;
    try {
      return parse(value);
    } catch (e) {
      process.stderr.write(`error: ${name}: ${(e as Error).message}\n`);
      process.exit(1);
    }
  };
  const envPort = fromEnv('PORT', parsePort);
  const envToken = fromEnv('DENSELY_TOKEN', parseToken);
  const port = opts.port ?? envPort ?? DEFAULT_PORT;
  const token = opts.token ?? envToken;
  let host: WebHost;
  try {
    host = await startWebHost(port, { ...(opts.backend ? { backend: opts.backend } : {}), ...(token ? { token } : {}) });
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    const message =
      err.code === 'EADDRINUSE'
        ? `port ${port} is already in use; pass another with --port N (or PORT=N), or 0 for any free port.`
        : err.message;
    process.stderr.write(`error: ${message}\n`);
    process.exit(1);
  }
  process.stdout.write(`Densely is serving at ${host.url}\n`);
  const stop = () => void host.close().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) await main();
