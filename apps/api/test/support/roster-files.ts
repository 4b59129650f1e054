import { Workbook } from 'exceljs';

import { cellText } from '../../src/modules/membership/roster-reader';

/** The header row and data rows of an XLSX file's first sheet, as text the import would read. */
export async function readXlsxRows(file: Buffer): Promise<string[][]> {
  const book = new Workbook();
  await book.xlsx.load(new Uint8Array(file).buffer);
  const rows: string[][] = [];
  book.worksheets[0].eachRow((row) => {
    const values = Array.isArray(row.values) ? row.values.slice(1) : [];
    rows.push(values.map((v) => cellText(v)));
  });
  return rows;
}

/**
 * Fills the roster template as a cadre would: the example row replaced by `rows` (one array of cells per
 * person, in the template's column order), everything else (header, formats, notes sheet) kept.
 */
export async function fillRosterTemplate(template: Buffer, rows: readonly string[][]): Promise<Buffer> {
  const book = new Workbook();
  await book.xlsx.load(new Uint8Array(template).buffer);
  const sheet = book.worksheets[0];
  rows.forEach((cells, i) => {
    const row = sheet.getRow(i + 2);
    cells.forEach((value, j) => {
      row.getCell(j + 1).value = value;
    });
    row.commit();
  });
  return Buffer.from(await book.xlsx.writeBuffer());
}
