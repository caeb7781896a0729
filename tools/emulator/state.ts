import { existsSync, readFileSync } from "node:fs";
import { rename, writeFile } from "node:fs/promises";
import { Directory, type Snapshot } from "./directory/directory";

/** Loads a `--state` snapshot, or returns undefined when the file does not exist yet. */
export function loadState(path: string): Directory | undefined {
  if (!existsSync(path)) return undefined;
  let snapshot: Snapshot;
  try {
    snapshot = JSON.parse(readFileSync(path, "utf8")) as Snapshot;
  } catch (e) {
    throw new Error(`cannot read the state file ${path}: ${(e as Error).message}`);
  }
  return Directory.fromSnapshot(snapshot);
}

/**
 * Saves the directory after changes, coalescing bursts (a Pulumi run makes dozens of Graph
 * calls) into one write, and atomically (temp file + rename) so a crash never leaves half a
 * file. The snapshot holds only salted hashes of secrets, never a secret.
 */
export class StateWriter {
  private timer?: NodeJS.Timeout;
  private writing: Promise<void> = Promise.resolve();

  constructor(
    private readonly path: string,
    private readonly directory: Directory,
    private readonly delayMs = 50,
  ) {
    directory.onChange(() => this.schedule());
  }

  private schedule(): void {
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      // A failed background write is retried on the next change and reported by close().
      this.flush().catch(() => undefined);
    }, this.delayMs);
    this.timer.unref();
  }

  /** Writes now (after any write in flight); used on close. */
  flush(): Promise<void> {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    this.writing = this.writing
      .catch(() => undefined)
      .then(async () => {
        const tmp = `${this.path}.${process.pid}.tmp`;
        await writeFile(tmp, JSON.stringify(this.directory.toSnapshot(), null, 2) + "\n", {
          mode: 0o600,
        });
        await rename(tmp, this.path);
      });
    return this.writing;
  }
}
