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
  { label: 'Enfant', x: 50, width: 80 },
  { label: 'Activité', x: 130, width: 140 },
  { label: 'Détail', x: 270, width: 110 },
  { label: 'Jours', x: 380, width: 40, align: 'right' as const },
  { label: 'Prix unitaire', x: 420, width: 60, align: 'right' as const },
  { label: 'Montant', x: 480, width: 65, align: 'right' as const },
];

/** The invoice (or credit note) a family downloads: the commune, the family, the lines, the total, the due date, how to pay. */
export function invoicePdf(data: InvoicePdfData): Promise<Buffer> {
  const d = data.document;
  const credit = d.type === 'credit_note';
  return renderPdf(`${credit ? 'Avoir' : 'Facture'} ${d.number}`, (doc) => {
    letterhead(doc, data.issuer, data.family, 20);
    doc.font('Helvetica-Bold').fontSize(16).text(`${credit ? 'Avoir' : 'Facture'} n° ${d.number}`);
    doc.font('Helvetica').fontSize(10).text(`Période facturée : ${monthLabel(d.month)}`).text(`Date d’émission : ${frenchDate(d.issuedOn)}`);
    if (credit && data.creditedInvoiceNumber) doc.text(`Avoir sur la facture n° ${data.creditedInvoiceNumber}${d.comment ? ` — ${d.comment}` : ''}`);
    if (!credit && d.dueOn) doc.font('Helvetica-Bold').text(`À régler avant le ${frenchDate(d.dueOn)}`).font('Helvetica');
    doc.moveDown();
    tableHeader(doc, COLUMNS);
    for (const l of d.lines) {
      const detail = `${LINE_KIND_LABELS[l.kind]}${l.quotient !== null ? `, QF ${l.quotient}` : ''}`;
      tableRow(doc, COLUMNS, [data.childNames[l.childId] ?? '—', data.activityNames[l.activityId] ?? 'Activité', detail, String(l.quantity), pdfEuros(l.unitPriceCents), pdfEuros(l.amountCents)]);
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
