-- AlterTable
ALTER TABLE "contract_requests" ADD COLUMN     "document_url" TEXT,
ADD COLUMN     "stage" TEXT,
ADD COLUMN     "stage_changed_at" TIMESTAMP(3),
ADD COLUMN     "withdrawn_reason" TEXT;

-- AlterTable
ALTER TABLE "contract_events" ADD COLUMN     "on_behalf_of" TEXT;

-- CreateTable
CREATE TABLE "contract_escalations" (
    "id" SERIAL NOT NULL,
    "request_id" INTEGER NOT NULL,
    "step" TEXT NOT NULL,
    "sla_due_at" TIMESTAMP(3) NOT NULL,
    "fired_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "contract_escalations_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "approver_covers" (
    "id" SERIAL NOT NULL,
    "user_id" TEXT NOT NULL,
    "delegate_id" TEXT NOT NULL,
    "starts_on" DATE NOT NULL,
    "ends_on" DATE NOT NULL,
    "created_by" TEXT NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "cancelled_at" TIMESTAMP(3),

    CONSTRAINT "approver_covers_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "contract_escalations_request_id_step_sla_due_at_key" ON "contract_escalations"("request_id", "step", "sla_due_at");

-- CreateIndex
CREATE INDEX "approver_covers_user_id_ends_on_idx" ON "approver_covers"("user_id", "ends_on");

-- CreateIndex
CREATE INDEX "approver_covers_delegate_id_ends_on_idx" ON "approver_covers"("delegate_id", "ends_on");

-- AddForeignKey
ALTER TABLE "contract_escalations" ADD CONSTRAINT "contract_escalations_request_id_fkey" FOREIGN KEY ("request_id") REFERENCES "contract_requests"("id") ON DELETE CASCADE ON UPDATE CASCADE;
