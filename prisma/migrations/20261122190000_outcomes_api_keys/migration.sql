-- Outcomes: what customers did, for back-tests of the model.
CREATE TABLE "account_outcomes" (
    "id" SERIAL NOT NULL,
    "account_id" INTEGER NOT NULL,
    "kind" TEXT NOT NULL,
    "date" DATE NOT NULL,
    "arr_change" DECIMAL(16,2),
    "note" TEXT,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "account_outcomes_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "account_outcomes_kind_check" CHECK ("kind" IN ('churned', 'renewed', 'downgraded', 'expanded'))
);
CREATE INDEX "account_outcomes_date_idx" ON "account_outcomes"("date");
CREATE UNIQUE INDEX "account_outcomes_account_id_kind_date_key" ON "account_outcomes"("account_id", "kind", "date");
ALTER TABLE "account_outcomes" ADD CONSTRAINT "account_outcomes_account_id_fkey" FOREIGN KEY ("account_id") REFERENCES "accounts"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Ingest API idempotency keys.
CREATE TABLE "api_idempotency" (
    "token_name" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "request_hash" TEXT NOT NULL,
    "status" INTEGER,
    "body" JSONB,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "api_idempotency_pkey" PRIMARY KEY ("token_name", "key")
);
CREATE INDEX "api_idempotency_created_at_idx" ON "api_idempotency"("created_at");
