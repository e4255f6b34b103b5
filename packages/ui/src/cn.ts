/**
 * Joins class names, skipping falsy ones: cn("a", cond && "b"). No tailwind-merge: the kit's
 * components put the caller's className last and callers add classes rather than fight the kit's.
 */
export function cn(...parts: (string | false | null | undefined)[]): string {
  return parts.filter(Boolean).join(" ");
}
