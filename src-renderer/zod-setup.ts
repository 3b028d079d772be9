/**
 * Imported first by main.ts: zod probes `new Function` to compile faster,
 * which the page's CSP forbids (and logs as a violation). Turn the probe off
 * before any schema is built or parsed.
 */
import { z } from 'zod';

z.config({ jitless: true });
