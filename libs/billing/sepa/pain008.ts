import { XMLBuilder, XMLParser, XMLValidator } from 'fast-xml-parser';
import { ibanProblems, creditorIdProblems } from './iban';

/**
 * SEPA Core Direct Debit initiation, ISO 20022 pain.008.001.02 (the version French banks still
 * accept for SDD CORE files), one PmtInf block per sequence type (FRST / RCUR).
 */
export const PAIN_008_NAMESPACE = 'urn:iso:std:iso:20022:tech:xsd:pain.008.001.02';

export interface DirectDebitCreditor {
  name: string;
  /** ICS */
  creditorId: string;
  iban: string;
  bic: string | null;
}

export interface DirectDebitTransaction {
  /** Unique per transaction (≤ 35 characters). */
  endToEndId: string;
  amountCents: number;
  mandateId: string;
  mandateSignedOn: string;
  debtorName: string;
  debtorIban: string;
  debtorBic: string | null;
  /** Free text the debtor reads on the statement (≤ 140 characters). */
  remittance: string;
  sequenceType: 'FRST' | 'RCUR';
}

export interface DirectDebitFile {
  messageId: string;
  /** ISO instant, e.g. 2026-11-05T09:00:00 */
  createdAt: string;
  initiatingParty: string;
  collectionDate: string;
  creditor: DirectDebitCreditor;
  transactions: DirectDebitTransaction[];
}

