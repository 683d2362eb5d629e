-- AlterTable
ALTER TABLE "contract_requests" ADD COLUMN     "overdue_flagged_at" TIMESTAMP(3);
