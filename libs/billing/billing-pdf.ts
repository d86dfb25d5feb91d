import PDFDocument from 'pdfkit';
import { DateTime } from 'luxon';
import type { BillingDocument } from './billing.projection';
import type { LineKind } from './month-billing';

/** pdfkit's standard fonts speak WinAnsi: no narrow no-break space. */
const pdfEuros = (cents: number) => {
  const abs = Math.abs(cents);
  const units = Math.floor(abs / 100).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ' ');
  return `${cents < 0 ? '-' : ''}${units},${String(abs % 100).padStart(2, '0')} €`;
};
const frenchDate = (iso: string) => `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`;
const monthLabel = (month: string) => DateTime.fromISO(`${month}-01`).setLocale('fr').toFormat('LLLL yyyy');

export const LINE_KIND_LABELS: Record<LineKind, string> = {
  booked: 'jours réservés',
  late_booking: 'réservation tardive (majorée)',
  unexpected_presence: 'présence non réservée',
};

function render(title: string, build: (doc: PDFKit.PDFDocument) => void): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const doc = new PDFDocument({ size: 'A4', margin: 50, info: { Title: title, Producer: 'Portail Famille' } });
    const chunks: Buffer[] = [];
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    build(doc);
    doc.end();
  });
}

export interface PdfIssuer {
  communeName: string;
  issuerName: string;
  address: string[];
  serviceEmail: string;
}

export interface PdfFamily {
  name: string;
  guardians: string[];
  address: string[];
}

export interface InvoicePdfData {
  issuer: PdfIssuer;
  family: PdfFamily;
  document: BillingDocument;
  /** First names of the children and names of the activities, by id (from the read models). */
  childNames: Record<string, string>;
  activityNames: Record<string, string>;
  /** The credited invoice's number, for a credit note. */
  creditedInvoiceNumber?: string;
  /** « Comment payer » lines: online, desk, direct debit… */
  howToPay: string[];
}

function header(doc: PDFKit.PDFDocument, issuer: PdfIssuer, family: PdfFamily) {
  const top = doc.y;
  doc.fontSize(10).font('Helvetica-Bold').text(`Commune de ${issuer.communeName}`, 50, top).font('Helvetica').text(issuer.issuerName);
  for (const line of issuer.address) doc.text(line);
  doc.text(issuer.serviceEmail);
  const left = doc.y;
  doc.font('Helvetica-Bold').text(family.name ? `Famille ${family.name}` : 'Famille', 320, top, { width: 225 }).font('Helvetica');
  for (const g of family.guardians) doc.text(g, 320, undefined, { width: 225 });
  for (const line of family.address) doc.text(line, 320, undefined, { width: 225 });
  doc.x = 50;
  doc.y = Math.max(left, doc.y) + 20;
}

const COLUMNS = [
  { label: 'Enfant', x: 50, width: 80 },
  { label: 'Activité', x: 130, width: 140 },
  { label: 'Détail', x: 270, width: 110 },
  { label: 'Jours', x: 380, width: 40, align: 'right' as const },
  { label: 'Prix unitaire', x: 420, width: 60, align: 'right' as const },
  { label: 'Montant', x: 480, width: 65, align: 'right' as const },
];

function row(doc: PDFKit.PDFDocument, cells: string[], bold = false) {
  if (doc.y > 740) doc.addPage();
  const y = doc.y;
  doc.font(bold ? 'Helvetica-Bold' : 'Helvetica').fontSize(9);
  let bottom = y;
  cells.forEach((cell, i) => {
    const c = COLUMNS[i];
    doc.text(cell, c.x, y, { width: c.width - 4, align: c.align ?? 'left' });
    bottom = Math.max(bottom, doc.y);
  });
  doc.x = 50;
  doc.y = bottom + 4;
}

