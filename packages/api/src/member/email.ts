/** The one normal form of an email: trimmed, lower-case (the database CHECK enforces it). */
export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}
