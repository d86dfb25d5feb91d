import { bicProblems, creditorIdProblems, ibanProblems } from './iban';
import { buildPain008, pain008Problems, type DirectDebitFile } from './pain008';

const file: DirectDebitFile = {
  messageId: 'PF-20261105-ABCDEF12',
  createdAt: '2026-11-05T09:00:00.000Z',
  initiatingParty: 'Commune de Saint-Hilaire-du-Bois',
  collectionDate: '2026-11-12',
  creditor: { name: 'Régie enfance — Saint-Hilaire-du-Bois', creditorId: 'FR72ZZZ123456', iban: 'FR7630006000011234567890189', bic: 'AGRIFRPP882' },
  transactions: [
    { endToEndId: 'FA-2026-000001', amountCents: 4250, mandateId: 'RUM-0001', mandateSignedOn: '2026-09-01', debtorName: 'Claire Martin-Lefèvre', debtorIban: 'FR1420041010050500013M02606', debtorBic: null, remittance: 'Facture FA-2026-000001 octobre 2026', sequenceType: 'FRST' },
    { endToEndId: 'FA-2026-000002', amountCents: 1999, mandateId: 'RUM-0002', mandateSignedOn: '2026-06-15', debtorName: 'Thomas Bernard', debtorIban: 'DE89370400440532013000', debtorBic: 'COBADEFFXXX', remittance: 'Facture FA-2026-000002', sequenceType: 'RCUR' },
  ],
};

describe('SEPA direct debit', () => {
  it('accepts a French IBAN with spaces and refuses a wrong check digit or a wrong length for its country', () => {
    expect(ibanProblems('FR76 3000 6000 0112 3456 7890 189', 'iban')).toEqual([]);
    expect(ibanProblems('FR7630006000011234567890188', 'iban')[0].code).toBe('IBAN_CHECKSUM_INVALID');
    expect(ibanProblems('FR763000600001123456789018', 'iban')[0].code).toBe('IBAN_LENGTH_INVALID');
    expect(ibanProblems('US7630006000011234567890189', 'iban')[0].code).toMatch(/IBAN_(COUNTRY_UNKNOWN|NOT_SEPA)/);
  });

  it('takes the BIC as optional but checks it when given, and checks the creditor identifier (ICS)', () => {
    expect(bicProblems('AGRIFRPP882', 'bic')).toEqual([]);
    expect(bicProblems('AGRI', 'bic')[0].code).toBe('BIC_INVALID');
    expect(creditorIdProblems('FR72ZZZ123456', 'ics')).toEqual([]);
    expect(creditorIdProblems('FR73ZZZ123456', 'ics')[0].code).toBe('CREDITOR_ID_INVALID');
  });

  it('writes a well-formed pain.008.001.02 file with every required element, counts and sums', () => {
    const xml = buildPain008(file);
    expect(pain008Problems(xml)).toEqual([]);
    expect(xml).toContain('<Document xmlns="urn:iso:std:iso:20022:tech:xsd:pain.008.001.02"');
    expect(xml).toContain('<NbOfTxs>2</NbOfTxs>');
    expect(xml).toContain('<CtrlSum>62.49</CtrlSum>');
    expect(xml).toContain('<InstdAmt Ccy="EUR">42.50</InstdAmt>');
    expect(xml).toContain('<SeqTp>FRST</SeqTp>');
    expect(xml).toContain('<Nm>Claire Martin-Lefevre</Nm>');
    expect(xml).toContain('<Id>NOTPROVIDED</Id>');
  });

  it('finds what is missing or does not add up in a file', () => {
    const xml = buildPain008(file).replace('<CtrlSum>62.49</CtrlSum>', '<CtrlSum>62.50</CtrlSum>').replace(/<MndtId>RUM-0002<\/MndtId>/, '');
    expect(pain008Problems(xml)).toEqual(['PmtInf[2]/DrctDbtTxInf[1]/DrctDbtTx/MndtRltdInf/MndtId absent', 'GrpHdr/CtrlSum ne correspond pas à la somme des montants']);
    expect(pain008Problems('<Document><unclosed></Document>')[0]).toMatch(/XML mal formé/);
  });
});
