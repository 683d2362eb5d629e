import { openDatabase } from "../../src/db/database.js";
import { findAccount } from "../../src/health/lookup.js";
import { defaultHealthModel } from "../../src/health/model.js";
import { readCard } from "../../src/health/repository.js";
import { loadHealthCard, OPEN_CONTRACT_STATUSES } from "../../src/health/service.js";
import { buildHealthCard } from "../../src/health/view.js";
import { addDays, todayIn } from "../../src/time.js";

const db = await openDatabase({ dataDir: ".data/bench/embedded-10000" });
const model = defaultHealthModel();
const today = todayIn("UTC");
async function t(name: string, f: () => Promise<unknown> | unknown, n = 300) {
  for (let i = 0; i < 30; i++) await f();
  const s = performance.now();
  for (let i = 0; i < n; i++) await f();
  console.log(name, ((performance.now() - s) / n).toFixed(3), "ms");
}
const found = await findAccount(db.query, "acme");
const id = found.kind === "found" ? found.account.id : 1;
await t("select1", () => db.query("SELECT 1"));
await t("lookup", () => findAccount(db.query, "acme"));
const w = { samplesFrom: addDays(today, -210), trendFrom: addDays(today, -90), today };
await t("readCard", () => readCard(db.query, id, w, OPEN_CONTRACT_STATUSES));
await t("card", () => loadHealthCard(db.query, model, id, today));
const data = (await loadHealthCard(db.query, model, id, today))!;
await t("view", () => buildHealthCard(data));
await db.close();
const db2 = await openDatabase({ dataDir: ".data/bench/embedded-10000" });
const sample = await db2.prisma.account.findMany({
  select: { name: true },
  orderBy: { id: "asc" },
  take: 50,
});
const queries = ["acme", ...sample.map((a) => a.name.toLowerCase())];
let i = 0;
const kinds: Record<string, number> = {};
await t("rotation", async () => {
  const q = queries[i++ % queries.length]!;
  const f = await findAccount(db2.query, q);
  kinds[f.kind] = (kinds[f.kind] ?? 0) + 1;
  if (f.kind === "found") buildHealthCard((await loadHealthCard(db2.query, model, f.account.id, today))!);
});
console.log(kinds);
await db2.close();