/** SEPA's character set: Latin letters without accents, digits, / - ? : ( ) . , ' + and space. */
export function sepaText(text: string, max: number): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[’‘]/g, "'")
    .replace(/[^A-Za-z0-9/\-?:().,'+ ]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, max);
}

const amount = (cents: number) => `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, '0')}`;
const agent = (bic: string | null) => (bic ? { FinInstnId: { BIC: bic } } : { FinInstnId: { Othr: { Id: 'NOTPROVIDED' } } });

export function buildPain008(file: DirectDebitFile): string {
  const total = file.transactions.reduce((s, t) => s + t.amountCents, 0);
  const blocks = (['FRST', 'RCUR'] as const)
    .map((seq) => ({ seq, txs: file.transactions.filter((t) => t.sequenceType === seq) }))
    .filter((b) => b.txs.length > 0)
    .map(({ seq, txs }) => ({
      PmtInfId: sepaText(`${file.messageId}-${seq}`, 35),
      PmtMtd: 'DD',
      BtchBookg: 'true',
      NbOfTxs: String(txs.length),
      CtrlSum: amount(txs.reduce((s, t) => s + t.amountCents, 0)),
      PmtTpInf: { SvcLvl: { Cd: 'SEPA' }, LclInstrm: { Cd: 'CORE' }, SeqTp: seq },
      ReqdColltnDt: file.collectionDate,
      Cdtr: { Nm: sepaText(file.creditor.name, 70) },
      CdtrAcct: { Id: { IBAN: file.creditor.iban } },
      CdtrAgt: agent(file.creditor.bic),
      ChrgBr: 'SLEV',
      CdtrSchmeId: { Id: { PrvtId: { Othr: { Id: file.creditor.creditorId, SchmeNm: { Prtry: 'SEPA' } } } } },
      DrctDbtTxInf: txs.map((t) => ({
        PmtId: { EndToEndId: sepaText(t.endToEndId, 35) },
        InstdAmt: { '@_Ccy': 'EUR', '#text': amount(t.amountCents) },
        DrctDbtTx: { MndtRltdInf: { MndtId: sepaText(t.mandateId, 35), DtOfSgntr: t.mandateSignedOn } },
        DbtrAgt: agent(t.debtorBic),
        Dbtr: { Nm: sepaText(t.debtorName, 70) || 'NOTPROVIDED' },
        DbtrAcct: { Id: { IBAN: t.debtorIban } },
        RmtInf: { Ustrd: sepaText(t.remittance, 140) },
      })),
    }));
  const document = {
    '?xml': { '@_version': '1.0', '@_encoding': 'UTF-8' },
    Document: {
      '@_xmlns': PAIN_008_NAMESPACE,
      '@_xmlns:xsi': 'http://www.w3.org/2001/XMLSchema-instance',
      CstmrDrctDbtInitn: {
        GrpHdr: {
          MsgId: sepaText(file.messageId, 35),
          CreDtTm: file.createdAt.slice(0, 19),
          NbOfTxs: String(file.transactions.length),
          CtrlSum: amount(total),
          InitgPty: { Nm: sepaText(file.initiatingParty, 70) },
        },
        PmtInf: blocks,
      },
    },
  };
  return new XMLBuilder({ ignoreAttributes: false, attributeNamePrefix: '@_', format: true, suppressEmptyNode: true }).build(document);
}

/** What the check reads of a parsed transaction (fast-xml-parser, texts kept as strings): any element may be missing. */
interface ParsedTransaction {
  PmtId?: { EndToEndId?: string };
  InstdAmt?: { '#text'?: string; '@_Ccy'?: string };
  DrctDbtTx?: { MndtRltdInf?: { MndtId?: string; DtOfSgntr?: string } };
  DbtrAgt?: { FinInstnId?: unknown };
  Dbtr?: { Nm?: string };
  DbtrAcct?: { Id?: { IBAN?: string } };
}

/** What the check reads of a parsed payment block (PmtInf): any element may be missing. */
interface ParsedPaymentBlock {
  PmtInfId?: string;
  ReqdColltnDt?: string;
  PmtMtd?: string;
  NbOfTxs?: string;
  CtrlSum?: string;
  PmtTpInf?: { SvcLvl?: { Cd?: string }; LclInstrm?: { Cd?: string }; SeqTp?: string };
  Cdtr?: { Nm?: string };
  CdtrAcct?: { Id?: { IBAN?: string } };
  CdtrAgt?: { FinInstnId?: unknown };
  CdtrSchmeId?: { Id?: { PrvtId?: { Othr?: { Id?: string; SchmeNm?: { Prtry?: string } } } } };
  DrctDbtTxInf?: ParsedTransaction | ParsedTransaction[];
}

const list = <T>(value: T | T[] | undefined): T[] => (value === undefined ? [] : Array.isArray(value) ? value : [value]);
const cents = (text: unknown) => (typeof text === 'string' && /^\d+\.\d{2}$/.test(text) ? Number(text.replace('.', '')) : NaN);
const DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * Checks a pain.008.001.02 file: well-formed XML, the namespace, the elements the schema (and the
 * EPC SDD Core rulebook) require, and that counts and control sums add up. Returns the problems.
 */
export function pain008Problems(xml: string): string[] {
  const wellFormed = XMLValidator.validate(xml);
  if (wellFormed !== true) return [`XML mal formé : ${wellFormed.err.msg} (ligne ${wellFormed.err.line})`];
  const parsed = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@_', parseTagValue: false }).parse(xml);
  const problems: string[] = [];
  const doc = parsed.Document;
  if (!doc) return ['Élément racine Document absent'];
  if (doc['@_xmlns'] !== PAIN_008_NAMESPACE) problems.push(`Espace de noms attendu : ${PAIN_008_NAMESPACE}`);
  const root = doc.CstmrDrctDbtInitn;
  if (!root) return [...problems, 'CstmrDrctDbtInitn absent'];
  const header = root.GrpHdr ?? {};
  for (const field of ['MsgId', 'CreDtTm', 'NbOfTxs']) if (!header[field]) problems.push(`GrpHdr/${field} absent`);
  if (!header.InitgPty?.Nm) problems.push('GrpHdr/InitgPty/Nm absent');
  const blocks = list<ParsedPaymentBlock>(root.PmtInf);
  if (blocks.length === 0) problems.push('PmtInf absent');
  let count = 0;
  let sum = 0;
  for (const [b, block] of blocks.entries()) {
    const at = `PmtInf[${b + 1}]`;
    for (const field of ['PmtInfId', 'ReqdColltnDt'] as const) if (!block[field]) problems.push(`${at}/${field} absent`);
    if (block.PmtMtd !== 'DD') problems.push(`${at}/PmtMtd doit valoir DD`);
    if (block.PmtTpInf?.SvcLvl?.Cd !== 'SEPA') problems.push(`${at}/PmtTpInf/SvcLvl/Cd doit valoir SEPA`);
    if (!['CORE', 'B2B'].includes(block.PmtTpInf?.LclInstrm?.Cd ?? '')) problems.push(`${at}/PmtTpInf/LclInstrm/Cd doit valoir CORE ou B2B`);
    if (!['FRST', 'RCUR', 'OOFF', 'FNAL'].includes(block.PmtTpInf?.SeqTp ?? '')) problems.push(`${at}/PmtTpInf/SeqTp invalide`);
    if (block.ReqdColltnDt && !DATE.test(block.ReqdColltnDt)) problems.push(`${at}/ReqdColltnDt n’est pas une date AAAA-MM-JJ`);
    if (!block.Cdtr?.Nm) problems.push(`${at}/Cdtr/Nm absent`);
    problems.push(...ibanProblems(block.CdtrAcct?.Id?.IBAN ?? '', `${at}/CdtrAcct/Id/IBAN`).map((p) => `${p.field} : ${p.message}`));
    if (!block.CdtrAgt?.FinInstnId) problems.push(`${at}/CdtrAgt/FinInstnId absent`);
    const ics = block.CdtrSchmeId?.Id?.PrvtId?.Othr;
    problems.push(...creditorIdProblems(ics?.Id ?? '', `${at}/CdtrSchmeId`).map((p) => `${p.field} : ${p.message}`));
    if (ics?.SchmeNm?.Prtry !== 'SEPA') problems.push(`${at}/CdtrSchmeId/Id/PrvtId/Othr/SchmeNm/Prtry doit valoir SEPA`);
    const txs = list(block.DrctDbtTxInf);
    if (txs.length === 0) problems.push(`${at}/DrctDbtTxInf absent`);
    let blockSum = 0;
    for (const [t, tx] of txs.entries()) {
      const tat = `${at}/DrctDbtTxInf[${t + 1}]`;
      if (!tx.PmtId?.EndToEndId) problems.push(`${tat}/PmtId/EndToEndId absent`);
      const value = cents(tx.InstdAmt?.['#text']);
      if (tx.InstdAmt?.['@_Ccy'] !== 'EUR' || !(value > 0)) problems.push(`${tat}/InstdAmt doit être un montant positif en EUR à 2 décimales`);
      else blockSum += value;
      if (!tx.DrctDbtTx?.MndtRltdInf?.MndtId) problems.push(`${tat}/DrctDbtTx/MndtRltdInf/MndtId absent`);
      if (!DATE.test(tx.DrctDbtTx?.MndtRltdInf?.DtOfSgntr ?? '')) problems.push(`${tat}/DrctDbtTx/MndtRltdInf/DtOfSgntr absent ou invalide`);
      if (!tx.DbtrAgt?.FinInstnId) problems.push(`${tat}/DbtrAgt/FinInstnId absent`);
      if (!tx.Dbtr?.Nm) problems.push(`${tat}/Dbtr/Nm absent`);
      problems.push(...ibanProblems(tx.DbtrAcct?.Id?.IBAN ?? '', `${tat}/DbtrAcct/Id/IBAN`).map((p) => `${p.field} : ${p.message}`));
    }
    if (block.NbOfTxs !== undefined && Number(block.NbOfTxs) !== txs.length) problems.push(`${at}/NbOfTxs ne correspond pas au nombre de transactions`);
    if (block.CtrlSum !== undefined && cents(block.CtrlSum) !== blockSum) problems.push(`${at}/CtrlSum ne correspond pas à la somme des montants`);
    count += txs.length;
    sum += blockSum;
  }
  if (Number(header.NbOfTxs) !== count) problems.push('GrpHdr/NbOfTxs ne correspond pas au nombre de transactions');
  if (header.CtrlSum !== undefined && cents(header.CtrlSum) !== sum) problems.push('GrpHdr/CtrlSum ne correspond pas à la somme des montants');
  return problems;
}
