-- Hand-written (Prisma cannot express generated tsvector columns or GIN indexes on them):
-- full-text search over the title (weight A) and content (weight B) of documents. The
-- schema.prisma beside it is the previous snapshot, unchanged: Prisma's model does not know
-- the column, so its diffs never see (or drop) it, and its queries never select it.
--
-- `simple` configuration: no stemming and no stop words, because documents are in any
-- language; case-insensitive, accent-sensitive, like the SQLite index (unicode61 without
-- diacritic folding). Only the first 100,000 characters of content are indexed
-- (SEARCH_INDEXED_CONTENT_CHARS in @tandem/contract): a tsvector is limited to 1 MB and a
-- 4 MiB body of short distinct words would exceed it, failing the write.
-- A stored generated column: computed on write, so the backfill is this ALTER itself, and a
-- search ranks from the stored vector instead of parsing content again.
ALTER TABLE "Document" ADD COLUMN "searchVector" tsvector GENERATED ALWAYS AS (
  setweight(to_tsvector('simple'::regconfig, "title"), 'A') ||
  setweight(to_tsvector('simple'::regconfig, left("content", 100000)), 'B')
) STORED;

CREATE INDEX "Document_searchVector_idx" ON "Document" USING GIN ("searchVector");
