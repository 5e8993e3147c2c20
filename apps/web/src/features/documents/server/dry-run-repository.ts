// Dry run (`?dryRun=true`): the same use cases, over a repository whose writes only decide.
// Every read is the real one; a compare-and-set answers what it would have written — or the
// state that would have made it fail — and stores nothing, so no version moves and no event is
// announced.
import type { CasResult, DocumentRow, DocumentsRepository } from "@tandem/db";

export function dryRunRepository(repo: DocumentsRepository): DocumentsRepository {
  return {
    ...repo,
    async insert(id, { title, content }, stamp) {
      if (await repo.findMeta(id)) return null;
      return { id, title, content, version: stamp.version, etag: stamp.etag, createdAt: stamp.now, updatedAt: stamp.now, updatedBy: stamp.author, updatedById: stamp.authorId, summary: stamp.summary ?? null, deletedAt: null };
    },
    async compareAndSet(target, change, stamp): Promise<CasResult> {
      const current = await repo.findRow(target.id);
      const matches = current !== null && current.version === target.version && (target.etag === undefined || current.etag === target.etag) && (current.deletedAt === null) === target.live;
      if (!matches) return { written: false, current };
      const row: DocumentRow = {
        ...current,
        title: change.title ?? current.title,
        content: change.content ?? current.content,
        deletedAt: change.deletedAt !== undefined ? change.deletedAt : current.deletedAt,
        createdAt: change.createdAt ?? current.createdAt,
        version: stamp.version,
        etag: stamp.etag,
        updatedAt: stamp.now,
        updatedBy: stamp.author,
        updatedById: stamp.authorId,
        summary: stamp.summary ?? null,
      };
      return { written: true, row };
    },
    /** Would it be erased: the document exists and is deleted (the real purge's own condition). */
    async purge(id) {
      const meta = await repo.findMeta(id);
      return meta !== null && meta.deletedAt !== null;
    },
  };
}
