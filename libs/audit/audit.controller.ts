import { Controller, Get, Inject, Param, ParseUUIDPipe, Query, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, IntersectionType, ApiParam, ApiProduces, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { stringify } from 'csv-stringify';
import type { Response } from 'express';
import { DateTime } from 'luxon';
import { invalid } from '@pf/domain';
import type { EventStore } from '@pf/event-store';
import { EVENT_STORE, READ_STORE } from '@pf/event-sourcing';
import { ProjectionRunner } from '@pf/projections';
import type { ReadStore } from '@pf/read-store';
import { CurrentUser, Roles } from '@pf/identity';
import type { SessionUser } from '@pf/identity';
import { COMMUNES, type CommuneDocument } from '@pf/communes';
import { PageDto, PageQueryDto, pageOf } from '@pf/http';
import { AUDIT_PROJECTION, AUDIT_SUBJECT_KINDS, type AuditSubjectKind } from './audit.projection';
import { AuditQuery, type AuditFilters, type AuditItem } from './audit.query';

const ACTOR_KINDS = ['guardian', 'staff', 'admin', 'integrator', 'system', 'rule', 'anonymous'];
const TYPES = /^[A-Za-z][A-Za-z0-9]*(,[A-Za-z][A-Za-z0-9]*)*$/;

export class AuditFiltersDto {
  @ApiPropertyOptional({ description: "Type(s) d'événement, séparés par des virgules", example: 'ReservationAccepted,ReservationRefused' })
  @IsOptional()
  @MaxLength(2000, { message: 'Trop de types demandés.' })
  @Matches(TYPES, { message: "Types d'événement : noms séparés par des virgules." })
  type?: string;

  @ApiPropertyOptional({ description: 'Depuis ce jour (AAAA-MM-JJ, heure de la commune) ou cet instant ISO 8601' })
  @IsOptional()
  @IsString({ message: 'from doit être une date.' })
  @MaxLength(40, { message: 'from doit être une date.' })
  from?: string;

  @ApiPropertyOptional({ description: "Jusqu'à ce jour inclus (AAAA-MM-JJ) ou cet instant ISO 8601" })
  @IsOptional()
  @IsString({ message: 'to doit être une date.' })
  @MaxLength(40, { message: 'to doit être une date.' })
  to?: string;

  @ApiPropertyOptional({ enum: ACTOR_KINDS, description: 'Qui : parent, agent, règle…' })
  @IsOptional()
  @IsIn(ACTOR_KINDS, { message: "Type d'acteur inconnu." })
  actorKind?: string;

  @ApiPropertyOptional({ description: "Identifiant de l'acteur (compte)" })
  @IsOptional()
  @IsString({ message: "actorId doit être un identifiant." })
  @MaxLength(200, { message: "actorId doit être un identifiant." })
  actorId?: string;
}

/** Filters and paging: IntersectionType keeps both classes' validation and documentation. */
export class AuditQueryDto extends IntersectionType(PageQueryDto, AuditFiltersDto) {}

export class AuditItemDto {
  @ApiProperty({ description: 'Position dans le journal des événements' })
  position!: number;
  @ApiProperty()
  eventId!: string;
  @ApiProperty({ example: 'ReservationRefused' })
  type!: string;
  @ApiProperty()
  occurredAt!: string;
  @ApiProperty({ example: { kind: 'staff', id: '…', name: 'Sandrine Lefèvre' } })
  actor!: { kind: string; id: string; name: string | null };
  @ApiProperty({ example: 'Agent du service' })
  actorLabel!: string;
  @ApiPropertyOptional({ nullable: true, type: String })
  channel!: string | null;
  @ApiProperty()
  streamId!: string;
  @ApiPropertyOptional({ nullable: true, type: String })
  correlationId!: string | null;
  @ApiPropertyOptional({ nullable: true, type: String })
  causationId!: string | null;
  @ApiProperty({ description: "Données de l'événement", type: Object })
  data!: unknown;
}

export class AuditPageDto extends PageDto {
  @ApiProperty({ type: [AuditItemDto] })
  items!: AuditItemDto[];
}

/** One export holds at most this many events; narrow the filters beyond. */
export const MAX_EXPORT_ROWS = 100_000;

/** Excel runs cells starting with these as formulas: a leading quote keeps them text. */
const safeCell = (value: string) => (/^[=+\-@\t\r]/.test(value) ? `'${value}` : value);

/** Full event history of a family, child, request or invoice, for the commune's staff only. */
@ApiTags('Audit')
@Controller('api/audit')
export class AuditController {
  constructor(
    @Inject(READ_STORE) private readonly reads: ReadStore,
    @Inject(EVENT_STORE) private readonly events: EventStore,
    private readonly projections: ProjectionRunner,
  ) {}

  /** The audit of the caller's commune: an id of another commune has no history there. */
  private queryFor(user: SessionUser): AuditQuery {
    return new AuditQuery(this.reads.inCommune(user.communeId), this.events);
  }

  @Get(':kind/:id')
  @Roles('staff', 'admin')
  @ApiOperation({ summary: "Historique complet (événements) d'une famille, d'un enfant, d'une demande, d'une facture…, du plus ancien au plus récent" })
  @ApiParam({ name: 'kind', enum: AUDIT_SUBJECT_KINDS })
  @ApiOkResponse({ type: AuditPageDto })
  async history(
    @Param('kind') kind: string,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Query() query: AuditQueryDto,
    @CurrentUser() user: SessionUser,
  ): Promise<AuditPageDto> {
    const { limit, offset } = pageOf(query);
    const filter = await this.filter(kind, id, query, user);
    return { limit, offset, ...(await this.queryFor(user).page(filter, limit, offset)) };
  }

  @Get(':kind/:id/export.csv')
  @Roles('staff', 'admin')
  @ApiOperation({ summary: "Le même historique en CSV (séparateur « ; », UTF-8 avec BOM, pour un tableur)" })
  @ApiParam({ name: 'kind', enum: AUDIT_SUBJECT_KINDS })
  @ApiProduces('text/csv')
  async export(
    @Param('kind') kind: string,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Query() query: AuditFiltersDto,
    @CurrentUser() user: SessionUser,
    @Res() response: Response,
  ): Promise<void> {
    const filter = await this.filter(kind, id, query, user);
    const timeZone = await this.timeZone(user.communeId);
    response.setHeader('Content-Type', 'text/csv; charset=utf-8');
    response.setHeader('Content-Disposition', `attachment; filename="historique-${kind}-${id}.csv"`);
    response.setHeader('Cache-Control', 'no-store');
    response.write('\uFEFF');
    const csv = stringify({
      delimiter: ';',
      header: true,
      columns: ['position', 'date', 'type', 'acteur', 'nom', 'identifiant_acteur', 'canal', 'flux', 'donnees'],
    });
    csv.pipe(response);
    let rows = 0;
    for await (const item of this.queryFor(user).all(filter)) {
      if (++rows > MAX_EXPORT_ROWS) break;
      if (!csv.write(row(item, timeZone))) await new Promise((resolve) => csv.once('drain', resolve));
    }
    csv.end();
  }

  private async filter(kind: string, id: string, query: AuditFiltersDto, user: SessionUser) {
    if (!(AUDIT_SUBJECT_KINDS as string[]).includes(kind)) {
      throw invalid('AUDIT_SUBJECT_INVALID', `On peut auditer : ${AUDIT_SUBJECT_KINDS.join(', ')}.`, [
        { field: 'kind', code: 'AUDIT_SUBJECT_INVALID', message: 'Type inconnu.' },
      ]);
    }
    // Commands do not wait for the audit index (it is read eventually): its reader waits for it to hold everything written so far.
    await this.projections.waitForHead([AUDIT_PROJECTION]);
    const filters: AuditFilters = { types: query.type?.split(','), from: query.from, to: query.to, actorKind: query.actorKind, actorId: query.actorId };
    const audit = this.queryFor(user);
    const subject = await audit.subjectFilter(kind as AuditSubjectKind, id);
    const filter = audit.filterFor(subject, filters, await this.timeZone(user.communeId));
    await audit.assertKnown(subject);
    return filter;
  }

  private async timeZone(communeId: string): Promise<string> {
    return (await this.reads.collection<CommuneDocument>(COMMUNES).get(communeId))?.timeZone ?? 'Europe/Paris';
  }
}

function row(item: AuditItem, timeZone: string): string[] {
  return [
    String(item.position),
    DateTime.fromISO(item.occurredAt).setZone(timeZone).toFormat('dd/MM/yyyy HH:mm:ss'),
    item.type,
    item.actorLabel,
    item.actor.name ?? '',
    item.actor.id,
    item.channel ?? '',
    item.streamId,
    JSON.stringify(item.data),
  ].map(safeCell);
}
