import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsOptional, IsUUID, Matches } from 'class-validator';
import { DAY_PATTERN, PageDto, PageQueryDto } from '@pf/http';
import type { RequestKind, RequestStatus } from './request-steps';

export const REQUEST_KINDS: RequestKind[] = [
  'reservation',
  'period_reservation',
  'enrolment',
  'cancellation',
  'absence',
  'family_change',
  'contact',
  'document',
  'certificate',
  'pre_registration',
];
export const REQUEST_STATUSES: RequestStatus[] = ['pending', 'accepted', 'partially_accepted', 'refused', 'waitlisted', 'cancelled', 'answered'];

const bool = ({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value);

export class FamilyRequestsQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: REQUEST_STATUSES })
  @IsOptional()
  @IsIn(REQUEST_STATUSES, { message: 'Statut de demande inconnu.' })
  status?: RequestStatus;

  @ApiPropertyOptional({ enum: REQUEST_KINDS })
  @IsOptional()
  @IsIn(REQUEST_KINDS, { message: 'Type de demande inconnu.' })
  kind?: RequestKind;

  @ApiPropertyOptional({ description: 'Seulement les demandes non lues (true) ou lues (false)' })
  @IsOptional()
  @Transform(bool)
  @IsBoolean({ message: 'unread vaut true ou false.' })
  unread?: boolean;
}

export class RequestQueueQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: REQUEST_STATUSES, default: 'pending' })
  @IsOptional()
  @IsIn(REQUEST_STATUSES, { message: 'Statut de demande inconnu.' })
  status?: RequestStatus;

  @ApiPropertyOptional({ enum: REQUEST_KINDS })
  @IsOptional()
  @IsIn(REQUEST_KINDS, { message: 'Type de demande inconnu.' })
  kind?: RequestKind;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID('all', { message: "L'identifiant de l'activité est invalide." })
  activityId?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID('all', { message: "L'identifiant de la famille est invalide." })
  familyId?: string;

  @ApiPropertyOptional({ description: 'Demandes qui portent sur ce jour (AAAA-MM-JJ)', example: '2026-12-03' })
  @IsOptional()
  @Matches(DAY_PATTERN, { message: 'La date doit être au format AAAA-MM-JJ.' })
  day?: string;
}

export class ClientRequestIdDto {
  @ApiProperty({ format: 'uuid', description: 'Identifiant choisi par le client : la même valeur rejouée ne fait rien de plus' })
  @IsUUID('all', { message: "L'identifiant de la demande doit être un UUID." })
  requestId!: string;
}

export class TimelineEntryDto {
  @ApiProperty({ description: 'Instant ISO 8601' })
  at!: string;
  @ApiProperty({ description: "Type de l'événement" })
  type!: string;
  @ApiProperty({ description: 'Libellé en français' })
  label!: string;
  @ApiProperty({ example: { kind: 'rule', name: 'Règles de réservation' } })
  actor!: { kind: string; name?: string };
  @ApiProperty({ description: 'Qui : le parent, un agent, une règle…', example: 'Règle automatique' })
  actorLabel!: string;
  @ApiPropertyOptional({ enum: ['web', 'back-office', 'api', 'system'] })
  channel?: string;
  @ApiPropertyOptional({ example: 'PAST_DEADLINE' })
  reasonCode?: string;
  @ApiPropertyOptional()
  reasonText?: string;
}

export class MessageDto {
  @ApiProperty()
  at!: string;
  @ApiProperty({ enum: ['family', 'staff'] })
  from!: 'family' | 'staff';
  @ApiPropertyOptional()
  authorName?: string;
  @ApiProperty()
  text!: string;
}

export class RequestDto {
  @ApiProperty({ format: 'uuid' })
  requestId!: string;
  @ApiProperty({ example: 'D-2026-000012' })
  reference!: string;
  @ApiProperty({ enum: REQUEST_KINDS })
  kind!: RequestKind;
  @ApiProperty()
  kindLabel!: string;
  @ApiProperty()
  submittedAt!: string;
  @ApiProperty()
  updatedAt!: string;
  @ApiProperty({ example: 'Réservation Restaurant scolaire — Léa — jeudi 03/12/2026' })
  description!: string;
  @ApiProperty({ enum: REQUEST_STATUSES })
  status!: RequestStatus;
  @ApiProperty({ example: 'Acceptée' })
  statusLabel!: string;
  @ApiPropertyOptional({ nullable: true, type: String })
  childId!: string | null;
  @ApiPropertyOptional({ nullable: true, type: String })
  activityId!: string | null;
  @ApiPropertyOptional({ nullable: true, type: String })
  firstDay!: string | null;
  @ApiPropertyOptional({ nullable: true, type: String })
  lastDay!: string | null;
  @ApiPropertyOptional({ nullable: true, type: String })
  reasonCode!: string | null;
  @ApiPropertyOptional({ nullable: true, type: String })
  reasonText!: string | null;
  @ApiProperty({ description: 'La famille n’a pas encore vu la dernière décision ou le dernier message' })
  unread!: boolean;
  @ApiProperty({ type: [MessageDto] })
  messages!: MessageDto[];
  @ApiProperty({ type: [TimelineEntryDto] })
  timeline!: TimelineEntryDto[];
}

export class RequestListDto extends PageDto {
  @ApiProperty({ description: 'Demandes non lues de la famille (tous filtres confondus)' })
  unreadCount!: number;
  @ApiProperty({ type: [RequestDto] })
  items!: RequestDto[];
}

export class QueueItemDto extends RequestDto {
  @ApiProperty({ format: 'uuid' })
  familyId!: string;
  @ApiProperty({ example: 'Famille MARTIN' })
  familyName!: string;
}

export class RequestQueueDto extends PageDto {
  @ApiProperty({ type: [QueueItemDto] })
  items!: QueueItemDto[];
}

export class MarkReadResultDto {
  @ApiProperty({ description: 'Demandes passées à « lu » par cet appel' })
  marked!: number;
  @ApiProperty()
  unreadCount!: number;
}
