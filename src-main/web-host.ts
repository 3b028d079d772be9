/**
 * The web host: serves the same renderer the Electron app shows, and the
 * same trainer service over a WebSocket, on 127.0.0.1 only.
 * `npm run web [-- --port N]`; PORT works too.
 */
import { Command, InvalidArgumentError } from 'commander';
import { existsSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import sirv from 'sirv';
import { WebSocketServer } from 'ws';
import { SOCKET_PATH, UPLOAD_PATH } from '../src-shared/protocol/preload-api';
import { bindSocket, isSameOrigin } from './transport/websocket';
import { createUploadStore } from './transport/upload';

export const DEFAULT_PORT = 4817;
const here = dirname(fileURLToPath(import.meta.url));
export const RENDERER_DIR = resolve(here, '..', 'out', 'renderer');

export interface WebHost {
  readonly url: string;
  readonly server: Server;
  close(): Promise<void>;
}

export async function startWebHost(port: number, options: { backend?: string; rendererDir?: string } = {}): Promise<WebHost> {
  const rendererDir = options.rendererDir ?? RENDERER_DIR;
  if (!existsSync(join(rendererDir, 'index.html')))
    throw new Error(`The renderer is not built (no ${join(rendererDir, 'index.html')}); run \`npm run build\` first.`);
  const uploads = await createUploadStore();
  const assets = sirv(rendererDir, { dev: false, etag: true, gzip: false, brotli: false });
  const server = createServer((req, res) => {
    res.setHeader('x-content-type-options', 'nosniff');
    if (req.method === 'POST' && req.url === UPLOAD_PATH) {
      if (!isSameOrigin(req)) {
        res.writeHead(403).end();
        req.resume();
        return;
      }
      return uploads.handle(req, res);
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405).end();
      return;
    }
    assets(req, res, () => {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('Not found');
    });
  });
  const sockets = new WebSocketServer({ noServer: true, maxPayload: 64 * 1024 * 1024 });
  server.on('upgrade', (req, socket, head) => {
    if (new URL(req.url ?? '/', 'http://x').pathname !== SOCKET_PATH || !isSameOrigin(req)) {
      socket.write('HTTP/1.1 403 Forbidden\r\n\r\n');
      socket.destroy();
      return;
    }
    sockets.handleUpgrade(req, socket, head, (ws) =>
      bindSocket(ws, { ...(options.backend ? { backend: options.backend } : {}), resolveFile: (id) => { const path = uploads.resolve(id); return path ? { path, name: id } : undefined; } }),
    );
  });
  await new Promise<void>((ok, fail) => {
    server.once('error', fail);
    server.listen(port, '127.0.0.1', () => ok());
  });
  const address = server.address();
  const actualPort = typeof address === 'object' && address ? address.port : port;
  return {
    url: `http://127.0.0.1:${actualPort}`,
    server,
    async close() {
      for (const c of sockets.clients) c.terminate();
      await new Promise<void>((ok) => sockets.close(() => ok()));
      await new Promise<void>((ok) => server.close(() => ok()));
      await uploads.dispose();
    },
  };
}

function parsePort(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || n > 65535) throw new InvalidArgumentError('the port must be a whole number from 0 to 65535.');
  return n;
}

async function main(): Promise<void> {
  const program = new Command('densely-web')
    .description('Serve Densely in a browser, with the trainer running in this Node process.')
    .option('--port <port>', 'port on 127.0.0.1 (0 picks a free one)', parsePort)
    .option('--backend <name>', 'force a TensorFlow.js backend: tensorflow-gpu, tensorflow, wasm or cpu')
    .parse();
  const opts = program.opts<{ port?: number; backend?: string }>();
  const envPort = process.env.PORT !== undefined && process.env.PORT !== '' ? parsePort(process.env.PORT) : undefined;
  const port = opts.port ?? envPort ?? DEFAULT_PORT;
  let host: WebHost;
  try {
    host = await startWebHost(port, opts.backend ? { backend: opts.backend } : {});
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
