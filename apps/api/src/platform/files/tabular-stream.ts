import { PassThrough, type Readable, type Stream } from 'node:stream';

import { stream as excelStream } from 'exceljs';
import { format as csvFormat } from 'fast-csv';

export type TabularFormat = 'csv' | 'xlsx';
export type Cell = string | number | boolean | null;

export const TABULAR_CONTENT_TYPES: Readonly<Record<TabularFormat, string>> = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

export interface TabularStreamOptions<T> {
  format: TabularFormat;
  columns: readonly string[];
  rows: AsyncIterable<T>;
  toCells(row: T): Cell[];
  /** XLSX only. */
  sheetName?: string;
  /** Called once, however the stream ends (done, failed, or the client went away): release resources here. */
  onClose?(outcome: { rows: number; completed: boolean; error?: Error }): Promise<void> | void;
}

interface Sink {
  out: Readable;
  write(cells: Cell[]): Promise<void> | void;
  end(): Promise<void>;
}

/** Resolves on 'drain' (room again) or when the stream closes or fails, whichever comes first. */
function drained(stream: Stream): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      stream.off('drain', done);
      stream.off('close', done);
      stream.off('error', done);
      resolve();
    };
    stream.on('drain', done);
    stream.on('close', done);
    stream.on('error', done);
  });
}

/** Resolves once `stream` closes; the promise it races never leaves us waiting on a dead stream. */
function untilClosed<T>(stream: Readable, work: Promise<T>): Promise<T | undefined> {
  if (stream.destroyed) return Promise.resolve(undefined);
  return Promise.race([
    work,
    new Promise<undefined>((resolve) => stream.once('close', () => resolve(undefined))),
  ]);
}

/** A cell safe to open in a spreadsheet: text that Excel would run as a formula gets a leading apostrophe. */
function csvSafe(cell: Cell): string {
  if (cell === null) return '';
  const text = String(cell);
  return typeof cell === 'string' && /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

function csvSink(columns: readonly string[]): Sink {
  // UTF-8 with a BOM, so Excel opens Chinese text correctly.
  const out = csvFormat<string[], string[]>({ headers: [...columns], writeBOM: true });
  return {
    out,
    write: (cells) => {
      if (!out.write(cells.map(csvSafe))) return drained(out);
    },
    end: async () => {
      out.end();
      await Promise.resolve();
    },
  };
}

function xlsxSink(columns: readonly string[], sheetName: string): Sink {
  const out = new PassThrough();
  const workbook = new excelStream.xlsx.WorkbookWriter({
    stream: out,
    useStyles: false,
    useSharedStrings: false,
  });
  const sheet = workbook.addWorksheet(sheetName);
  sheet.addRow([...columns]).commit();
  let n = 0;
  return {
    out,
    write: (cells) => {
      sheet.addRow(cells).commit();
      n += 1;
      // The zip writer ignores back-pressure; checking now and then bounds what it buffers.
      if (n % 100 === 0 && out.writableNeedDrain) return drained(out);
    },
    end: async () => {
      sheet.commit();
      await untilClosed(out, workbook.commit());
    },
  };
}

/**
 * Streams rows out as a CSV or XLSX download, pulling the next row only when the client keeps up. Returns at
 * once; the rows are pumped in the background and `onClose` reports how it ended.
 */
export function tabularStream<T>(options: TabularStreamOptions<T>): Readable {
  const sink =
    options.format === 'csv'
      ? csvSink(options.columns)
      : xlsxSink(options.columns, options.sheetName ?? 'Sheet1');
  void pump(options, sink);
  return sink.out;
}

async function pump<T>(options: TabularStreamOptions<T>, sink: Sink): Promise<void> {
  let rows = 0;
  let completed = false;
  let error: Error | undefined;
  try {
    for await (const row of options.rows) {
      if (sink.out.destroyed) break;
      const wait = sink.write(options.toCells(row));
      if (wait) await wait;
      rows += 1;
    }
    if (!sink.out.destroyed) {
      await sink.end();
      completed = true;
    }
  } catch (e) {
    error = e instanceof Error ? e : new Error(String(e));
    sink.out.destroy(error);
  } finally {
    try {
      await options.onClose?.({ rows, completed, error });
    } catch {
      // onClose logs its own failures; nothing left to tell the client.
    }
  }
}
