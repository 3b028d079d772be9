/** Of the two native TensorFlow packages, only the first that loads is imported. */
import { describe, expect, it } from 'vitest';
import { importNativeBackend } from './backend';

const notInstalled = (pkg: string) => Object.assign(new Error(`Cannot find package '${pkg}'`), { code: 'ERR_MODULE_NOT_FOUND' });

/** A module loader that loads the packages named and records every import asked of it. */
function loader(installed: readonly string[], broken: Record<string, string> = {}) {
  const imported: string[] = [];
  const load = async (pkg: string) => {
    imported.push(pkg);
    if (broken[pkg]) throw new Error(broken[pkg]);
    if (!installed.includes(pkg)) throw notInstalled(pkg);
    return {};
  };
  return { imported, load };
}

describe('native backends', () => {
  it('imports only tfjs-node-gpu when it loads, though tfjs-node is installed too', async () => {
    const l = loader(['@tensorflow/tfjs-node-gpu', '@tensorflow/tfjs-node']);
    const result = await importNativeBackend(l.load);
    expect(l.imported).toEqual(['@tensorflow/tfjs-node-gpu']);
    expect(result).toEqual({
      'tensorflow-gpu': null,
      tensorflow: '@tensorflow/tfjs-node-gpu is loaded instead, and the two cannot share a process',
    });
  });

  it('imports tfjs-node only after tfjs-node-gpu failed, whether absent or broken', async () => {
    const absent = loader(['@tensorflow/tfjs-node']);
    expect(await importNativeBackend(absent.load)).toEqual({ 'tensorflow-gpu': '@tensorflow/tfjs-node-gpu is not installed', tensorflow: null });
    expect(absent.imported).toEqual(['@tensorflow/tfjs-node-gpu', '@tensorflow/tfjs-node']);

    const broken = loader(['@tensorflow/tfjs-node-gpu', '@tensorflow/tfjs-node'], { '@tensorflow/tfjs-node-gpu': 'libcudart.so.11.0: cannot open shared object file\nat dlopen' });
    expect(await importNativeBackend(broken.load)).toEqual({ 'tensorflow-gpu': 'libcudart.so.11.0: cannot open shared object file', tensorflow: null });
    expect(broken.imported).toEqual(['@tensorflow/tfjs-node-gpu', '@tensorflow/tfjs-node']);
  });

  it('says why neither is used when neither is installed', async () => {
    const none = loader([]);
    expect(await importNativeBackend(none.load)).toEqual({
      'tensorflow-gpu': '@tensorflow/tfjs-node-gpu is not installed',
      tensorflow: '@tensorflow/tfjs-node is not installed',
    });
  });
});
