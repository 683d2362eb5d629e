import { afterAll, afterEach, beforeAll, beforeEach } from "vitest";
import { type RunningApp, startTestApp } from "./app.js";
import { openTestDatabase, type TestDatabase } from "./database.js";
import { FakeSlack } from "./fake-slack.js";

/**
 * A real database for one test file (PGlite's start-up is paid once per file), emptied
 * before each test when `resetEachTest` is set. Read `.db` inside tests and hooks.
 */
export function useDatabase(options: { resetEachTest?: boolean } = {}): { readonly db: TestDatabase } {
  let db: TestDatabase | undefined;
  beforeAll(async () => {
    db = await openTestDatabase();
  });
  afterAll(async () => {
    await db?.close();
  });
  if (options.resetEachTest) {
    beforeEach(async () => {
      await db!.reset();
    });
  }
  return {
    get db() {
      return db!;
    },
  };
}

/**
 * The fake Slack, a real database (prepared by `seed`) and the real app on 127.0.0.1, for one
 * test file; the fake forgets its calls after each test.
 */
export function useApp(
  options: Parameters<typeof startTestApp>[2] & { seed?: (db: TestDatabase) => Promise<void> } = {},
): { readonly db: TestDatabase; readonly fake: FakeSlack; readonly app: RunningApp } {
  let db: TestDatabase | undefined;
  let fake: FakeSlack | undefined;
  let app: RunningApp | undefined;
  beforeAll(async () => {
    fake = await new FakeSlack().start();
    db = await openTestDatabase();
    await options.seed?.(db);
    app = await startTestApp(db, fake, options);
  });
  afterAll(async () => {
    await app?.stop();
    await db?.close();
    await fake?.stop();
  });
  afterEach(() => fake?.reset());
  return {
    get db() {
      return db!;
    },
    get fake() {
      return fake!;
    },
    get app() {
      return app!;
    },
  };
}
