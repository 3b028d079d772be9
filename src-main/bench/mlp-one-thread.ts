/**
 * The digit MLP's timed passes in a process of its own, run by the mlp part with DENSELY_WASM_THREADS=1: the wasm
 * backend's thread pool is fixed when it starts, so one thread beside every core takes a second process.
 * Arguments: samples, passes, time limit (ms). Prints one JSON line: { median, passes, threads }.
 */
import { timedPasses } from './mlp';

const [samples, passes, timeoutMs] = process.argv.slice(2).map(Number);
const r = await timedPasses('wasm', samples!, passes!, timeoutMs!);
process.stdout.write(JSON.stringify(r) + '\n');
