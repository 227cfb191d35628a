/**
 * RFC 4180 CSV: fields separated by a delimiter, optionally enclosed in double quotes, `""`
 * inside quotes for a quote, line breaks (CRLF, LF, CR) inside quotes kept. Lenient where
 * exports are sloppy: a quote inside an unquoted field is kept as text. Errors name the row,
 * never the content.
 */

/**
 * A CSV problem with its 1-based row within the text.
 *
 * @example
 * throw new CsvError('unterminated quoted field', 3);
 */
export class CsvError extends Error {
  constructor(message: string, readonly row: number) {
    super(`row ${row}: ${message}`);
    this.name = 'CsvError';
  }
}

/**
 * Split CSV text into rows of fields. Empty lines are skipped.
 *
 * @example
 * parseCsv('a,"b ""x"", c"\n1,2', ',') // [['a', 'b "x", c'], ['1', '2']]
 */
export function parseCsv(text: string, delimiter: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let i = 0;
  let rowNo = 1;
  let quoted = false;
  let fieldStarted = false;
  let atFieldStart = true;
  const n = text.length;
  const endRow = () => {
    if (row.length > 0 || field !== '' || fieldStarted) {
      row.push(field);
      rows.push(row);
    }
    row = [];
    field = '';
    fieldStarted = false;
    atFieldStart = true;
    rowNo++;
  };
  while (i < n) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i += 2;
          continue;
        }
        quoted = false;
        i++;
        continue;
      }
      field += c;
      i++;
      continue;
    }
    if (c === '"' && atFieldStart) {
      quoted = true;
      fieldStarted = true;
      atFieldStart = false;
      i++;
      continue;
    }
    if (c === delimiter) {
      row.push(field);
      field = '';
      fieldStarted = true;
      atFieldStart = true;
      i++;
      continue;
    }
    if (c === '\r' || c === '\n') {
      endRow();
      i += c === '\r' && text[i + 1] === '\n' ? 2 : 1;
      continue;
    }
    field += c;
    atFieldStart = false;
    i++;
  }
  if (quoted) throw new CsvError('unterminated quoted field', rowNo);
  endRow();
  return rows;
}
