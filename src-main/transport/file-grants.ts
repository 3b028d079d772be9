/**
 * Files the person picked (a native dialog, an upload, a drop), known to the
 * renderer only by an opaque id. No path ever crosses the process boundary:
 * the renderer names a file by the id it was handed, and only ids handed out
 * here resolve.
 */
import { randomUUID } from 'node:crypto';

export interface FileGrant {
  readonly path: string;
  /** The file's own name, for the person to read (never a path). */
  readonly name: string;
}

export interface FileGrants {
  /** Records a file the person chose and returns the id the renderer may use for it. */
  grant(path: string, name: string): string;
  resolve(id: string): FileGrant | undefined;
  /** Forgets an id, e.g. once its file has been imported. */
  revoke(id: string): void;
}

export function createFileGrants(): FileGrants {
  const granted = new Map<string, FileGrant>();
  return {
    grant(path, name) {
      const id = randomUUID();
      granted.set(id, { path, name });
      return id;
    },
    resolve: (id) => granted.get(id),
    revoke(id) {
      granted.delete(id);
    },
  };
}
