import { DocumentList } from "@/features/documents/components/document-list";

export default function Home() {
  return <DocumentList />;
}
