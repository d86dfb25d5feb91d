import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  Equals,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { invalid, type FieldProblem } from '@pf/domain';
import { parsePercent } from './money';
import type { Pricing, Surcharge, UnexpectedPresencePrice } from './tariff';

const RequestIdField = () => IsUUID('all', { message: "L'identifiant de la demande doit être un UUID." });
const DAY = /^\d{4}-\d{2}-\d{2}$/;
const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

export class RunBillingDto {
  @RequestIdField() requestId!: string;
  @Matches(MONTH, { message: 'Le mois doit être au format AAAA-MM.' }) month!: string;
}

export class TariffDto {
  @RequestIdField() requestId!: string;
  @IsUUID('all', { message: "L'identifiant de l'activité est invalide." }) activityId!: string;
  @IsString({ message: 'La période est un identifiant.' }) @Length(1, 100, { message: 'La période est un identifiant.' }) periodId!: string;
  @IsObject({ message: 'Le mode de tarification est un objet (brackets, effort_rate ou surcharge).' }) pricing!: Record<string, unknown>;
  @IsOptional() @IsObject({ message: 'Le prix d’une présence non réservée est un objet.' }) unexpectedPresence?: Record<string, unknown> | null;
}

class CreditorDto {
  @IsString({ message: 'Le nom du créancier est un texte.' }) @Length(1, 70, { message: 'Le nom du créancier compte de 1 à 70 caractères.' }) name!: string;
  @IsString({ message: 'L’ICS est un texte.' }) @Length(5, 35, { message: 'L’ICS compte de 5 à 35 caractères.' }) creditorId!: string;
  @IsString({ message: 'L’IBAN est un texte.' }) @Length(15, 42, { message: 'L’IBAN compte de 15 à 34 caractères.' }) iban!: string;
  @IsOptional() @IsString({ message: 'Le BIC est un texte.' }) bic?: string | null;
}

export class SettingsDto {
  @RequestIdField() requestId!: string;
  @IsString({ message: 'Le nom de la régie est un texte.' }) @Length(1, 120, { message: 'Le nom de la régie compte de 1 à 120 caractères.' }) issuerName!: string;
  @IsArray({ message: 'L’adresse est une liste de lignes.' }) @ArrayMaxSize(5, { message: 'Au plus 5 lignes d’adresse.' }) @IsString({ each: true, message: 'Chaque ligne d’adresse est un texte.' }) @MaxLength(120, { each: true, message: 'Une ligne d’adresse compte au plus 120 caractères.' }) issuerAddress!: string[];
  @IsInt({ message: 'Le délai de paiement est un nombre de jours.' }) @Min(1, { message: 'Le délai de paiement est d’au moins 1 jour.' }) @Max(90, { message: 'Le délai de paiement est d’au plus 90 jours.' }) paymentTermDays!: number;
  @IsBoolean({ message: 'Le paiement partiel en ligne est oui ou non.' }) allowPartialOnlinePayment!: boolean;
  @IsOptional() @Matches(/^\d{6}$/, { message: 'Le numéro client PayFiP compte 6 chiffres.' }) payfipClientNumber?: string | null;
  @IsOptional() @ValidateNested() @Type(() => CreditorDto) sepaCreditor?: CreditorDto | null;
  @IsInt({ message: 'Le délai de prélèvement est un nombre de jours.' }) @Min(2, { message: 'Le délai de prélèvement est d’au moins 2 jours.' }) @Max(30, { message: 'Le délai de prélèvement est d’au plus 30 jours.' }) directDebitDelayDays!: number;
}

export class DeskPaymentDto {
  @RequestIdField() requestId!: string;
  @IsUUID('all', { message: "L'identifiant de la facture est invalide." }) invoiceId!: string;
  @IsInt({ message: 'Le montant est un nombre entier de centimes.' }) @Min(1, { message: 'Le montant est d’au moins 1 centime.' }) @Max(10_000_000, { message: 'Le montant est trop élevé.' }) amountCents!: number;
  @IsIn(['cash', 'cheque', 'cesu'], { message: 'Mode de règlement au guichet : cash (espèces), cheque ou cesu.' }) method!: 'cash' | 'cheque' | 'cesu';
  @IsOptional() @Matches(DAY, { message: 'La date doit être au format AAAA-MM-JJ.' }) receivedOn?: string;
  @IsOptional() @IsString({ message: 'La référence est un texte.' }) @Length(1, 50, { message: 'La référence compte de 1 à 50 caractères.' }) @Matches(/^[A-Za-z0-9 /-]+$/, { message: 'La référence ne contient que des lettres, chiffres, espaces, / et -.' }) reference?: string;
}

