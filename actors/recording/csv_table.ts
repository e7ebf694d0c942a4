/**
 * CSV text to a table of string cells: UTF-8 BOM, CRLF, blank lines, `,` `;` or tab separators
 * (chosen from the header line), and RFC 4180 double-quoted cells.
 * @module
 */
import { RecordingError } from "./recording_error.ts";

/** A parsed CSV: the header cells and the data rows with their file line numbers. */
export interface CsvTable {
  header: string[];
  rows: string[][];
  /** `lines[i]` is the 1-based file line of `rows[i]`. */
  lines: number[];
}

/**
 * Splits CSV text into a header and rows; every row must have as many cells as the header.
 *
 * @example
 * ```ts
 * parseCsvTable("\uFEFF时间,Ia\n0.000,1.5\n", "a.csv");
 * // { header: ["时间", "Ia"], rows: [["0.000", "1.5"]], lines: [2] }
 * ```
 */
export function parseCsvTable(text: string, source: string): CsvTable {
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const rawLines = text.split(/\r\n|\n|\r/);
  const headerIndex = rawLines.findIndex((l) => l.trim() !== "");
  if (headerIndex < 0) throw new RecordingError("RECORDING_EMPTY", source, "the file is empty (no header line, no rows)");
  const headerLine = rawLines[headerIndex];
  const separator = pickSeparator(headerLine);
  const header = splitCells(headerLine, separator, source, headerIndex + 1).map((h) => h.trim());
  header.forEach((h, i) => {
    if (h === "") throw new RecordingError("RECORDING_COLUMN_MISSING", source, `header line ${headerIndex + 1} has an empty column name at position ${i + 1}`);
  });
  const rows: string[][] = [];
  const lines: number[] = [];
  for (let i = headerIndex + 1; i < rawLines.length; i++) {
    const line = rawLines[i];
    if (line.trim() === "") continue;
    const cells = splitCells(line, separator, source, i + 1);
    if (cells.length !== header.length) {
      throw new RecordingError(
        "RECORDING_ROW_MALFORMED",
        source,
        `line ${i + 1} has ${cells.length} cells but the header has ${header.length} (${header.join(separator)})`,
      );
    }
    rows.push(cells);
    lines.push(i + 1);
  }
  return { header, rows, lines };
}

function pickSeparator(headerLine: string): string {
  const counts = [",", ";", "\t"].map((s) => [s, headerLine.split(s).length - 1] as const);
  counts.sort((a, b) => b[1] - a[1]);
  return counts[0][1] > 0 ? counts[0][0] : ",";
}

function splitCells(line: string, sep: string, source: string, lineNo: number): string[] {
  if (!line.includes('"')) return line.split(sep);
  const cells: string[] = [];
  let cell = "";
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === sep) {
      cells.push(cell);
      cell = "";
    } else cell += ch;
  }
  if (quoted) throw new RecordingError("RECORDING_ROW_MALFORMED", source, `line ${lineNo} has an unterminated quoted cell`);
  cells.push(cell);
  return cells;
}
