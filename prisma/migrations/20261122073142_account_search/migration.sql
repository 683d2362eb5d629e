-- AlterTable
ALTER TABLE "accounts" ADD COLUMN     "search_key" TEXT NOT NULL DEFAULT '';

-- CreateIndex
CREATE INDEX "accounts_search_key_idx" ON "accounts"("search_key" text_pattern_ops);

-- CreateIndex
CREATE INDEX "accounts_domain_idx" ON "accounts"("domain");

-- CRM ids are matched case-insensitively by /health (a functional index Prisma's schema cannot express).
CREATE INDEX "accounts_lower_external_id_idx" ON "accounts" (lower("external_id"));

-- Accounts written before this migration get an approximate key; the next import or seed writes the exact one.
UPDATE "accounts" SET "search_key" = lower(regexp_replace("name", '[^[:alnum:]]+', '', 'g'));
