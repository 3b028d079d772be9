/**
 * Backend choice. TensorFlow.js loads lazily (commands that do not train stay
 * fast), then the best backend that loads wins: tensorflow-gpu, tensorflow
 * (both optional native packages, of which only the first that loads is
 * imported), wasm, cpu. A forced backend that does not
 * load is a sentence, not a fallback.
 */
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { CPU_MAX_STEP_WORK, prefersCpu } from '../../src-shared/training/backend-choice';
import { BACKENDS, type BackendName } from '../../src-shared/training/settings';
import { preferThreadedWasm } from './wasm-threads';

export type Tf = typeof import('@tensorflow/tfjs-core');

/** The package that provides each backend, and tfjs's own name for it. */
const PACKAGES: Readonly<Record<BackendName, { pkg: string; tfName: string }>> = {
  'tensorflow-gpu': { pkg: '@tensorflow/tfjs-node-gpu', tfName: 'tensorflow' },
  tensorflow: { pkg: '@tensorflow/tfjs-node', tfName: 'tensorflow' },
  wasm: { pkg: '@tensorflow/tfjs-backend-wasm', tfName: 'wasm' },
  cpu: { pkg: '@tensorflow/tfjs-backend-cpu', tfName: 'cpu' },
};

let tfPromise: Promise<Tf> | null = null;

/** tfjs-core with the CPU backend registered; imported once, on first use. */
export function loadTf(): Promise<Tf> {
  tfPromise ??= (async () => {
    // tfjs-core's Node bundle registers no gradients, and its ESM files do not load in
    // Node (directory imports); the umbrella package registers them on the same core.
    await import('@tensorflow/tfjs');
    const tf = await import('@tensorflow/tfjs-core');
    await import('@tensorflow/tfjs-backend-cpu');
    // Tensors that escape are bugs here; silence the per-op warnings of production mode.
    tf.enableProdMode();
    return tf;
  })();
  return tfPromise;
}

type NativeBackend = 'tensorflow-gpu' | 'tensorflow';
const NATIVE: readonly NativeBackend[] = ['tensorflow-gpu', 'tensorflow'];

