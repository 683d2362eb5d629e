import { closeSync, openSync, readFileSync, unlinkSync, writeSync } from "node:fs";
import { KurokoError } from "../errors.js";

export class DataDirBusyError extends KurokoError {
  constructor(dir: string, pid: number) {
    super(
      `The embedded database in ${dir} is in use by another Kuroko process (pid ${pid}), probably the bot. ` +
        "The embedded database serves one process at a time: stop that process first, " +
        "or set DATABASE_URL to use PostgreSQL, which any number of processes can share.",
    );
  }
}

const isAlive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
};

/**
 * Takes the embedded database's directory for this process. PGlite takes no lock of its own,
 * and two processes writing one data directory corrupt it. A lock left by a dead process is
 * taken over. Returns the release function.
 */
export function lockDataDir(dir: string): () => void {
  const path = `${dir}/kuroko.lock`;
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(path, "wx");
      writeSync(fd, String(process.pid));
      closeSync(fd);
      let released = false;
      const release = () => {
        if (released) return;
        released = true;
        process.off("exit", release);
        try {
          unlinkSync(path);
        } catch {
          // Already gone: nothing to release.
        }
      };
      process.on("exit", release);
      return release;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      const holder = Number.parseInt(readFileSync(path, "utf8"), 10);
      if (Number.isInteger(holder) && holder !== process.pid && isAlive(holder)) {
        throw new DataDirBusyError(dir, holder);
      }
      unlinkSync(path);
    }
  }
  throw new Error(`Could not lock ${dir}: another process keeps creating ${path}.`);
}
