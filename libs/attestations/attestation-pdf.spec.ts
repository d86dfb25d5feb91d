import { attestationPdf, daysByMonth, type AttestationPdfData } from './attestation-pdf';
import { attestationStatement, type StatementFacts } from './attestation-statement';
import { pdfText } from '@pf/testing';

const lea = { childId: 'lea', firstName: 'Léa', lastName: 'Martin', birthDate: '2018-04-12' };
const facts: StatementFacts = {
  children: [lea],
  activities: [{ activityId: 'canteen', name: 'Restaurant scolaire', periods: [{ periodId: 'y26', label: 'Année scolaire 2026-2027', from: '2026-09-01', to: '2027-07-03' }] }],
  planning: ['2026-09-03', '2026-09-04', '2026-10-01'].map((day) => ({ childId: 'lea', activityId: 'canteen', day, attendance: 'present' as const })),
  payments: [{ invoiceId: 'i1', invoiceNumber: 'FA-2026-000007', amountCents: 123450, method: 'cheque', receivedOn: '2026-10-05' }],
  invoices: [{ _id: 'i1', type: 'invoice', invoiceId: null, totalCents: 123450, creditedCents: 0, lines: [{ childId: 'lea', amountCents: 123450 }] }],
  enrolments: [{ childId: 'lea', activityId: 'canteen', periodId: 'y26', periodLabel: 'Année scolaire 2026-2027', status: 'accepted' }],
};
const parties = (statement: AttestationPdfData['statement']): AttestationPdfData => ({
  issuer: { communeName: 'Saint-Hilaire-du-Bois', issuerName: 'Service enfance', address: ['1 place de la Mairie', '44000 Saint-Hilaire-du-Bois'], serviceEmail: 'enfance@example.fr' },
  family: { name: 'MARTIN', guardians: ['Mme Claire Martin'], address: ['3 rue des Lilas', '44000 Saint-Hilaire-du-Bois'] },
  statement,
  reference: 'D-2026-000012',
  methodLabels: { cheque: 'chèque' },
});

describe('the attestation PDF', () => {
  it('states the days a child was present, activity by activity and month by month, signed by the commune', async () => {
    const pdf = await attestationPdf(parties(attestationStatement({ kind: 'presence', childId: 'lea', from: '2026-09-01', to: '2026-11-30', year: null }, facts, '2026-12-01')));
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    const text = pdfText(pdf);
    expect(text).toContain('Attestation de présence');
    expect(text).toContain('Référence D-2026-000012 — établie le 01/12/2026');
    expect(text).toContain('atteste que l’enfant Léa Martin, né(e) le 12/04/2018, a été présent(e) aux activités du service enfance du 01/09/2026 au 30/11/2026');
    expect(text).toContain('Léa Martin : 3 jours de présence');
    expect(text).toContain('Restaurant scolaire : 3 jours');
    expect(text).toContain('Jours : septembre 2026 : 03, 04 ; octobre 2026 : 01');
    expect(text).toContain('Total : 3 jours de présence');
    expect(text).toContain('Fait à Saint-Hilaire-du-Bois, le 01/12/2026');
    expect(text).toContain('Famille MARTIN');
  });

  it('says so plainly when no presence was pointed on the period', async () => {
    const text = pdfText(await attestationPdf(parties(attestationStatement({ kind: 'presence', childId: null, from: '2026-11-01', to: '2026-11-30', year: null }, facts, '2026-12-01'))));
    expect(text).toContain('Aucune présence n’a été pointée sur cette période.');
    expect(text).toContain('Total : 0 jour de présence');
  });

  it('lists the payments of the year with their total in euros', async () => {
    const text = pdfText(await attestationPdf(parties(attestationStatement({ kind: 'payment', childId: null, from: null, to: null, year: 2026 }, facts, '2026-12-01'))));
    expect(text).toContain('Attestation de paiement');
    expect(text).toContain('atteste que la famille MARTIN a réglé au service enfance en 2026 (jusqu’au 01/12/2026), les sommes suivantes');
    expect(text).toMatch(/05\/10\/2026 ?FA-2026-000007 ?chèque ?1 234,50 €/);
    expect(text).toContain('Total réglé en 2026 : 1 234,50 €');
  });

  it('lists the enrolments in force on the day of issue', async () => {
    const text = pdfText(await attestationPdf(parties(attestationStatement({ kind: 'enrolment', childId: null, from: null, to: null, year: null }, facts, '2026-12-01'))));
    expect(text).toContain("Attestation d'inscription");
    expect(text).toContain('atteste qu’au 01/12/2026, les enfants de la famille MARTIN sont inscrits');
    expect(text).toMatch(/Léa Martin ?Restaurant scolaire ?Année scolaire 2026-2027 ?01\/09\/2026 ?03\/07\/2027/);
    expect(text).toContain('Nombre d’inscriptions en cours : 1');
  });

  it('writes days month by month in French', () => {
    expect(daysByMonth(['2026-12-31', '2027-01-04'])).toBe('décembre 2026 : 31 ; janvier 2027 : 04');
  });
});
