import { Body, Controller, Get, Inject, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { IsUUID, Matches } from 'class-validator';
import { DateTime } from 'luxon';
import { invalid, notFound, type Clock } from '@pf/domain';
import { CLOCK, READ_STORE } from '@pf/event-sourcing';
import { ProjectionRunner } from '@pf/projections';
import type { ReadStore } from '@pf/read-store';
import { contextFor } from '../accounts/command-context.factory';
import { CurrentUser, Roles } from '../accounts/access';
import type { SessionUser } from '../accounts/session';
import { COMMUNES, type CommuneDocument } from '../communes/communes.projection';
import { familyVisibleTo } from '../families/family-access';
import { familyPlanning, MAX_PLANNING_DAYS } from './planning.query';
import { RequestReservationCommand, type ReservationOutcome } from './request-reservation.handler';

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** 'YYYY-MM-DD' that is a real calendar day (no 2026-02-30). */
export function calendarDay(value: string, field: string): string {
  if (!DAY.test(value) || !DateTime.fromISO(value, { zone: 'UTC' }).isValid) {
    throw invalid('DATE_INVALID', 'Date invalide : utilisez le format AAAA-MM-JJ.', [
      { field, code: 'DATE_INVALID', message: 'Date invalide : utilisez le format AAAA-MM-JJ.' },
    ]);
  }
  return value;
}

export class RequestReservationDto {
  @IsUUID('all', { message: "L'identifiant de la demande doit être un UUID." })
  requestId!: string;

  @IsUUID('all', { message: "L'identifiant de l'enfant est invalide." })
  childId!: string;

  @IsUUID('all', { message: "L'identifiant de l'activité est invalide." })
  activityId!: string;

  @Matches(DAY, { message: 'La date doit être au format AAAA-MM-JJ.' })
  day!: string;
}

@Controller('api')
export class ReservationsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly projections: ProjectionRunner,
    @Inject(READ_STORE) private readonly reads: ReadStore,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Post('reservations')
  @Roles('guardian', 'staff', 'admin')
  async request(@Body() body: RequestReservationDto, @CurrentUser() user: SessionUser) {
    const { requestId, ...input } = body;
    calendarDay(input.day, 'day');
    const result = await this.commands.execute<RequestReservationCommand, ReservationOutcome>(
      new RequestReservationCommand(input, user, { ...contextFor(user, this.clock.now(), requestId), requestId }),
    );
    await this.projections.waitFor(result.position);
    const { position: _position, ...response } = result;
    return response;
  }

  @Get('families/:familyId/planning')
  @Roles('guardian', 'staff', 'admin')
  async planning(
    @Param('familyId', new ParseUUIDPipe()) familyId: string,
    @Query('from') from: string,
    @Query('to') to: string,
    @CurrentUser() user: SessionUser,
  ) {
    calendarDay(String(from ?? ''), 'from');
    calendarDay(String(to ?? ''), 'to');
    const span = DateTime.fromISO(to).diff(DateTime.fromISO(from), 'days').days;
    if (span < 0 || span >= MAX_PLANNING_DAYS) {
      throw invalid('RANGE_INVALID', `La période doit aller du plus ancien au plus récent et ne pas dépasser ${MAX_PLANNING_DAYS} jours.`);
    }
    const family = await familyVisibleTo(user, familyId, this.reads);
    const commune = await this.reads.collection<CommuneDocument>(COMMUNES).get(family.communeId);
    if (!commune) throw notFound('COMMUNE_NOT_FOUND', 'Commune inconnue.');
    return familyPlanning(this.reads, family, commune, from, to, this.clock.now());
  }
}
