import { frenchDate, letterhead, monthLabel, pdfEuros, renderPdf, tableHeader, tableRow, type PdfFamily, type PdfIssuer } from '@pf/pdf';
import type { BillingDocument } from './billing.projection';
import type { LineKind } from './month-billing';

export const LINE_KIND_LABELS: Record<LineKind, string> = {
  booked: 'jours réservés',
  late_booking: 'réservation tardive (majorée)',
  unexpected_presence: 'présence non réservée',
};

/** billing.controller builds them for invoices and attestations alike. */
export type { PdfFamily, PdfIssuer };

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

const COLUMNS = [
  { label: 'Enfant', x: 50, width: 75 },
  { label: 'Activité', x: 125, width: 135 },
  { label: 'Détail', x: 260, width: 120 },
  { label: 'Jours', x: 380, width: 35, align: 'right' as const },
  { label: 'Prix unitaire', x: 415, width: 65, align: 'right' as const },
  { label: 'Montant', x: 480, width: 65, align: 'right' as const },
];

/** First and last day of a billed month 'YYYY-MM', as dd/mm/yyyy. */
function monthSpan(month: string): string {
  const [y, m] = month.split('-').map(Number);
  const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return `du ${frenchDate(`${month}-01`)} au ${frenchDate(`${month}-${String(last).padStart(2, '0')}`)}`;
}

/** A line's detail: what was billed and at which QF (none on file: the highest bracket). */
function lineDetail(line: BillingDocument['lines'][number]): string {
  return `${LINE_KIND_LABELS[line.kind]}, ${line.quotient !== null ? `QF ${line.quotient}` : 'sans QF (tranche la plus haute)'}`;
}

/** Two columns of label : value, as the head of an invoice lists its references. */
function facts(doc: PDFKit.PDFDocument, rows: Array<[string, string]>): void {
  for (const [label, value] of rows) {
    const y = doc.y;
    doc.font('Helvetica').fontSize(10).text(label, 50, y, { width: 150 });
    doc.font('Helvetica-Bold').text(value, 200, y, { width: 345 });
    doc.font('Helvetica');
  }
  doc.x = 50;
}

/**
 * The invoice (or credit note) a town hall sends a family, as printed: the commune and its service
 * as issuer, the billing guardian's name and postal address where a window envelope shows it, the
 * number, dates and period, one line per child and activity with the days billed (dd/mm/yyyy), the
 * totals in euros, and how to pay.
 */
export function invoicePdf(data: InvoicePdfData): Promise<Buffer> {
  const d = data.document;
  return renderPdf(`${d.type === 'credit_note' ? 'Avoir' : 'Facture'} ${d.number}`, (doc) => drawInvoice(doc, data));
}

/** Several invoices and credit notes in one PDF, one after the other on new pages (the paper ones, to print at once). */
export function invoicesPdf(title: string, documents: InvoicePdfData[]): Promise<Buffer> {
  return renderPdf(title, (doc) => {
    documents.forEach((data, i) => {
      if (i > 0) doc.addPage();
      drawInvoice(doc, data);
    });
  });
}

function drawInvoice(doc: PDFKit.PDFDocument, data: InvoicePdfData): void {
  const d = data.document;
  const credit = d.type === 'credit_note';
  const title = credit ? 'Avoir' : 'Facture';
  {
    letterhead(doc, data.issuer, data.family, 28);
    doc.font('Helvetica-Bold').fontSize(18).text(`${title} n° ${d.number}`, 50);
    doc.moveDown(0.5);
    facts(doc, [
      ['Date d’émission', frenchDate(d.issuedOn)],
      ['Période facturée', `${monthLabel(d.month)} (${monthSpan(d.month)})`],
      ...(credit && data.creditedInvoiceNumber ? [['Avoir sur la facture', `n° ${data.creditedInvoiceNumber}${d.comment ? ` — ${d.comment}` : ''}`] as [string, string]] : []),
      ...(!credit && d.dueOn ? [['À régler avant le', frenchDate(d.dueOn)] as [string, string]] : []),
      ['Référence à rappeler', d.number],
    ]);
    doc.moveDown();

    tableHeader(doc, COLUMNS);
    const child = (id: string) => data.childNames[id] ?? '—';
    const activity = (id: string) => data.activityNames[id] ?? 'Activité';
    const lines = [...d.lines].sort((a, b) => child(a.childId).localeCompare(child(b.childId), 'fr') || activity(a.activityId).localeCompare(activity(b.activityId), 'fr'));
    for (const l of lines) {
      tableRow(doc, COLUMNS, [child(l.childId), activity(l.activityId), lineDetail(l), String(l.quantity), pdfEuros(l.unitPriceCents), pdfEuros(l.amountCents)]);
      if (doc.y > 760) doc.addPage();
      doc.font('Helvetica').fontSize(8).fillColor('#444').text(`Dates : ${l.days.map(frenchDate).join(', ')}`, 125, undefined, { width: 420 }).fillColor('black');
      doc.x = 50;
      doc.moveDown(0.4);
    }
    if (doc.y > 700) doc.addPage();
    doc.moveTo(50, doc.y).lineTo(545, doc.y).stroke().moveDown(0.5);
    const total = (label: string, amount: string, bold = false) => {
      const y = doc.y;
      doc.font(bold ? 'Helvetica-Bold' : 'Helvetica').fontSize(bold ? 12 : 10).text(label, 260, y, { width: 200, align: 'right' });
      doc.text(amount, 465, y, { width: 80, align: 'right' });
      doc.x = 50;
    };
    total(credit ? 'Total de l’avoir' : 'Total de la facture', pdfEuros(d.totalCents), credit || (d.creditedCents === 0 && d.paidCents === 0));
    if (!credit && (d.creditedCents > 0 || d.paidCents > 0)) {
      if (d.creditedCents > 0) total('Avoirs', `-${pdfEuros(d.creditedCents)}`);
      if (d.paidCents > 0) total('Déjà réglé', `-${pdfEuros(d.paidCents)}`);
      total('Reste à payer', pdfEuros(Math.max(0, d.dueCents)), true);
    }
    doc.moveDown().font('Helvetica').fontSize(9).text('Montants en euros, non soumis à la TVA (article 256 B du code général des impôts).', 50, undefined, { width: 495 });
    if (!credit) {
      if (doc.y > 680) doc.addPage();
      doc.moveDown().font('Helvetica-Bold').fontSize(11).text('Comment payer', 50).font('Helvetica').fontSize(10);
      for (const line of data.howToPay) doc.text(`• ${line}`, 50, undefined, { width: 495 });
    }
  }
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
  return renderPdf(`Attestation fiscale ${data.year}`, (doc) => {
    letterhead(doc, data.issuer, data.family, 20);
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
