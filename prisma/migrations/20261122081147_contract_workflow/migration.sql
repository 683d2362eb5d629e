-- DropIndex
DROP INDEX "contract_requests_status_idx";

-- Human numbers CR-1001, CR-1002...: a sequence, so concurrent submissions never share one.
CREATE SEQUENCE "contract_request_number_seq" START 1001 OWNED BY "contract_requests"."number";
SELECT setval('contract_request_number_seq', GREATEST(1001, COALESCE((SELECT max("number") + 1 FROM "contract_requests"), 1001)), false);

-- AlterTable
ALTER TABLE "contract_requests" DROP COLUMN "queue_channel",
DROP COLUMN "queue_ts",
ADD COLUMN     "approvals" JSONB NOT NULL DEFAULT '[]',
ADD COLUMN     "closed_at" TIMESTAMP(3),
ADD COLUMN     "sla_due_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
ADD COLUMN     "submitted_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
ALTER COLUMN "number" SET DEFAULT nextval('contract_request_number_seq'::regclass);

-- Existing rows got "now" above; new ones always set it.
ALTER TABLE "contract_requests" ALTER COLUMN "sla_due_at" DROP DEFAULT;

-- CreateIndex
CREATE INDEX "contract_requests_status_sla_due_at_idx" ON "contract_requests"("status", "sla_due_at");

-- CreateIndex
CREATE INDEX "contract_requests_account_id_status_idx" ON "contract_requests"("account_id", "status");

-- AlterTable
ALTER TABLE "outbox_messages" ADD COLUMN     "resolved_channel" TEXT;
