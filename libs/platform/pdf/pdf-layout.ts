import PDFDocument from 'pdfkit';
import { DateTime } from 'luxon';

/** The letters and certificates the portal writes (invoices, attestations): A4, pdfkit's standard fonts. */
export function renderPdf(title: string, build: (doc: PDFKit.PDFDocument) => void, options: { margin?: number } = {}): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const doc = new PDFDocument({ size: 'A4', margin: options.margin ?? 50, info: { Title: title, Producer: 'Portail Famille' } });
    const chunks: Buffer[] = [];
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    build(doc);
    doc.end();
  });
}

/** pdfkit's standard fonts speak WinAnsi: no narrow no-break space. */
export const pdfEuros = (cents: number) => {
  const abs = Math.abs(cents);
  const units = Math.floor(abs / 100).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ' ');
  return `${cents < 0 ? '-' : ''}${units},${String(abs % 100).padStart(2, '0')} €`;
};
/** AAAA-MM-JJ → JJ/MM/AAAA. */
export const frenchDate = (iso: string) => `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`;
/** AAAA-MM → « septembre 2026 ». */
export const monthLabel = (month: string) => DateTime.fromISO(`${month}-01`).setLocale('fr').toFormat('LLLL yyyy');

/** Who signs: the commune's service (billing's settings). */
export interface PdfIssuer {
  communeName: string;
  issuerName: string;
  address: string[];
  serviceEmail: string;
}

/** Whom it is for: the family's name, its guardians and address (read models, never events). */
export interface PdfFamily {
  name: string;
  guardians: string[];
  address: string[];
}

/** The letterhead: the commune's service on the left, the family on the right; `gap` points below the lower of the two. */
export function letterhead(doc: PDFKit.PDFDocument, issuer: PdfIssuer, family: PdfFamily, gap: number): void {
  const top = doc.y;
  doc.fontSize(10).font('Helvetica-Bold').text(`Commune de ${issuer.communeName}`, 50, top).font('Helvetica').text(issuer.issuerName);
  for (const line of issuer.address) doc.text(line);
  if (issuer.serviceEmail) doc.text(issuer.serviceEmail);
  const left = doc.y;
  doc.font('Helvetica-Bold').text(family.name ? `Famille ${family.name}` : 'Famille', 320, top, { width: 225 }).font('Helvetica');
  for (const g of family.guardians) doc.text(g, 320, undefined, { width: 225 });
  for (const line of family.address) doc.text(line, 320, undefined, { width: 225 });
  doc.x = 50;
  doc.y = Math.max(left, doc.y) + gap;
}

export type PdfColumn = { label: string; x: number; width: number; align?: 'left' | 'right' };

/** One row of a table, a new page first when the row would run into the foot of this one. */
export function tableRow(doc: PDFKit.PDFDocument, columns: readonly PdfColumn[], cells: string[], bold = false): void {
  if (doc.y > 740) doc.addPage();
  const y = doc.y;
  doc.font(bold ? 'Helvetica-Bold' : 'Helvetica').fontSize(9);
  let bottom = y;
  cells.forEach((cell, i) => {
    const c = columns[i];
    doc.text(cell, c.x, y, { width: c.width - 4, align: c.align ?? 'left' });
    bottom = Math.max(bottom, doc.y);
  });
  doc.x = 50;
  doc.y = bottom + 4;
}

/** The header row of a table, underlined. */
export function tableHeader(doc: PDFKit.PDFDocument, columns: readonly PdfColumn[]): void {
  tableRow(doc, columns, columns.map((c) => c.label), true);
  doc.moveTo(50, doc.y - 2).lineTo(545, doc.y - 2).stroke();
}
