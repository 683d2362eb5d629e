import { createHash } from "node:crypto";
import { existsSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { TestProject } from "vitest/node";
import { openDatabase } from "../../src/db/database.js";
import { readMigrations } from "../../src/db/migrate.js";

declare module "vitest" {
  export interface ProvidedContext {
    /** A dumped, migrated embedded database each test file starts from (see database.ts). */
    pgliteTemplate: string | undefined;
  }
}

const PREFIX = "kuroko-test-template-";

/**
 * Migrates one embedded database for the whole run and dumps it, so that each test file starts
 * its own from the dump (about a second) instead of creating and migrating one (several). The
 * dump is kept between runs, named after the migrations it holds.
 */
export default async function setup(project: TestProject): Promise<void> {
  if (process.env.KUROKO_TEST_DATABASE_URL) {
    project.provide("pgliteTemplate", undefined);
    return;
  }
  const migrations = readMigrations();
  const key = createHash("sha256")
    .update(migrations.map((m) => `${m.name}:${m.checksum}`).join("\n"))
    .digest("hex")
    .slice(0, 16);
  const file = join(tmpdir(), `${PREFIX}${key}.tar`);
  if (!existsSync(file)) {
    const db = await openDatabase({ dataDir: "memory://" });
    try {
      const dump = await db.dump!();
      const partial = `${file}.${process.pid}.partial`;
      writeFileSync(partial, Buffer.from(await dump.arrayBuffer()));
      renameSync(partial, file);
    } finally {
      await db.close();
    }
    // Templates of other migrations, unless recent: another checkout's run may be using one now.
    const stale = Date.now() - 24 * 3_600_000;
    for (const old of readdirSync(tmpdir()).filter((f) => f.startsWith(PREFIX) && !file.endsWith(f)))
      if ((statSync(join(tmpdir(), old), { throwIfNoEntry: false })?.mtimeMs ?? 0) < stale)
        rmSync(join(tmpdir(), old), { force: true });
  }
  project.provide("pgliteTemplate", file);
}
