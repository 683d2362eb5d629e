-- AlterTable
ALTER TABLE "contract_events" ADD COLUMN     "view_key" TEXT;

-- CreateIndex
CREATE UNIQUE INDEX "contract_events_view_key_key" ON "contract_events"("view_key");