/** The invoice (or credit note) a family downloads: the commune, the family, the lines, the total, the due date, how to pay. */
export function invoicePdf(data: InvoicePdfData): Promise<Buffer> {
  const d = data.document;
  const credit = d.type === 'credit_note';
  return render(`${credit ? 'Avoir' : 'Facture'} ${d.number}`, (doc) => {
    header(doc, data.issuer, data.family);
    doc.font('Helvetica-Bold').fontSize(16).text(`${credit ? 'Avoir' : 'Facture'} n° ${d.number}`);
    doc.font('Helvetica').fontSize(10).text(`Période facturée : ${monthLabel(d.month)}`).text(`Date d’émission : ${frenchDate(d.issuedOn)}`);
    if (credit && data.creditedInvoiceNumber) doc.text(`Avoir sur la facture n° ${data.creditedInvoiceNumber}${d.comment ? ` — ${d.comment}` : ''}`);
    if (!credit && d.dueOn) doc.font('Helvetica-Bold').text(`À régler avant le ${frenchDate(d.dueOn)}`).font('Helvetica');
    doc.moveDown();
    row(doc, COLUMNS.map((c) => c.label), true);
    doc.moveTo(50, doc.y - 2).lineTo(545, doc.y - 2).stroke();
    for (const l of d.lines) {
      const detail = `${LINE_KIND_LABELS[l.kind]}${l.quotient !== null ? `, QF ${l.quotient}` : ''}`;
      row(doc, [data.childNames[l.childId] ?? '—', data.activityNames[l.activityId] ?? 'Activité', detail, String(l.quantity), pdfEuros(l.unitPriceCents), pdfEuros(l.amountCents)]);
      doc.fontSize(7).fillColor('#555').text(`Jours : ${l.days.map((x) => x.slice(8, 10)).join(', ')}`, 130, undefined, { width: 415 }).fillColor('black');
      doc.x = 50;
      doc.moveDown(0.3);
    }
    doc.moveTo(50, doc.y).lineTo(545, doc.y).stroke().moveDown(0.5);
    doc.font('Helvetica-Bold').fontSize(12).text(`${credit ? 'Total de l’avoir' : 'Total à payer'} : ${pdfEuros(d.totalCents)}`, 50, undefined, { align: 'right', width: 495 });
    if (!credit && (d.creditedCents > 0 || d.paidCents > 0)) {
      doc.font('Helvetica').fontSize(10);
      if (d.creditedCents > 0) doc.text(`Avoirs : -${pdfEuros(d.creditedCents)}`, { align: 'right', width: 495 });
      if (d.paidCents > 0) doc.text(`Déjà réglé : -${pdfEuros(d.paidCents)}`, { align: 'right', width: 495 });
      doc.font('Helvetica-Bold').text(`Reste à payer : ${pdfEuros(Math.max(0, d.dueCents))}`, { align: 'right', width: 495 });
    }
    doc.font('Helvetica').fontSize(9).moveDown();
    doc.text('Montants en euros, non soumis à la TVA (article 256 B du code général des impôts).');
    if (!credit) {
      doc.moveDown().font('Helvetica-Bold').fontSize(11).text('Comment payer').font('Helvetica').fontSize(10);
      for (const line of data.howToPay) doc.text(`• ${line}`);
    }
  });
}

export interface TaxCertificateData {
  issuer: PdfIssuer;
  family: PdfFamily;
  year: number;
  children: Array<{ name: string; birthDate: string; amountCents: number }>;
  totalCents: number;
  issuedOn: string;
}

/** Attestation fiscale: childcare paid in the year for children under 6, for the tax credit (frais de garde). */
export function taxCertificatePdf(data: TaxCertificateData): Promise<Buffer> {
  return render(`Attestation fiscale ${data.year}`, (doc) => {
    header(doc, data.issuer, data.family);
    doc.font('Helvetica-Bold').fontSize(15).text(`Attestation de frais de garde — année ${data.year}`).moveDown();
    doc.font('Helvetica').fontSize(10);
    doc.text(
      `Je soussigné(e), pour la commune de ${data.issuer.communeName} (${data.issuer.issuerName}), atteste que la famille ${data.family.name || ''} a réglé en ${data.year} les sommes ci-dessous pour la garde de ses enfants âgés de moins de 6 ans au 1er janvier ${data.year + 1} (accueil périscolaire, accueil de loisirs), hors frais de repas, qui n’ouvrent pas droit au crédit d’impôt.`,
    );
    doc.moveDown();
    for (const child of data.children) doc.text(`${child.name}, né(e) le ${frenchDate(child.birthDate)} : ${pdfEuros(child.amountCents)}`);
    doc.moveDown().font('Helvetica-Bold').text(`Total : ${pdfEuros(data.totalCents)}`).font('Helvetica').moveDown();
    doc.text('Attestation à conserver : elle justifie le montant à déclarer au titre des frais de garde des jeunes enfants (case 7GA à 7GC de la déclaration de revenus).');
    doc.moveDown(2).text(`Fait à ${data.issuer.communeName}, le ${frenchDate(data.issuedOn)}`, { align: 'right' }).text(data.issuer.issuerName, { align: 'right' });
  });
}
