/**
 * A small RFC 4180 reader for the import preview only (quoted fields, doubled quotes, CRLF).
 * The server parses the file again with csv-parse and is the one that validates it.
 */
export function parseCsv(text: string, maxRows = Infinity): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let quoted = false;
  const input = text.replace(/^\uFEFF/, "");
  for (let i = 0; i < input.length && rows.length < maxRows; i++) {
    const ch = input[i];
    if (quoted) {
      if (ch === '"' && input[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ",") {
      row.push(field);
      field = "";
    } else if (ch === "\n" || ch === "\r") {
      if (ch === "\r" && input[i + 1] === "\n") i++;
      row.push(field);
      if (row.some((f) => f.trim() !== "")) rows.push(row);
      row = [];
      field = "";
    } else field += ch;
  }
  if (rows.length < maxRows && (field !== "" || row.length > 0)) {
    row.push(field);
    if (row.some((f) => f.trim() !== "")) rows.push(row);
  }
  return rows;
}

/** Header + data rows as records keyed by lower-case column name. */
export function csvRecords(text: string, maxRows: number): { columns: string[]; records: Record<string, string>[] } {
  const [header = [], ...data] = parseCsv(text, maxRows + 1);
  const columns = header.map((c) => c.trim().toLowerCase());
  return { columns, records: data.map((r) => Object.fromEntries(columns.map((c, i) => [c, (r[i] ?? "").trim()]))) };
}