export class OnlinePaymentDto {
  @RequestIdField() requestId!: string;
  @IsOptional() @IsInt({ message: 'Le montant est un nombre entier de centimes.' }) @Min(1, { message: 'Le montant est d’au moins 1 centime.' }) amountCents?: number;
}

export class CorrectionDto {
  @RequestIdField() requestId!: string;
  @Matches(MONTH, { message: 'Le mois doit être au format AAAA-MM.' }) month!: string;
  @IsOptional() @IsString({ message: 'Le commentaire est un texte.' }) @MaxLength(300, { message: 'Le commentaire compte au plus 300 caractères.' }) comment?: string;
}

export class RegularisationDto {
  @RequestIdField() requestId!: string;
  @IsInt({ message: 'Le quotient familial est un nombre entier d’euros.' }) @Min(0, { message: 'Le quotient familial est positif.' }) @Max(100_000, { message: 'Le quotient familial est trop élevé.' }) quotient!: number;
  @Matches(DAY, { message: 'La date doit être au format AAAA-MM-JJ.' }) validFrom!: string;
}

export class MandateDto {
  @RequestIdField() requestId!: string;
  @IsString({ message: 'L’IBAN est un texte.' }) @Length(15, 42, { message: 'L’IBAN compte de 15 à 34 caractères.' }) iban!: string;
  @IsOptional() @IsString({ message: 'Le BIC est un texte.' }) bic?: string;
  @Matches(DAY, { message: 'La date doit être au format AAAA-MM-JJ.' }) signedOn!: string;
}

/** A parent's request for direct debit: the account holder, the account (IBAN checked, BIC optional). */
export class MandateRequestDto {
  @RequestIdField() requestId!: string;
  @IsString({ message: 'Le titulaire du compte est un texte.' }) @Length(2, 70, { message: 'Le nom du titulaire du compte compte de 2 à 70 caractères.' }) holderName!: string;
  @IsString({ message: 'L’IBAN est un texte.' }) @Length(15, 42, { message: 'L’IBAN compte de 15 à 34 caractères.' }) iban!: string;
  @IsOptional() @IsString({ message: 'Le BIC est un texte.' }) @Length(8, 11, { message: 'Le BIC compte 8 ou 11 caractères.' }) bic?: string;
}

/** The parent signs the mandate online: `accept` must be true (they read it and authorise the debits). */
export class MandateSignatureDto {
  @RequestIdField() requestId!: string;
  @Equals(true, { message: 'Cochez la case pour accepter le mandat de prélèvement.' }) accept!: boolean;
}

export class MandateValidationDto {
  @RequestIdField() requestId!: string;
  /** The paper mandate's date, when it was not signed online. */
  @IsOptional() @Matches(DAY, { message: 'La date doit être au format AAAA-MM-JJ.' }) signedOn?: string;
}

export class MandateRefusalDto {
  @RequestIdField() requestId!: string;
  @IsString({ message: 'Le motif est un texte.' }) @Length(1, 500, { message: 'Le motif compte de 1 à 500 caractères.' }) reason!: string;
}

export class RefundDto {
  @RequestIdField() requestId!: string;
  @IsUUID('all', { message: "L'identifiant du règlement est invalide." }) paymentId!: string;
  @IsInt({ message: 'Le montant est un nombre entier de centimes.' }) @Min(1, { message: 'Le montant est d’au moins 1 centime.' }) @Max(10_000_000, { message: 'Le montant est trop élevé.' }) amountCents!: number;
  @IsIn(['bank_transfer', 'cash', 'cheque'], { message: 'Mode de remboursement : bank_transfer (virement), cash (espèces) ou cheque.' }) method!: 'bank_transfer' | 'cash' | 'cheque';
  @IsOptional() @Matches(DAY, { message: 'La date doit être au format AAAA-MM-JJ.' }) refundedOn?: string;
  @IsOptional() @IsString({ message: 'La référence est un texte.' }) @Length(1, 50, { message: 'La référence compte de 1 à 50 caractères.' }) @Matches(/^[A-Za-z0-9 /-]+$/, { message: 'La référence ne contient que des lettres, chiffres, espaces, / et -.' }) reference?: string;
}

export class RequestOnlyDto {
  @RequestIdField() requestId!: string;
}

export class DirectDebitDto {
  @RequestIdField() requestId!: string;
  @IsOptional() @Matches(DAY, { message: 'La date doit être au format AAAA-MM-JJ.' }) collectionDate?: string;
}

// --- Tariff input → domain ---------------------------------------------------------------------

