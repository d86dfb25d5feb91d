import { renderPdf } from '@pf/pdf';
import type { FamilyDocument } from './families.projection';

const frenchDate = (iso: string) => (iso ? `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}` : '');

const render = (build: (doc: PDFKit.PDFDocument) => void) => renderPdf('Portail Famille', build, { margin: 56 });

export interface LetterCommune {
  name: string;
  serviceName: string;
  serviceEmail: string;
}

/** The town hall's letter giving a family its code abonné, to print and post or hand over. */
export function subscriberCodeLetter(family: FamilyDocument, commune: LetterCommune, portalUrl: string, today: string): Promise<Buffer> {
  const guardian = family.guardians[0];
  return render((doc) => {
    doc.fontSize(11).text(`Mairie de ${commune.name}`).text(commune.serviceName).text(commune.serviceEmail).moveDown(2);
    if (guardian) {
      doc.text(`${guardian.civility === 'Mme' ? 'Madame' : 'Monsieur'} ${guardian.firstName} ${guardian.lastName}`, { align: 'right' });
      if (guardian.address) {
        doc.text(guardian.address.line1, { align: 'right' });
        if (guardian.address.line2) doc.text(guardian.address.line2, { align: 'right' });
        doc.text(`${guardian.address.postcode} ${guardian.address.city}`, { align: 'right' });
      }
    }
    doc.moveDown(2).text(`${commune.name}, le ${frenchDate(today)}`, { align: 'right' }).moveDown(2);
    doc.fontSize(14).text('Objet : votre accès au Portail Famille', { underline: true }).moveDown();
    doc.fontSize(11).text(`${guardian?.civility === 'M' ? 'Monsieur' : 'Madame'},`).moveDown();
    doc.text(
      `Le service ${commune.serviceName} vous invite à créer votre compte sur le Portail Famille : vous pourrez y réserver la cantine, la garderie et le centre de loisirs, suivre vos demandes et consulter vos factures.`,
    );
    doc.moveDown().text(`Rendez-vous sur ${portalUrl}, choisissez « Créer un compte » et saisissez votre code abonné :`).moveDown();
    doc.fontSize(20).text(family.subscriberCode ?? '—', { align: 'center' }).moveDown();
    doc
      .fontSize(11)
      .text('Ce code est personnel et ne sert qu’une fois. Si vous l’avez perdu, le service peut vous en délivrer un nouveau : l’ancien cesse alors de fonctionner.')
      .moveDown()
      .text('Nous vous prions d’agréer nos salutations distinguées.')
      .moveDown(2)
      .text(commune.serviceName, { align: 'right' });
  });
}

/** Everything held about the family, as a readable summary (the JSON export has the detail). */
export function personalDataSummary(data: { family: FamilyDocument; accounts: Array<{ email: string; displayName: string; status: string }>; requestsCount: number }, today: string): Promise<Buffer> {
  const { family } = data;
  return render((doc) => {
    doc.fontSize(16).text('Vos données personnelles — Portail Famille').moveDown(0.5);
    doc.fontSize(10).text(`Document établi le ${frenchDate(today)}. Il résume tout ce que le portail conserve sur votre famille ; le fichier JSON joint en donne le détail.`).moveDown();
    doc.fontSize(13).text(family.name).fontSize(10).text(`Dossier ouvert le ${frenchDate(family.openedAt.slice(0, 10))} — ${family.status === 'archived' ? 'archivé' : 'actif'}`).moveDown();
    if (family.quotient) doc.text(`Quotient familial : ${family.quotient.value} € (au ${frenchDate(family.quotient.updatedOn)})`).moveDown();
    doc.fontSize(12).text('Responsables').fontSize(10);
    for (const g of family.guardians) {
      doc.text(`• ${g.civility} ${g.firstName} ${g.lastName} — ${g.email}`);
      if (g.phones) doc.text(`  Téléphones : ${Object.values(g.phones).filter(Boolean).join(', ')}`);
      if (g.address) doc.text(`  Adresse : ${g.address.line1}${g.address.line2 ? `, ${g.address.line2}` : ''}, ${g.address.postcode} ${g.address.city}`);
      if (g.caf) doc.text(`  CAF : ${g.caf.allocataire ? `allocataire${g.caf.number ? ` n° ${g.caf.number}` : ''}` : 'non allocataire'}`);
    }
    doc.moveDown().fontSize(12).text('Enfants').fontSize(10);
    for (const c of family.children) {
      doc.text(`• ${c.firstName} ${c.lastName}, né(e) le ${frenchDate(c.birthDate)}${c.birthPlace ? ` à ${c.birthPlace}` : ''}`);
      if (c.health?.allergies) doc.text(`  Allergies : ${c.health.allergies}`);
      if (c.health?.doctor) doc.text(`  Médecin : ${c.health.doctor.name}${c.health.doctor.phone ? ` (${c.health.doctor.phone})` : ''}`);
      for (const contact of c.contacts ?? []) doc.text(`  Contact : ${contact.firstName} ${contact.lastName} (${contact.relationship}) ${contact.phone}`);
    }
    doc.moveDown().fontSize(12).text('Comptes').fontSize(10);
    for (const a of data.accounts) doc.text(`• ${a.displayName} — ${a.email} (${a.status === 'active' ? 'actif' : 'en attente d’activation'})`);
    doc.moveDown().text(`Demandes enregistrées : ${data.requestsCount}`);
    doc.moveDown().text('Pour faire corriger ou effacer ces données, adressez-vous au service enfance de votre commune.');
  });
}
