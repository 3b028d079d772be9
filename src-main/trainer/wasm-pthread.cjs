// A pthread worker of the threaded wasm backend (wasm-threads.ts): runs tfjs-backend-wasm's own worker script,
// which the package ships as a string for browsers' Blob URLs. Newlines inside its string literals are kept escaped,
// as the package's own loader does before it makes the Blob.
const { wasmWorkerContents } = require('@tensorflow/tfjs-backend-wasm/wasm-out/tfjs-backend-wasm-threaded-simd.worker.js');
// A direct eval, so that the script sees this module's require and __filename, as Emscripten's Node branch expects.
eval(wasmWorkerContents.replace(/\n/g, '\\n'));
