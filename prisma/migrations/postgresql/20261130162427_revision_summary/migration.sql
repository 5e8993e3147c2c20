-- AlterTable
ALTER TABLE "Document" ADD COLUMN     "summary" TEXT;

-- AlterTable
ALTER TABLE "Revision" ADD COLUMN     "summary" TEXT;

