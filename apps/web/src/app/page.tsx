import { DocumentList } from "@/components/document-list";

export default function Home() {
  return <DocumentList />;
}
