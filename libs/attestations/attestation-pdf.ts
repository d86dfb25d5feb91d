import PDFDocument from 'pdfkit';
import { DateTime } from 'luxon';
import type { AttestationStatement, StatementChild } from './attestation-statement';
import { ATTESTATION_KIND_LABELS } from './attestation.events';

/** Who signs: the commune's service (from billing's settings, as on invoices). */
export interface AttestationIssuer {
  communeName: string;
  issuerName: string;
  address: string[];
  serviceEmail: string;
}

/** Whom it is for: the family's name, its guardians and address (read models, never events). */
export interface AttestationFamily {
  name: string;
  guardians: string[];
  address: string[];
}

export interface AttestationPdfData {
  issuer: AttestationIssuer;
  family: AttestationFamily;
  statement: AttestationStatement;
  /** The request's reference in « Mes demandes » (D-2026-000012). */
  reference: string;
  /** French labels of payment methods (espèces, chèque…). */
  methodLabels: Record<string, string>;
}

/** pdfkit's standard fonts speak WinAnsi: no narrow no-break space. */
export const pdfEuros = (cents: number) => {
  const abs = Math.abs(cents);
  const units = Math.floor(abs / 100).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ' ');
  return `${cents < 0 ? '-' : ''}${units},${String(abs % 100).padStart(2, '0')} €`;
};
export const frenchDate = (iso: string) => `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`;
const monthLabel = (month: string) => DateTime.fromISO(`${month}-01`).setLocale('fr').toFormat('LLLL yyyy');
const days = (n: number) => (n <= 1 ? `${n} jour` : `${n} jours`);
const born = (c: StatementChild) => (c.birthDate ? `, né(e) le ${frenchDate(c.birthDate)},` : '');

/** « septembre 2026 : 03, 04, 07 ; octobre 2026 : 01 » — the days, month by month. */
export function daysByMonth(list: string[]): string {
  const months = new Map<string, string[]>();
  for (const day of list) months.set(day.slice(0, 7), [...(months.get(day.slice(0, 7)) ?? []), day.slice(8, 10)]);
  return [...months].map(([month, ds]) => `${monthLabel(month)} : ${ds.join(', ')}`).join(' ; ');
}

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

function header(doc: PDFKit.PDFDocument, issuer: AttestationIssuer, family: AttestationFamily) {
  const top = doc.y;
  doc.fontSize(10).font('Helvetica-Bold').text(`Commune de ${issuer.communeName}`, 50, top).font('Helvetica').text(issuer.issuerName);
  for (const line of issuer.address) doc.text(line);
  if (issuer.serviceEmail) doc.text(issuer.serviceEmail);
  const left = doc.y;
  doc.font('Helvetica-Bold').text(family.name ? `Famille ${family.name}` : 'Famille', 320, top, { width: 225 }).font('Helvetica');
  for (const g of family.guardians) doc.text(g, 320, undefined, { width: 225 });
  for (const line of family.address) doc.text(line, 320, undefined, { width: 225 });
  doc.x = 50;
  doc.y = Math.max(left, doc.y) + 24;
}

type Column = { label: string; x: number; width: number; align?: 'left' | 'right' };

function row(doc: PDFKit.PDFDocument, columns: Column[], cells: string[], bold = false) {
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

function table(doc: PDFKit.PDFDocument, columns: Column[], rows: string[][]) {
  row(doc, columns, columns.map((c) => c.label), true);
  doc.moveTo(50, doc.y - 2).lineTo(545, doc.y - 2).stroke();
  for (const cells of rows) row(doc, columns, cells);
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
    const columns: Column[] = [
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
    const columns: Column[] = [
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
  return render(`${title} ${data.reference}`, (doc) => {
    header(doc, data.issuer, data.family);
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
