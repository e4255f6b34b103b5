/** Console helpers for the repo scripts: one `[trade]` voice, colour only on a terminal. */

const useColor = Boolean(process.stdout.isTTY) && !process.env.NO_COLOR && process.env.TERM !== "dumb";

const codes = { bold: 1, dim: 2, red: 31, green: 32, yellow: 33, blue: 34, magenta: 35, cyan: 36 } as const;
export type Color = keyof typeof codes;

export function paint(color: Color, text: string): string {
  return useColor ? `\u001b[${codes[color]}m${text}\u001b[0m` : text;
}

export const colorEnabled = useColor;

export function info(message: string): void {
  console.log(`${paint("cyan", "[trade]")} ${message}`);
}

export function warn(message: string): void {
  console.warn(`${paint("yellow", "[trade]")} ${paint("yellow", "warning:")} ${message}`);
}

export function fail(message: string): void {
  console.error(`${paint("red", "[trade]")} ${paint("red", "error:")} ${message}`);
}

export function seconds(sinceMs: number): string {
  return `${((performance.now() - sinceMs) / 1000).toFixed(1)}s`;
}

/** A URL safe to print: the password, if any, replaced by `***`. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = "***";
    return parsed.toString();
  } catch {
    return "(unparseable URL)";
  }
}
