import { DocumentList } from "@/features/documents/components/document-list.tsx";

export default function Home() {
  return <DocumentList />;
}
