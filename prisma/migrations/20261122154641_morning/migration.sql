-- AlterTable
ALTER TABLE "alerts" ADD COLUMN     "owner_notified_at" TIMESTAMP(3),
ADD COLUMN     "severity" INTEGER NOT NULL DEFAULT 0;

-- CreateTable
CREATE TABLE "alert_baselines" (
    "id" SERIAL NOT NULL,
    "fingerprint" TEXT NOT NULL,
    "day" DATE NOT NULL,
    "accounts" JSONB NOT NULL DEFAULT '[]',
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "alert_baselines_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "renewal_reminders" (
    "id" SERIAL NOT NULL,
    "account_id" INTEGER NOT NULL,
    "renewal_date" DATE NOT NULL,
    "window_days" INTEGER NOT NULL,
    "day" DATE NOT NULL,
    "owner_notified_at" TIMESTAMP(3),
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "renewal_reminders_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "alert_baselines_fingerprint_key" ON "alert_baselines"("fingerprint");

-- CreateIndex
CREATE INDEX "renewal_reminders_day_idx" ON "renewal_reminders"("day");

-- CreateIndex
CREATE INDEX "renewal_reminders_owner_notified_at_idx" ON "renewal_reminders"("owner_notified_at");

-- CreateIndex
CREATE UNIQUE INDEX "renewal_reminders_account_id_renewal_date_window_days_key" ON "renewal_reminders"("account_id", "renewal_date", "window_days");

-- CreateIndex
CREATE INDEX "alerts_owner_notified_at_idx" ON "alerts"("owner_notified_at");

-- AddForeignKey
ALTER TABLE "renewal_reminders" ADD CONSTRAINT "renewal_reminders_account_id_fkey" FOREIGN KEY ("account_id") REFERENCES "accounts"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Alerts raised before this migration were DMed to their owner when raised.
UPDATE "alerts" SET "owner_notified_at" = "created_at" WHERE "owner_notified_at" IS NULL;

-- Reminders sent before this migration were recorded by their outbox keys
-- (renewal:<account>:<renewal date>:<window>:channel|owner): keep them sent.
INSERT INTO "renewal_reminders" ("account_id", "renewal_date", "window_days", "day", "owner_notified_at", "created_at")
SELECT DISTINCT ON (k.account_id, k.renewal_date, k.window_days)
       k.account_id, k.renewal_date, k.window_days, o."created_at"::date, o."created_at", o."created_at"
FROM "outbox_messages" o
CROSS JOIN LATERAL (
  SELECT split_part(o."dedupe_key", ':', 2)::int AS account_id,
         split_part(o."dedupe_key", ':', 3)::date AS renewal_date,
         split_part(o."dedupe_key", ':', 4)::int AS window_days
) k
JOIN "accounts" a ON a."id" = k.account_id
WHERE o."dedupe_key" ~ '^renewal:[0-9]{1,9}:[0-9]{4}-[0-9]{2}-[0-9]{2}:[0-9]{1,3}:(channel|owner)$'
ORDER BY k.account_id, k.renewal_date, k.window_days, o."created_at"
ON CONFLICT DO NOTHING;
