/**
 * The wasm backend on every core. tfjs-backend-wasm ships a threaded SIMD binary (XNNPACK's thread pool over
 * Emscripten pthreads) but starts it only in browsers (tfjs issue #3830): in Node its flag says no, and its loader
 * hands Emscripten Blob URLs for the pthread workers, which Node's worker_threads cannot load. This starts the same
 * binary in Node, as the stock loader would in a browser, with four differences:
 * - the pthread workers start from a file, wasm-pthread.cjs, which runs the package's own worker script;
 * - the main script is given to them by its path;
 * - XNNPACK's thread count, which tfjs 4.22 fixes at start-up as half of `emscripten_num_logical_cores()` (for
 *   hyper-threads) between 1 and 4, is set by answering that import with twice the count wanted;
 * - the build's pool of 8 preloaded workers is cut to the ones XNNPACK uses (loadFactory).
 * Matrix products and convolutions then run on every thread; the rest (element-wise ops, the optimizer's update)
 * stays on one.
 * Each output of a product is computed whole by one thread, so losses do not depend on the count (wasm-threads.test.ts).
 */
import { existsSync, readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runInThisContext } from 'node:vm';
import type { Tf } from './backend';

/** XNNPACK's pool in tfjs 4.22 takes at most 4 threads (its start-up clamp). */
export const MAX_WASM_THREADS = 4;

/**
 * The threads the wasm backend runs on: DENSELY_WASM_THREADS where it is a whole number of at least 1, else every
 * core; at most MAX_WASM_THREADS.
 */
export function wasmThreadsWanted(env: NodeJS.ProcessEnv = process.env, cores = availableParallelism()): number {
  const v = env.DENSELY_WASM_THREADS?.trim();
  const asked = v && /^\d+$/.test(v) && Number(v) >= 1 ? Number(v) : cores;
  return Math.max(1, Math.min(asked, MAX_WASM_THREADS));
}

/**
 * A file's path as a worker thread can read it: in the packaged app, files inside app.asar that electron-builder
 * unpacks (package.json's asarUnpack) are read from app.asar.unpacked, without relying on Electron's asar support
 * in worker threads.
 */
export function unpackedPath(path: string, exists: (p: string) => boolean = existsSync): string {
  const unpacked = path.replace(/([\\/])app\.asar([\\/])/, '$1app.asar.unpacked$2');
  return unpacked !== path && exists(unpacked) ? unpacked : path;
}

/** The pthread workers' script: beside this file, in the sources and beside the main bundle in the built app. */
function pthreadWorkerPath(): string {
  const path = unpackedPath(join(dirname(fileURLToPath(import.meta.url)), 'wasm-pthread.cjs'));
  if (!existsSync(path)) throw new Error(`${path} is missing`);
  return path;
}

interface PthreadWorker {
  ref(): void;
  unref(): void;
}

interface EmscriptenModule {
  cwrap(name: string, ret: string | null, args: string[]): (...a: number[]) => number;
  PThread: { runningWorkers: PthreadWorker[]; unusedWorkers: PthreadWorker[] };
  tfjs?: Record<string, unknown>;
}

type Factory = (config: Record<string, unknown>) => Promise<EmscriptenModule>;

/** WebAssembly's one call used here (src-main compiles without the DOM's types, where WebAssembly's are declared). */
const { WebAssembly: wasmApi } = globalThis as unknown as {
  WebAssembly: { instantiate(bytes: Uint8Array, imports: object): Promise<{ instance: unknown; module: unknown }> };
};

/** The start-up line of tfjs 4.22's threaded script that sets Emscripten's pool of pthread workers (PTHREAD_POOL_SIZE). */
export const POOL_LINE = 'var pthreadPoolSize=8;';

/**
 * The threaded script's factory, with its worker pool cut to the threads XNNPACK will start (`workers`) where the
 * script holds POOL_LINE: the build preloads 8 workers, each a JavaScript heap and a wasm instance (130 MiB and a
 * second of start-up here), of which 2 threads use 1. Elsewhere (another tfjs version) the script as it is.
 */
export function loadFactory(script: string, workers: number, require: NodeJS.Require): Factory {
  const source = readFileSync(script, 'utf8');
  if (!source.includes(POOL_LINE)) return require(script) as Factory;
  const patched = source.replace(POOL_LINE, `var pthreadPoolSize=${Math.max(1, workers)};`);
  const module = { exports: {} as unknown };
  const wrapped = runInThisContext(`(function (exports, require, module, __filename, __dirname) {${patched}\n})`, { filename: script }) as (
    exports: unknown,
    require: NodeJS.Require,
    module: { exports: unknown },
    filename: string,
    dirname: string,
  ) => void;
  wrapped(module.exports, require, module, script, dirname(script));
  return module.exports as Factory;
}

