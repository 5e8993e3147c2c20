export default function Home() {
  return (
    <main style={{ fontFamily: "system-ui, sans-serif", maxWidth: 640, margin: "4rem auto", padding: "0 1rem" }}>
      <h1>Tandem</h1>
      <p>
        The documents API is at <code>/api/documents</code>. The editor arrives with the web app; until then see the
        README for curl examples.
      </p>
    </main>
  );
}
