import { friendlyFormatIBAN } from 'ibantools';
import { frenchDate, renderPdf } from '@pf/pdf';

/**
 * The SEPA direct-debit mandate (« Mandat de prélèvement SEPA », CORE scheme, recurrent) as the
 * parent reads it on the portal and as it prints: the same words for the page and the PDF, with
 * the mentions the EPC rulebook requires (RUM, creditor identifier, the debtor's rights).
 */
export interface MandateText {
  title: string;
  /** Référence unique du mandat. */
  rum: string;
  paymentType: string;
  creditor: { name: string; creditorId: string; address: string[] };
  debtor: { name: string; address: string[]; iban: string; bic: string | null };
  /** The authorisation and the debtor's rights, one paragraph each. */
  legal: string[];
  /** Online acceptance, when the parent signed on the portal. */
  signedOnline: { on: string; by: string } | null;
  /** Words shown beside the signature. */
  signatureNote: string;
}

export interface MandateParties {
  rum: string;
  creditor: { name: string; creditorId: string; address: string[] };
  holderName: string;
  debtorAddress: string[];
  iban: string;
  bic: string | null;
  signedOnline: { on: string; by: string } | null;
}

export function mandateText(p: MandateParties): MandateText {
  const creditor = p.creditor.name;
  return {
    title: 'Mandat de prélèvement SEPA',
    rum: p.rum,
    paymentType: 'Paiement récurrent / répétitif',
    creditor: p.creditor,
    debtor: { name: p.holderName, address: p.debtorAddress, iban: friendlyFormatIBAN(p.iban) ?? p.iban, bic: p.bic },
    legal: [
      `En signant ce formulaire de mandat, vous autorisez (A) ${creditor} à envoyer des instructions à votre banque pour débiter votre compte, et (B) votre banque à débiter votre compte conformément aux instructions de ${creditor}.`,
      'Vous bénéficiez du droit d’être remboursé par votre banque selon les conditions décrites dans la convention que vous avez passée avec elle. Une demande de remboursement doit être présentée dans les 8 semaines suivant la date de débit de votre compte pour un prélèvement autorisé.',
      'Vos droits concernant le présent mandat sont expliqués dans un document que vous pouvez obtenir auprès de votre banque.',
      'Chaque facture est prélevée à la date indiquée sur la facture ; vous êtes prévenu(e) par la facture au moins 5 jours avant le prélèvement.',
    ],
    signedOnline: p.signedOnline,
    signatureNote: p.signedOnline
      ? `Mandat accepté en ligne le ${frenchDate(p.signedOnline.on)} par ${p.signedOnline.by} sur le Portail Famille.`
      : 'À dater et signer, puis à remettre ou envoyer au service avec un RIB.',
  };
}

/** The mandate as a one-page PDF, to print and sign (or to keep, once accepted online). */
export function mandatePdf(m: MandateText): Promise<Buffer> {
  return renderPdf(`${m.title} ${m.rum}`, (doc) => {
    doc.font('Helvetica-Bold').fontSize(18).text(m.title, 50, 50);
    doc.moveDown(0.3).font('Helvetica').fontSize(10).text(`Référence unique du mandat (RUM) : ${m.rum}`).text(`Type de paiement : ${m.paymentType}`);
    doc.moveDown();
    const box = (title: string, rows: Array<[string, string]>) => {
      const top = doc.y;
      doc.font('Helvetica-Bold').fontSize(11).text(title, 60, top + 8);
      doc.moveDown(0.3);
      for (const [label, value] of rows) {
        const y = doc.y;
        doc.font('Helvetica').fontSize(10).text(label, 60, y, { width: 135 });
        const labelBottom = doc.y;
        doc.font('Helvetica-Bold').text(value || '—', 200, y, { width: 335 });
        // A label on two lines pushes the next row down as a long value does.
        doc.y = Math.max(doc.y, labelBottom);
      }
      const bottom = doc.y + 8;
      doc.rect(50, top, 495, bottom - top).stroke();
      doc.x = 50;
      doc.y = bottom + 12;
    };
    box('Débiteur (titulaire du compte)', [
      ['Nom', m.debtor.name],
      ['Adresse', m.debtor.address.join(', ')],
      ['IBAN', m.debtor.iban],
      ['BIC', m.debtor.bic ?? 'non communiqué'],
    ]);
    box('Créancier', [
      ['Nom', m.creditor.name],
      ['Identifiant créancier SEPA (ICS)', m.creditor.creditorId],
      ['Adresse', m.creditor.address.join(', ')],
    ]);
    doc.font('Helvetica').fontSize(10);
    for (const paragraph of m.legal) doc.text(paragraph, 50, undefined, { width: 495, align: 'justify' }).moveDown(0.5);
    doc.moveDown();
    if (m.signedOnline) {
      doc.font('Helvetica-Bold').text(m.signatureNote, 50, undefined, { width: 495 });
    } else {
      const top = doc.y;
      doc.font('Helvetica').text('Fait à :', 50, top).text('Le :', 50, top + 22).text('Signature :', 300, top);
      doc.rect(300, top + 16, 245, 80).stroke();
      doc.x = 50;
      doc.y = top + 110;
      doc.font('Helvetica').fontSize(9).fillColor('#444').text(m.signatureNote, 50, undefined, { width: 495 }).fillColor('black');
    }
  });
}
