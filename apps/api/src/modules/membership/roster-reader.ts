import { pipeline, type Readable, Transform, type TransformCallback } from 'node:stream';
import { TextDecoder } from 'node:util';

import type { RosterFormat } from '@smartunion/contracts';
import { type CellValue, stream as excelStream } from 'exceljs';
import { parse as csvParse } from 'fast-csv';

/**
 * One row of the file as text cells, with its line (CSV) or row number (XLSX), the header being 1. CSV lines
 * count records: a quoted field spanning several lines (rare in rosters) shifts the numbers after it.
 */
export interface RawRow {
  line: number;
  cells: string[];
}

/**
 * Decodes CSV bytes to UTF-8 text. The encoding is decided on the first chunk: UTF-8 (with or without BOM) when
 * it decodes cleanly, otherwise GB18030, a superset of the GBK that Excel on Chinese Windows saves CSV in.
 */
class CsvTextDecoder extends Transform {
  private decoder?: TextDecoder;

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    if (!this.decoder) {
      let encoding = 'gb18030';
      try {
        new TextDecoder('utf-8', { fatal: true }).decode(chunk, { stream: true });
        encoding = 'utf-8';
      } catch {
        // not UTF-8
      }
      this.decoder = new TextDecoder(encoding);
    }
    done(null, this.decoder.decode(chunk, { stream: true }));
  }

  override _flush(done: TransformCallback): void {
    done(null, this.decoder?.decode() ?? '');
  }
}

async function* readCsv(source: Readable): AsyncGenerator<RawRow> {
  const parser = csvParse<string[], string[]>({ headers: false, ignoreEmpty: false, trim: true });
  const rows = pipeline(source, new CsvTextDecoder(), parser, () => undefined);
  let line = 0;
  for await (const cells of rows as AsyncIterable<string[]>) {
    line += 1;
    yield {
      line,
      cells: line === 1 && cells[0] ? [cells[0].replace(/^\uFEFF/, ''), ...cells.slice(1)] : cells,
    };
  }
}

/** Text of an XLSX cell as a person would read it off the sheet. */
export function cellText(value: CellValue | undefined): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return Number.isInteger(value) ? value.toFixed(0) : String(value);
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if ('richText' in value) return value.richText.map((r) => r.text).join('');
  if ('text' in value && typeof value.text === 'string') return value.text;
  if ('result' in value) return cellText(value.result);
  return '';
}

async function* readXlsx(source: Readable): AsyncGenerator<RawRow> {
  const workbook = new excelStream.xlsx.WorkbookReader(source, {
    worksheets: 'emit',
    sharedStrings: 'cache',
    hyperlinks: 'ignore',
    styles: 'ignore',
    entries: 'ignore',
  });
  // The first worksheet only; the zip is not read further.
  for await (const sheet of workbook) {
    for await (const row of sheet) {
      const values = row.values;
      const cells: string[] = [];
      if (Array.isArray(values)) {
        for (let i = 1; i < values.length; i += 1) cells.push(cellText(values[i]).trim());
      }
      yield { line: row.number, cells };
    }
    return;
  }
}

/** The rows of an uploaded roster, streamed: the file is never held whole (XLSX shared strings excepted). */
export function readRoster(source: Readable, format: RosterFormat): AsyncGenerator<RawRow> {
  return format === 'csv' ? readCsv(source) : readXlsx(source);
}
