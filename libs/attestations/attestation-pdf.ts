import { frenchDate, letterhead, monthLabel, pdfEuros, renderPdf, tableHeader, tableRow, type PdfColumn, type PdfFamily, type PdfIssuer } from '@pf/pdf';
import type { AttestationStatement, StatementChild } from './attestation-statement';
import { ATTESTATION_KIND_LABELS } from './attestation.events';

export interface AttestationPdfData {
  /** Who signs: the commune's service (from billing's settings, as on invoices). */
  issuer: PdfIssuer;
  family: PdfFamily;
  statement: AttestationStatement;
  /** The request's reference in « Mes demandes » (D-2026-000012). */
  reference: string;
  /** French labels of payment methods (espèces, chèque…). */
  methodLabels: Record<string, string>;
}

const days = (n: number) => (n <= 1 ? `${n} jour` : `${n} jours`);
const born = (c: StatementChild) => (c.birthDate ? `, né(e) le ${frenchDate(c.birthDate)},` : '');

/** « septembre 2026 : 03, 04, 07 ; octobre 2026 : 01 » — the days, month by month. */
export function daysByMonth(list: string[]): string {
  const months = new Map<string, string[]>();
  for (const day of list) months.set(day.slice(0, 7), [...(months.get(day.slice(0, 7)) ?? []), day.slice(8, 10)]);
  return [...months].map(([month, ds]) => `${monthLabel(month)} : ${ds.join(', ')}`).join(' ; ');
}

function table(doc: PDFKit.PDFDocument, columns: PdfColumn[], rows: string[][]) {
  tableHeader(doc, columns);
  for (const cells of rows) tableRow(doc, columns, cells);
  doc.moveTo(50, doc.y).lineTo(545, doc.y).stroke().moveDown(0.5);
}

function whom(data: AttestationPdfData): string {
  const { child } = data.statement;
  if (child) return `l’enfant ${child.firstName} ${child.lastName}${born(child)}`;
  return `la famille ${data.family.name || ''}`.trim();
}

function presence(doc: PDFKit.PDFDocument, data: AttestationPdfData) {
  const s = data.statement;
  doc.text(
    `Je soussigné(e), pour la commune de ${data.issuer.communeName} (${data.issuer.issuerName}), atteste que ${s.child ? whom(data) + ' a été présent(e)' : 'les enfants de ' + whom(data) + ' ont été présents'} aux activités du service enfance du ${frenchDate(s.from!)} au ${frenchDate(s.to!)}, selon les pointages de présence enregistrés par le service :`,
  );
  doc.moveDown();
  if (s.presence.length === 0) {
    doc.font('Helvetica-Bold').text('Aucune présence n’a été pointée sur cette période.').font('Helvetica');
  }
  for (const line of s.presence) {
    if (doc.y > 720) doc.addPage();
    doc.font('Helvetica-Bold').fontSize(11).text(`${line.childName} : ${days(line.days)} de présence`).font('Helvetica').fontSize(10);
    for (const a of line.activities) {
      doc.text(`${a.activityName} : ${days(a.days.length)}`, 62);
      doc.fontSize(8).fillColor('#444').text(`Jours : ${daysByMonth(a.days)}`, 74, undefined, { width: 471 }).fillColor('black').fontSize(10);
    }
    doc.x = 50;
    doc.moveDown(0.5);
  }
  doc.moveDown(0.5).font('Helvetica-Bold').fontSize(12).text(`Total : ${days(s.summary.days ?? 0)} de présence`).font('Helvetica').fontSize(10);
}

