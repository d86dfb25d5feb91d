import { PartialType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsBoolean,
  IsEmail,
  IsIn,
  IsInt,
  IsISO8601,
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

/** French numbers: 0X XX XX XX XX, with spaces, dots or dashes, or +33 / 0033. */
export const FRENCH_PHONE = /^(?:(?:\+|00)33[\s.-]?[1-9]|0[1-9])(?:[\s.-]?\d{2}){4}$/;
/** Metropolitan and overseas postcodes (01000–98999). */
export const FRENCH_POSTCODE = /^(?:0[1-9]|[1-8]\d|9[0-8])\d{3}$/;

const Phone = (label: string): PropertyDecorator => (target, key) => {
  IsOptional()(target, key);
  Matches(FRENCH_PHONE, { message: `${label} : numéro de téléphone français attendu (10 chiffres, par exemple 06 12 34 56 78).` })(target, key);
};
const Text = (label: string, max: number, optional = true): PropertyDecorator => (target, key) => {
  if (optional) IsOptional()(target, key);
  IsString({ message: `${label} doit être un texte.` })(target, key);
  Length(optional ? 0 : 1, max, { message: `${label} : ${optional ? '' : '1 à '}${max} caractères au plus.` })(target, key);
};
const Flag = (label: string, optional = true): PropertyDecorator => (target, key) => {
  if (optional) IsOptional()(target, key);
  IsBoolean({ message: `${label} doit valoir oui ou non.` })(target, key);
};
const IsoDate = (label: string): PropertyDecorator => (target, key) => {
  IsISO8601({ strict: true, strictSeparator: true }, { message: `${label} doit être une date valide (AAAA-MM-JJ).` })(target, key);
  Length(10, 10, { message: `${label} doit être au format AAAA-MM-JJ.` })(target, key);
};

export class PhonesDto {
  @Phone('Portable') mobile?: string;
  @Phone('Domicile') home?: string;
  @Phone('Travail') work?: string;
}

export class AddressDto {
  @Text('L’adresse', 120, false) line1!: string;
  @Text('Le complément d’adresse', 120) line2?: string;
  @Matches(FRENCH_POSTCODE, { message: 'Code postal : 5 chiffres attendus (par exemple 44000).' }) postcode!: string;
  @Text('La commune', 80, false) city!: string;
}

export class ProfessionalDto {
  @Text('La profession', 80) occupation?: string;
  @Text("L'employeur", 120) employer?: string;
  @Text("L'adresse professionnelle", 200) workAddress?: string;
}

export class CafDto {
  @Flag('Allocataire CAF', false) allocataire!: boolean;
  @IsOptional() @IsIn(['general', 'msa', 'autre'], { message: 'Régime : général, MSA ou autre.' }) regime?: 'general' | 'msa' | 'autre';
  @IsOptional() @Matches(/^\d{7}$/, { message: "Numéro d'allocataire : 7 chiffres." }) number?: string;
}

export class GuardianDto {
  @IsIn(['Mme', 'M'], { message: 'Choisissez une civilité.' }) civility!: 'Mme' | 'M';
  @Text('Le nom', 80, false) lastName!: string;
  @Text('Le prénom', 80, false) firstName!: string;
  @IsEmail({}, { message: 'Adresse e-mail invalide.' }) @MaxLength(254, { message: "L'adresse e-mail est trop longue." }) email!: string;
  @IsOptional()
  @IsIn(['mere', 'pere', 'tuteur', 'tutrice', 'beau-parent', 'famille-accueil', 'autre'], { message: 'Qualité : mère, père, tuteur, tutrice, beau-parent, famille d’accueil ou autre.' })
  quality?: 'mere' | 'pere' | 'tuteur' | 'tutrice' | 'beau-parent' | 'famille-accueil' | 'autre';
  @IsOptional()
  @IsIn(['marie', 'pacse', 'vie-maritale', 'celibataire', 'separe', 'divorce', 'veuf', 'autre'], { message: 'Situation familiale inconnue.' })
  familySituation?: 'marie' | 'pacse' | 'vie-maritale' | 'celibataire' | 'separe' | 'divorce' | 'veuf' | 'autre';
  @IsOptional() @ValidateNested() @Type(() => PhonesDto) phones?: PhonesDto;
  @IsOptional() @ValidateNested() @Type(() => AddressDto) address?: AddressDto;
  @Flag('Le consentement aux communications') communicationConsent?: boolean;
  @IsOptional() @IsIn(['email', 'courrier'], { message: 'Envoi des factures : par e-mail ou par courrier.' }) invoiceDelivery?: 'email' | 'courrier';
  @IsOptional() @ValidateNested() @Type(() => ProfessionalDto) professional?: ProfessionalDto;
  @IsOptional() @ValidateNested() @Type(() => CafDto) caf?: CafDto;
}

export class DoctorDto {
  @Text('Le nom du médecin', 120, false) name!: string;
  @Phone('Téléphone du médecin') phone?: string;
}

export class HealthDto {
  @IsOptional() @ValidateNested() @Type(() => DoctorDto) doctor?: DoctorDto;
  @Text('Les allergies', 1000) allergies?: string;
  @Flag('PAI') pai?: boolean;
  @Flag('Lunettes') glasses?: boolean;
  @Flag('Appareil dentaire') dentalDevice?: boolean;
  @Flag('Appareil auditif') hearingAid?: boolean;
  @Text('Les remarques de santé', 2000) notes?: string;
}

export class AuthorisationsDto {
  @Flag('Activités sportives', false) sport!: boolean;
  @Flag('Droit à l’image', false) photos!: boolean;
  @Flag('Partir seul', false) leaveAlone!: boolean;
  @Flag('Hospitalisation', false) hospitalisation!: boolean;
}

export class ContactDto {
  @IsOptional() @IsUUID('all', { message: "L'identifiant du contact doit être un UUID." }) contactId?: string;
  @Text('Le nom du contact', 80, false) lastName!: string;
  @Text('Le prénom du contact', 80, false) firstName!: string;
  @Text('Le lien avec l’enfant', 60, false) relationship!: string;
  @Matches(FRENCH_PHONE, { message: 'Téléphone du contact : numéro français attendu (10 chiffres).' }) phone!: string;
  @Flag('Autorisé à venir chercher l’enfant', false) canPickUp!: boolean;
  @Flag("À appeler en cas d'urgence", false) emergency!: boolean;
}

export class SchoolDto {
  @Text("Le nom de l'école", 120) name?: string;
  @IsOptional() @IsIn(['maternelle', 'elementaire'], { message: 'Niveau : maternelle ou élémentaire.' }) level?: 'maternelle' | 'elementaire';
  @Text('La classe', 40) className?: string;
}

export class ChildDto {
  @Text('Le prénom', 80, false) firstName!: string;
  @Text('Le nom', 80, false) lastName!: string;
  @IsoDate('La date de naissance') birthDate!: string;
  @Text('La classe', 40) schoolClass?: string;
  @Text('Le lieu de naissance', 120) birthPlace?: string;
  @IsOptional() @IsIn(['F', 'M'], { message: 'Sexe : F ou M.' }) sex?: 'F' | 'M';
  @IsOptional() @ValidateNested() @Type(() => SchoolDto) school?: SchoolDto;
  @IsOptional() @IsUUID('all', { message: "L'identifiant de la photo doit être un UUID." }) photoId?: string;
  @IsOptional() @ValidateNested() @Type(() => HealthDto) health?: HealthDto;
  @IsOptional() @ValidateNested() @Type(() => AuthorisationsDto) authorisations?: AuthorisationsDto;
  @IsOptional() @ArrayMaxSize(10, { message: 'Au plus 10 contacts.' }) @ValidateNested({ each: true }) @Type(() => ContactDto) contacts?: ContactDto[];
}

export class GuardianChangesDto extends PartialType(GuardianDto) {}
export class ChildChangesDto extends PartialType(ChildDto) {}

const RequestId = (): PropertyDecorator => IsUUID('all', { message: "L'identifiant de la demande doit être un UUID." });

export class RecordGuardianDto extends GuardianDto {
  @RequestId() requestId!: string;
}

export class RecordChildDto extends ChildDto {
  @RequestId() requestId!: string;
}

export class RecordQuotientDto {
  @RequestId() requestId!: string;
  @IsInt({ message: 'Le quotient familial est un nombre entier d’euros.' }) @Min(0, { message: 'Le quotient familial ne peut être négatif.' }) @Max(100_000, { message: 'Quotient familial trop élevé.' })
  value!: number;
  @IsoDate('La date du quotient familial') updatedOn!: string;
}

export class ChangeRequestDto {
  @RequestId() requestId!: string;
  @IsIn(['guardian', 'child', 'new-child'], { message: 'Objet de la demande : responsable, enfant ou nouvel enfant.' })
  target!: 'guardian' | 'child' | 'new-child';
  @IsOptional() @IsUUID('all', { message: "L'identifiant du responsable doit être un UUID." }) guardianId?: string;
  @IsOptional() @IsUUID('all', { message: "L'identifiant de l'enfant doit être un UUID." }) childId?: string;
  @IsOptional() @ValidateNested() @Type(() => GuardianChangesDto) guardian?: GuardianChangesDto;
  @IsOptional() @ValidateNested() @Type(() => ChildChangesDto) child?: ChildChangesDto;
}

export class DecisionDto {
  @RequestId() requestId!: string;
}

export class RefusalDto extends DecisionDto {
  @Text('Le motif', 500, false) reason!: string;
}

export class ArchiveDto extends DecisionDto {
  @Text('Le motif', 500, false) reason!: string;
}

export class EraseDto extends DecisionDto {
  @IsIn(['RIGHT_TO_ERASURE', 'RETENTION_PERIOD_OVER', 'DUPLICATE_FILE'], { message: "Motif d'effacement : demande de la famille, durée de conservation échue ou doublon." })
  reasonCode!: 'RIGHT_TO_ERASURE' | 'RETENTION_PERIOD_OVER' | 'DUPLICATE_FILE';
}
