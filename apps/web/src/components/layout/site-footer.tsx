export function SiteFooter() {
  return (
    <footer className="border-t border-zinc-200 bg-white">
      <div className="mx-auto flex max-w-6xl flex-wrap items-center justify-between gap-2 px-4 py-6 text-sm text-zinc-600 sm:px-6">
        <p>Trade · an open-source shop</p>
        <p>Prices include every fee. Orders hold your money until you pay, for 30 minutes.</p>
      </div>
    </footer>
  );
}
