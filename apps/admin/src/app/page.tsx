export default function AdminHomePage() {
  return (
    <main className="mx-auto max-w-3xl px-6 py-16">
      <h1 className="text-3xl font-semibold tracking-tight">Trade admin</h1>
      <p className="mt-2 text-neutral-600">The merchant admin is coming soon.</p>
    </main>
  );
}