function payment(doc: PDFKit.PDFDocument, data: AttestationPdfData) {
  const s = data.statement;
  const until = s.asOf.startsWith(`${s.year}-`) && s.asOf < `${s.year}-12-31` ? ` (jusqu’au ${frenchDate(s.asOf)})` : '';
  const forChild = s.child ? `, pour l’enfant ${s.child.firstName} ${s.child.lastName} (sa part de chaque facture réglée),` : '';
  doc.text(
    `Je soussigné(e), pour la commune de ${data.issuer.communeName} (${data.issuer.issuerName}), atteste que la famille ${data.family.name || ''} a réglé au service enfance${forChild} en ${s.year}${until}, les sommes suivantes :`,
  );
  doc.moveDown();
  if (s.payments.length === 0) {
    doc.font('Helvetica-Bold').text(`Aucun paiement n’a été reçu en ${s.year}.`).font('Helvetica');
  } else {
    const columns: PdfColumn[] = [
      { label: 'Date du paiement', x: 50, width: 110 },
      { label: 'Facture', x: 160, width: 130 },
      { label: 'Mode de règlement', x: 290, width: 160 },
      { label: 'Montant', x: 450, width: 95, align: 'right' },
    ];
    table(doc, columns, s.payments.map((p) => [frenchDate(p.receivedOn), p.invoiceNumber, data.methodLabels[p.method] ?? p.method, pdfEuros(p.amountCents)]));
  }
  doc.font('Helvetica-Bold').fontSize(12).text(`Total réglé en ${s.year} : ${pdfEuros(s.summary.amountCents ?? 0)}`, 50, undefined, { align: 'right', width: 495 }).font('Helvetica').fontSize(10);
}

function enrolment(doc: PDFKit.PDFDocument, data: AttestationPdfData) {
  const s = data.statement;
  doc.text(
    `Je soussigné(e), pour la commune de ${data.issuer.communeName} (${data.issuer.issuerName}), atteste qu’au ${frenchDate(s.asOf)}, ${s.child ? whom(data) + ' est inscrit(e)' : 'les enfants de ' + whom(data) + ' sont inscrits'} aux activités du service enfance suivantes :`,
  );
  doc.moveDown();
  if (s.enrolments.length === 0) {
    doc.font('Helvetica-Bold').text('Aucune inscription n’est en cours à cette date.').font('Helvetica');
  } else {
    const columns: PdfColumn[] = [
      { label: 'Enfant', x: 50, width: 100 },
      { label: 'Activité', x: 150, width: 150 },
      { label: 'Période', x: 300, width: 135 },
      { label: 'Du', x: 435, width: 55 },
      { label: 'Au', x: 490, width: 55 },
    ];
    table(doc, columns, s.enrolments.map((e) => [e.childName, e.activityName, e.periodLabel, frenchDate(e.from), frenchDate(e.to)]));
  }
  doc.font('Helvetica-Bold').text(`Nombre d’inscriptions en cours : ${s.summary.enrolments ?? 0}`).font('Helvetica');
}

/** The attestation a family downloads: who certifies, for whom, what, signed and dated. */
export function attestationPdf(data: AttestationPdfData): Promise<Buffer> {
  const s = data.statement;
  const title = ATTESTATION_KIND_LABELS[s.kind];
  return renderPdf(`${title} ${data.reference}`, (doc) => {
    letterhead(doc, data.issuer, data.family, 24);
    doc.font('Helvetica-Bold').fontSize(16).text(title);
    doc.font('Helvetica').fontSize(9).fillColor('#444').text(`Référence ${data.reference} — établie le ${frenchDate(s.asOf)}`).fillColor('black').moveDown();
    doc.fontSize(10);
    if (s.kind === 'presence') presence(doc, data);
    else if (s.kind === 'payment') payment(doc, data);
    else enrolment(doc, data);
    doc.moveDown(1.5).font('Helvetica').fontSize(10).text('Attestation établie d’après les informations enregistrées par le service, pour servir et valoir ce que de droit.', 50);
    doc.moveDown(2).text(`Fait à ${data.issuer.communeName}, le ${frenchDate(s.asOf)}`, { align: 'right' }).text(data.issuer.issuerName, { align: 'right' });
  });
}
