import Link from "next/link";

export function Logo() {
  return (
    <Link href="/" className="flex shrink-0 items-center gap-2 rounded-md font-semibold tracking-tight text-zinc-900">
      <span
        aria-hidden="true"
        className="grid size-8 place-items-center rounded-lg bg-indigo-600 text-sm font-bold text-white"
      >
        T
      </span>
      <span className="text-lg">Trade</span>
    </Link>
  );
}
