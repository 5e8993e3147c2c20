-- Hand-written (Prisma cannot express FTS5 tables or triggers): full-text search over the
-- title and content of documents. The schema.prisma beside it is the previous snapshot,
-- unchanged: nothing here is part of Prisma's model, so its diffs never see (or drop) it.
--
-- An external-content FTS5 table: the index holds only tokens; the text stays in "Document".
-- Its content is a view that cuts content to the indexed prefix (SEARCH_INDEXED_CONTENT_CHARS
-- in @tandem/contract, the same prefix PostgreSQL indexes), so what the triggers index, what
-- 'rebuild' reads and what snippet() tokenizes are the same text. Rows are tied by Document's
-- rowid: a VACUUM may renumber it, so run INSERT INTO "DocumentSearch"("DocumentSearch")
-- VALUES ('rebuild') after one.
-- unicode61 without diacritic folding: case-insensitive and accent-sensitive, like
-- PostgreSQL's `simple` configuration.
CREATE VIEW "DocumentSearchSource" AS
  SELECT rowid AS rowid, "title", substr("content", 1, 100000) AS "content" FROM "Document";

CREATE VIRTUAL TABLE "DocumentSearch" USING fts5(
  "title", "content",
  content = 'DocumentSearchSource',
  tokenize = 'unicode61 remove_diacritics 0',
  prefix = '2 3'
);

CREATE TRIGGER "Document_search_insert" AFTER INSERT ON "Document" BEGIN
  INSERT INTO "DocumentSearch"(rowid, "title", "content") VALUES (new.rowid, new."title", substr(new."content", 1, 100000));
END;

CREATE TRIGGER "Document_search_delete" AFTER DELETE ON "Document" BEGIN
  INSERT INTO "DocumentSearch"("DocumentSearch", rowid, "title", "content") VALUES ('delete', old.rowid, old."title", substr(old."content", 1, 100000));
END;

CREATE TRIGGER "Document_search_update" AFTER UPDATE OF "title", "content" ON "Document" BEGIN
  INSERT INTO "DocumentSearch"("DocumentSearch", rowid, "title", "content") VALUES ('delete', old.rowid, old."title", substr(old."content", 1, 100000));
  INSERT INTO "DocumentSearch"(rowid, "title", "content") VALUES (new.rowid, new."title", substr(new."content", 1, 100000));
END;

-- Backfill: index the documents that exist already.
INSERT INTO "DocumentSearch"("DocumentSearch") VALUES ('rebuild');