const problem = (field: string, message: string): FieldProblem => ({ field, code: 'TARIFF_INVALID', message });
const int = (v: unknown) => (Number.isSafeInteger(v) ? (v as number) : NaN);
/** The fields of what the client sent as an object (none for anything else). */
const fieldsOf = (v: unknown): Record<string, unknown> => (typeof v === 'object' && v !== null ? (v as Record<string, unknown>) : {});

function surchargeOf(sent: unknown, field: string, problems: FieldProblem[]): Surcharge {
  const raw = fieldsOf(sent);
  if (raw.kind === 'amount') return { kind: 'amount', cents: int(raw.cents) };
  if (raw.kind === 'percent') {
    const bp = parsePercent(raw.percent, 2);
    if (bp === null) problems.push(problem(`${field}.percent`, 'Le pourcentage de majoration s’écrit avec au plus 2 décimales, ex. 15 ou 12,5.'));
    return { kind: 'percent', basisPoints: bp ?? NaN };
  }
  problems.push(problem(`${field}.kind`, 'La majoration est « amount » (montant en centimes) ou « percent » (pourcentage).'));
  return { kind: 'amount', cents: NaN };
}

/** The API's tariff shape (percentages as text, « 0,45 ») → the domain's (integers). Structural problems listed field by field. */
export function tariffFromDto(dto: TariffDto): { pricing: Pricing; unexpectedPresence: UnexpectedPresencePrice } {
  const problems: FieldProblem[] = [];
  const raw = dto.pricing;
  let pricing: Pricing;
  if (raw.kind === 'brackets') {
    const brackets = Array.isArray(raw.brackets) ? raw.brackets.slice(0, 50) : [];
    if (!Array.isArray(raw.brackets)) problems.push(problem('pricing.brackets', 'Les tranches sont une liste.'));
    pricing = { kind: 'brackets', brackets: brackets.map((b: unknown) => ({ fromQuotient: int(fieldsOf(b).fromQuotient), unitPriceCents: int(fieldsOf(b).unitPriceCents) })) };
  } else if (raw.kind === 'effort_rate') {
    const ppm = parsePercent(raw.ratePercent, 4);
    if (ppm === null) problems.push(problem('pricing.ratePercent', 'Le taux d’effort est un pourcentage avec au plus 4 décimales, ex. 0,45.'));
    pricing = { kind: 'effort_rate', ratePpm: ppm ?? NaN, floorCents: int(raw.floorCents), ceilingCents: int(raw.ceilingCents) };
  } else if (raw.kind === 'surcharge') {
    pricing = { kind: 'surcharge', surcharge: surchargeOf(raw.surcharge, 'pricing.surcharge', problems) };
  } else {
    problems.push(problem('pricing.kind', 'Le mode de tarification est « brackets » (tranches de QF), « effort_rate » (taux d’effort) ou « surcharge » (réservation tardive).'));
    pricing = { kind: 'brackets', brackets: [] };
  }
  const u = dto.unexpectedPresence;
  let unexpectedPresence: UnexpectedPresencePrice = null;
  if (u) {
    if (u.kind === 'price') unexpectedPresence = { kind: 'price', cents: int(u.cents) };
    else if (u.kind === 'surcharge') unexpectedPresence = { kind: 'surcharge', surcharge: surchargeOf(u.surcharge, 'unexpectedPresence.surcharge', problems) };
    else problems.push(problem('unexpectedPresence.kind', 'Le prix d’une présence non réservée est « price » (prix fixe) ou « surcharge » (majoration).'));
  }
  if (problems.length) throw invalid('TARIFF_INVALID', 'Le tarif est invalide.', problems);
  return { pricing, unexpectedPresence };
}

class DayToPriceDto {
  @IsUUID('all', { message: "L'identifiant de l'activité est invalide." }) activityId!: string;
  @Matches(DAY, { message: 'La date doit être au format AAAA-MM-JJ.' }) day!: string;
  @IsOptional() @IsUUID('all', { message: "L'identifiant de l'activité de réservation tardive est invalide." }) lateActivityId?: string | null;
}

/** Days about to be booked for one child (a preview's days), to price before confirming. */
export class PriceEstimateDto {
  @IsUUID('all', { message: "L'identifiant de l'enfant est invalide." }) childId!: string;
  @IsArray({ message: 'Les jours à chiffrer sont une liste.' })
  @ArrayMaxSize(400, { message: 'Au plus 400 jours par estimation.' })
  @ValidateNested({ each: true })
  @Type(() => DayToPriceDto)
  days!: DayToPriceDto[];
}
