/**
 * Limits that keep a document drawable, countable and trainable in memory.
 * Each has its own message where it is enforced.
 */
export const MAX_UNITS = 100_000;
export const MAX_INPUT_SIZE = 1_000_000;
export const MAX_LAYERS = 1_000;
export const MAX_PROJECT_FILE_BYTES = 2 * 1024 * 1024;