/** How long the threaded binary may take to start (about 0.6 s here) before the stock one is used instead. */
const START_LIMIT_MS = 30_000;

/** Starts the threaded binary with `threads` threads; its module, as tfjs's own loader would return it. */
async function startThreadedModule(threads: number): Promise<EmscriptenModule> {
  const require = createRequire(import.meta.url);
  const dir = unpackedPath(dirname(require.resolve('@tensorflow/tfjs-backend-wasm/wasm-out/tfjs-backend-wasm-threaded-simd.js'))) + '/';
  const script = dir + 'tfjs-backend-wasm-threaded-simd.js';
  const binary = dir + 'tfjs-backend-wasm-threaded-simd.wasm';
  const worker = pthreadWorkerPath();
  const factory = loadFactory(script, threads - 1, require);
  let failed!: (e: unknown) => void;
  const failure = new Promise<never>((_, no) => (failed = no));
  const timer = setTimeout(() => failed(new Error(`the threaded binary did not start within ${START_LIMIT_MS / 1000} s`)), START_LIMIT_MS);
  timer.unref();
  // Emscripten makes this object the module itself: its pthread workers are on it before the module is ready.
  const config: Record<string, unknown> & { PThread?: { terminateAllThreads?(): void } } = {
    locateFile: (path: string, prefix: string) => (path.endsWith('.worker.js') ? worker : path.endsWith('.wasm') ? binary : prefix + path),
    mainScriptUrlOrBlob: script,
    instantiateWasm(info: { env: Record<string, unknown> }, receive: (instance: unknown, module: unknown) => void) {
      info.env.emscripten_num_logical_cores = () => 2 * threads;
      wasmApi.instantiate(readFileSync(binary), info).then((r) => receive(r.instance, r.module), failed);
      return {};
    },
  };
  let module: EmscriptenModule;
  try {
    module = await Promise.race([factory(config), failure]);
  } catch (e) {
    // Its workers would keep the process alive.
    config.PThread?.terminateAllThreads?.();
    throw e;
  } finally {
    clearTimeout(timer);
  }
  // The same bridge tfjs's init() builds (backend_wasm.js).
  module.tfjs = {
    init: module.cwrap('init', null, []),
    initWithThreadsCount: module.cwrap('init_with_threads_count', null, ['number']),
    getThreadsCount: module.cwrap('get_threads_count', 'number', []),
    registerTensor: module.cwrap('register_tensor', null, ['number', 'number', 'number']),
    disposeData: module.cwrap('dispose_data', null, ['number']),
    dispose: module.cwrap('dispose', null, []),
  };
  // XNNPACK's threads wait for work for the life of the process; they must not keep it alive (a CLI run ends when its work does).
  for (const w of [...module.PThread.runningWorkers, ...module.PThread.unusedWorkers]) {
    w.unref();
    // Emscripten refs a worker again when it hands it a thread to run (runPthread).
    w.ref = () => {};
  }
  return module;
}

let threadsInUse = 1;

/** The threads the wasm backend runs its products on (1 until it has started threaded). */
export function wasmThreads(): number {
  return threadsInUse;
}

/**
 * Makes tfjs's "wasm" backend start the threaded binary when more than one thread is wanted. The package must be
 * imported (it registers the stock backend) and not yet initialized. Where the threaded binary does not start, the
 * stock one does, and DENSELY_DEBUG says why.
 */
export function preferThreadedWasm(tf: Tf, wasm: typeof import('@tensorflow/tfjs-backend-wasm'), threads = wasmThreadsWanted()): void {
  if (threads <= 1 || typeof SharedArrayBuffer === 'undefined') return;
  const stock = tf.findBackendFactory('wasm');
  if (!stock) return;
  tf.removeBackend('wasm');
  tf.registerBackend(
    'wasm',
    async () => {
      try {
        const module = await startThreadedModule(threads);
        const backend = new wasm.BackendWasm(module as unknown as ConstructorParameters<typeof wasm.BackendWasm>[0]);
        threadsInUse = wasm.getThreadsCount();
        return backend;
      } catch (e) {
        if (process.env.DENSELY_DEBUG) console.error(`wasm on one thread: ${e instanceof Error ? e.message : String(e)}`);
        return stock();
      }
    },
    2,
  );
}
