-- AlterTable
ALTER TABLE "alerts" ADD COLUMN     "version" INTEGER NOT NULL DEFAULT 0;
