import { DocumentEditor } from "@/features/documents/components/editor/document-editor.tsx";

export default async function DocumentPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  // One editing session per document: another id is a new session, not a reused one.
  return <DocumentEditor key={id} id={id} />;
}
