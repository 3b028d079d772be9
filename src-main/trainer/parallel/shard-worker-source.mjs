// A shard worker started from source (the web host, the CLI and tests run TypeScript through tsx): the loader hooks
// of the parent thread do not reach a worker thread, so the worker registers tsx itself, then loads the worker.
// The built app starts shard-worker.js, which electron-vite builds next to the main bundle.
import { register } from 'tsx/esm/api';

register();
await import('./shard-worker.ts');