/** Why a package did not import, in a few words. */
function importFailure(pkg: string, e: unknown): string {
  const code = (e as NodeJS.ErrnoException).code;
  if (code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND') return `${pkg} is not installed`;
  return (e as Error).message?.split('\n')[0] ?? String(e);
}

/**
 * Imports the native packages in order of preference and stops at the first
 * that loads: each brings its own libtensorflow and registers a backend named
 * "tensorflow", so importing the second would load TensorFlow into the
 * process twice and replace the first one's backend. Per package, null when
 * it loaded, else why it is not used.
 */
export async function importNativeBackend(importModule: (pkg: string) => Promise<unknown>): Promise<Record<NativeBackend, string | null>> {
  const result: Record<NativeBackend, string | null> = { 'tensorflow-gpu': null, tensorflow: null };
  let loaded: NativeBackend | null = null;
  for (const name of NATIVE) {
    const { pkg } = PACKAGES[name];
    if (loaded) {
      result[name] = `${PACKAGES[loaded].pkg} is loaded instead, and the two cannot share a process`;
      continue;
    }
    try {
      await importModule(pkg);
      loaded = name;
    } catch (e) {
      result[name] = importFailure(pkg, e);
    }
  }
  return result;
}

let nativePromise: Promise<Record<NativeBackend, string | null>> | null = null;

const attempts = new Map<BackendName, Promise<string | null>>();

/** Loads a backend's package and initializes it; null when it works, else why not. */
function tryLoad(tf: Tf, name: BackendName): Promise<string | null> {
  let p = attempts.get(name);
  if (!p) {
    p = (async () => {
      try {
        if (name === 'tensorflow-gpu' || name === 'tensorflow') {
          // Optional native packages: absent on machines where libtensorflow could not be installed.
          nativePromise ??= importNativeBackend((pkg) => import(/* @vite-ignore */ pkg));
          const why = (await nativePromise)[name];
          if (why) return why;
        } else if (name === 'wasm') {
          const wasm = await import('@tensorflow/tfjs-backend-wasm');
          const require = createRequire(import.meta.url);
          wasm.setWasmPaths(dirname(require.resolve('@tensorflow/tfjs-backend-wasm')) + '/');
          // Every core where the threaded binary starts (wasm-threads.ts); the stock single-threaded one where not.
          preferThreadedWasm(tf, wasm);
        }
        const ok = await tf.setBackend(PACKAGES[name].tfName);
        return ok ? null : `the ${name} backend did not initialize`;
      } catch (e) {
        return importFailure(PACKAGES[name].pkg, e);
      }
    })();
    attempts.set(name, p);
  }
  return p;
}

let allTried: Promise<unknown> | null = null;

/**
 * Tries every backend once, one after another. tfjs refuses every op while a
 * backend's asynchronous initialization (wasm's) is pending, even on another
 * backend; so no run may start, and no run may switch backends, before all
 * have settled. After this, switching between the ones that loaded is
 * synchronous (see makeCurrent).
 */
function tryAll(tf: Tf): Promise<unknown> {
  allTried ??= (async () => {
    for (const name of BACKENDS) await tryLoad(tf, name);
  })();
  return allTried;
}

export function isBackendName(name: string): name is BackendName {
  return (BACKENDS as readonly string[]).includes(name);
}

/**
 * Makes a backend current and returns tf with its name. Without `forced`, the
 * first that loads in the order of BACKENDS.
 */
export async function useBackend(forced?: string): Promise<{ tf: Tf; backend: BackendName }> {
  const tf = await loadTf();
  await tryAll(tf);
  if (forced !== undefined) {
    if (!isBackendName(forced)) throw new Error(`There is no backend named "${forced}"; choose one of ${BACKENDS.join(', ')}.`);
    const why = await tryLoad(tf, forced);
    if (why) throw new Error(`The ${forced} backend could not be used (${why}); choose another of ${BACKENDS.join(', ')}, or leave it out to use the best that loads.`);
    await tf.setBackend(PACKAGES[forced].tfName);
    return { tf, backend: forced };
  }
  for (const name of BACKENDS) {
    // tensorflow-gpu and tensorflow share tfjs's name; once one has loaded, it is current.
    if ((await tryLoad(tf, name)) === null) {
      await tf.setBackend(PACKAGES[name].tfName);
      return { tf, backend: name };
    }
  }
  throw new Error('No TensorFlow.js backend could be loaded, not even the CPU backend; reinstall the app.');
}

/**
 * Makes an initialized backend current at once. tf.setBackend is async, but
 * for a backend that has initialized it switches before it first awaits, so
 * the ops that follow run on that backend.
 */
export function makeCurrent(tf: Tf, name: BackendName): void {
  const tfName = PACKAGES[name].tfName;
  // An initialized backend cannot fail to be set; were it to, the ops that follow say so.
  if (tf.getBackend() !== tfName) tf.setBackend(tfName).catch(() => {});
}

/**
 * The figures behind CPU_MAX_STEP_WORK (src-shared/training/backend-choice.ts),
 * the step size up to which cpu beats wasm. Measured through the trainer
 * service, stream off, on the 2-vCPU build box while it was shared (load 5-7;
 * best of 2 runs each, samples/s, cpu vs wasm):
 *   2-4-2-1 tanh, batch 10 (work 250):            12,607 vs  7,427  cpu 1.7x
 *   2-8-8-1, batch 32 (3,360):                    43,617 vs 34,768  cpu 1.25x
 *   2-16-16-1, batch 10 (3,370):                  14,809 vs 13,436  cpu 1.1x
 *   2-12-12-1, batch 32 (6,560):                  19,914 vs 24,579  wasm 1.2x
 *   2-16-16-1, batch 32 (10,784):                 25,334 vs 31,796  wasm 1.3x
 *   2-64-64-1, batch 32 (141,344):                 7,145 vs 32,529  wasm 4.6x
 *   784-128-10, batch 32 (3.3M):                     307 vs 13,357  wasm 44x
 * The two cross between 3,400 and 6,500; parameters alone predict it less
 * well than parameters times batch. tfjs-node could not be installed here, so
 * that the cpu backend also beats it on tiny networks is assumed, not measured.
 */
export { CPU_MAX_STEP_WORK };

/**
 * The backend a network trains on: the forced one if any, else cpu for a
 * small step (see CPU_MAX_STEP_WORK), else the best that loads.
 */
export function backendForNetwork(params: number, batchSize: number, forced?: string): Promise<{ tf: Tf; backend: BackendName }> {
  if (forced !== undefined) return useBackend(forced);
  if (prefersCpu(params, batchSize)) return useBackend('cpu');
  return useBackend();
}

/** Every backend that loads here, in order of preference. */
export async function availableBackends(): Promise<BackendName[]> {
  const tf = await loadTf();
  await tryAll(tf);
  const current = tf.getBackend();
  const out: BackendName[] = [];
  for (const name of BACKENDS) if ((await tryLoad(tf, name)) === null) out.push(name);
  if (current) await tf.setBackend(current);
  return out;
}
