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
  /** The family's name as said in a sentence (« DURAND »: « la famille DURAND »), without « Famille ». */
  name: string;
  guardians: string[];
  /** The postal address letters go to (the billing guardian's), one line each; empty when none is on file. */
  address: string[];
  /** Whom the letter is addressed to (the billing guardian, « Mme Sophie Durand »); unset: every guardian. */
  addressee?: string;
}

/** « Famille DURAND », whether the name was given bare or already with its « Famille ». */
export const familyTitle = (name: string) => (!name.trim() ? 'Famille' : /^famille\s/i.test(name.trim()) ? name.trim() : `Famille ${name.trim()}`);

/**
 * The letterhead: the commune's service on the left, the family on the right, lower, where a
 * window envelope shows it (the family's name, whom it is addressed to, the postal address);
 * `gap` points below the lower of the two.
 */
export function letterhead(doc: PDFKit.PDFDocument, issuer: PdfIssuer, family: PdfFamily, gap: number): void {
  const top = doc.y;
  doc.fontSize(10).font('Helvetica-Bold').text(`Commune de ${issuer.communeName}`, 50, top, { width: 250 }).font('Helvetica').text(issuer.issuerName, { width: 250 });
  for (const line of issuer.address) doc.text(line, { width: 250 });
  if (issuer.serviceEmail) doc.text(issuer.serviceEmail, { width: 250 });
  const left = doc.y;
  doc.font('Helvetica-Bold').text(familyTitle(family.name), 320, top + 70, { width: 225 }).font('Helvetica');
  for (const g of family.addressee ? [family.addressee] : family.guardians) doc.text(g, 320, undefined, { width: 225 });
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
