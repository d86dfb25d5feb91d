import { Body, Controller, Get, HttpCode, Inject, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import { DateTime } from 'luxon';
import { invalid, type Clock } from '@pf/domain';
import { CLOCK, READ_STORE } from '@pf/event-sourcing';
import type { ReadStore } from '@pf/read-store';
import { CurrentUser, Roles } from '@pf/identity';
import type { SessionUser } from '@pf/identity';
import { communeActivity, communeProfile } from '@pf/enrolments';
import { familyVisibleTo } from '@pf/families';
import {
  CancelReservationCommand,
  DecideRequestsCommand,
  DeclareAbsenceCommand,
  MAX_DECISIONS,
  RecordAttendanceCommand,
  type DayRequestOutcome,
} from './day-requests.handler';
import { MAX_PERIOD_BOOKING_DAYS, validateDay, validatePeriod } from './period';
import { attendanceSheet, familyPlanning, MAX_PLANNING_DAYS, occupancy, pendingRequests } from './planning.query';
import { BookingCommands } from './booking-commands';
import { ActivityIdField, ChildIdField, ChildPeriodFields, DayField, RequestIdField } from './booking-fields';
import {
  PreviewReservationCommand,
  RequestPeriodReservationCommand,
  RequestReservationCommand,
  type PeriodOutcome,
  type PreviewOutcome,
  type ReservationOutcome,
} from './request-reservation.handler';
import type { AbsenceReason } from './reservation.events';


/** 'YYYY-MM-DD' that is a real calendar day (no 2026-02-30). */
export function calendarDay(value: string, field: string): string {
  validateDay(value, field);
  return value;
}


export class RequestReservationDto {
  @RequestIdField() requestId!: string;
  @ChildIdField() childId!: string;
  @ActivityIdField() activityId!: string;
  @DayField() day!: string;
  /** The parent agreed to a late booking at its surcharge, if the deadline is past. */
  @IsOptional() @IsBoolean({ message: 'La réservation tardive est oui ou non.' }) late?: boolean;
}

class PeriodFields extends ChildPeriodFields {
  @IsOptional() @IsBoolean({ message: 'La réservation tardive est oui ou non.' }) late?: boolean;
}

export class RequestPeriodReservationDto extends PeriodFields {
  @RequestIdField() requestId!: string;
}

/** A day (`from` = `to`, no weekdays) or a period: nothing is written. */
export class PreviewReservationDto extends PeriodFields {}

export class CancelReservationDto {
  @RequestIdField() requestId!: string;
  @ChildIdField() childId!: string;
  @ActivityIdField() activityId!: string;
  @DayField() day!: string;
  @IsOptional() @IsString({ message: 'Le motif est un texte.' }) @MaxLength(300, { message: 'Le motif ne doit pas dépasser 300 caractères.' }) reason?: string;
}

export class DeclareAbsenceDto {
  @RequestIdField() requestId!: string;
  @ChildIdField() childId!: string;
  @ActivityIdField() activityId!: string;
  @DayField() day!: string;
  @IsIn(['illness', 'family', 'other'], { message: 'Motif : maladie (illness), raison familiale (family) ou autre (other).' }) reason!: AbsenceReason;
  @IsBoolean({ message: 'Indiquez si un certificat médical est fourni.' }) medicalCertificate!: boolean;
}

export class DecisionTargetDto {
  @IsUUID('all', { message: "L'identifiant de la demande décidée doit être un UUID." }) requestId!: string;
  @IsOptional() @DayField() day?: string;
}

export class DecideRequestsDto {
  @RequestIdField() requestId!: string;
  @IsIn(['accept', 'refuse'], { message: 'La décision est « accept » ou « refuse ».' }) decision!: 'accept' | 'refuse';
  @IsOptional() @IsString({ message: 'Le message est un texte.' }) @Length(1, 1000, { message: 'Le message compte de 1 à 1000 caractères.' }) message?: string;
  @IsArray({ message: 'Les demandes à décider sont une liste.' })
  @ArrayMinSize(1, { message: 'Choisissez au moins une demande.' })
  @ArrayMaxSize(MAX_DECISIONS, { message: `Au plus ${MAX_DECISIONS} demandes à la fois.` })
  @ValidateNested({ each: true })
  @Type(() => DecisionTargetDto)
  targets!: DecisionTargetDto[];
}

export class AttendanceMarkDto {
  @ChildIdField() childId!: string;
  @IsIn(['present', 'absent'], { message: 'Pointage : present ou absent.' }) status!: 'present' | 'absent';
}

export class RecordAttendanceDto {
  @RequestIdField() requestId!: string;
  @ActivityIdField() activityId!: string;
  @DayField() day!: string;
  @IsArray({ message: 'Le pointage est une liste.' })
  @ArrayMinSize(1, { message: 'Pointez au moins un enfant.' })
  @ArrayMaxSize(500, { message: 'Au plus 500 enfants par pointage.' })
  @ValidateNested({ each: true })
  @Type(() => AttendanceMarkDto)
  marks!: AttendanceMarkDto[];
}

function range(from: unknown, to: unknown, max: number): { from: string; to: string } {
  const f = calendarDay(String(from ?? ''), 'from');
  const t = calendarDay(String(to ?? ''), 'to');
  const span = DateTime.fromISO(t).diff(DateTime.fromISO(f), 'days').days;
  if (span < 0 || span >= max) throw invalid('RANGE_INVALID', `La période doit aller du plus ancien au plus récent et ne pas dépasser ${max} jours.`);
  return { from: f, to: t };
}

@Controller('api')
export class ReservationsController {
  constructor(
    private readonly bookings: BookingCommands,
    @Inject(READ_STORE) private readonly reads: ReadStore,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}


  /** One day (kept as the first client calls it). */
  @Post('reservations')
  @Roles('guardian', 'staff', 'admin')
  request(@Body() body: RequestReservationDto, @CurrentUser() user: SessionUser) {
    const { requestId, ...input } = body;
    calendarDay(input.day, 'day');
    return this.bookings.answer<ReservationOutcome>(new RequestReservationCommand(input, user, this.bookings.request(user, requestId)));
  }

  /** A period with weekdays: one request, each day decided on its own. */
  @Post('reservations/period')
  @Roles('guardian', 'staff', 'admin')
  period(@Body() body: RequestPeriodReservationDto, @CurrentUser() user: SessionUser) {
    const { requestId, ...input } = body;
    validatePeriod(input.from, input.to, input.weekdays);
    return this.bookings.answer<PeriodOutcome>(new RequestPeriodReservationCommand(input, user, this.bookings.request(user, requestId)));
  }

  /** Each day's would-be outcome and why (late booking with surcharge included), before confirming. Writes nothing. */
  @Post('reservations/preview')
  @HttpCode(200)
  @Roles('guardian', 'staff', 'admin')
  preview(@Body() body: PreviewReservationDto, @CurrentUser() user: SessionUser): Promise<PreviewOutcome> {
    validatePeriod(body.from, body.to, body.weekdays);
    return this.bookings.preview(new PreviewReservationCommand({ ...body }, user, this.bookings.context(user)));
  }

  @Post('reservations/cancellations')
  @Roles('guardian', 'staff', 'admin')
  cancel(@Body() body: CancelReservationDto, @CurrentUser() user: SessionUser) {
    const { requestId, ...input } = body;
    calendarDay(input.day, 'day');
    return this.bookings.answer<DayRequestOutcome>(new CancelReservationCommand(input, user, this.bookings.request(user, requestId)));
  }

  @Post('reservations/absences')
  @Roles('guardian', 'staff', 'admin')
  absence(@Body() body: DeclareAbsenceDto, @CurrentUser() user: SessionUser) {
    const { requestId, ...input } = body;
    calendarDay(input.day, 'day');
    return this.bookings.answer<DayRequestOutcome>(new DeclareAbsenceCommand(input, user, this.bookings.request(user, requestId)));
  }

  @Get('families/:familyId/planning')
  @Roles('guardian', 'staff', 'admin')
  async planning(@Param('familyId', new ParseUUIDPipe()) familyId: string, @Query('from') from: string, @Query('to') to: string, @CurrentUser() user: SessionUser) {
    const span = range(from, to, MAX_PLANNING_DAYS);
    const family = await familyVisibleTo(user, familyId, this.reads);
    const commune = await communeProfile(this.reads, user.communeId);
    return familyPlanning(this.reads.inCommune(user.communeId), family, commune, span.from, span.to, this.clock.now());
  }

  // --- Staff ------------------------------------------------------------------------------------

  /** Accept or refuse pending requests (enrolments, bookings of manual activities, cancellations), one or many, all or nothing. */
  @Post('staff/decisions')
  @Roles('staff', 'admin')
  decide(@Body() body: DecideRequestsDto, @CurrentUser() user: SessionUser) {
    const { requestId, ...input } = body;
    return this.bookings.answer<{ decided: number; position: number }>(
      new DecideRequestsCommand({ ...input, targets: input.targets.map((t) => ({ ...t })) }, this.bookings.request(user, requestId)),
    );
  }

  @Post('staff/attendance')
  @Roles('staff', 'admin')
  attendance(@Body() body: RecordAttendanceDto, @CurrentUser() user: SessionUser) {
    const { requestId, ...input } = body;
    calendarDay(input.day, 'day');
    return this.bookings.answer<{ recorded: number; position: number }>(
      new RecordAttendanceCommand({ ...input, marks: input.marks.map((m) => ({ ...m })) }, user, this.bookings.request(user, requestId)),
    );
  }

  @Get('staff/attendance')
  @Roles('staff', 'admin')
  async sheet(@Query('activityId') activityId: string, @Query('day') day: string, @CurrentUser() user: SessionUser) {
    const activity = await communeActivity(this.reads, String(activityId ?? ''), user.communeId);
    return attendanceSheet(this.reads.inCommune(user.communeId), activity, calendarDay(String(day ?? ''), 'day'));
  }

  @Get('staff/occupancy')
  @Roles('staff', 'admin')
  async occupancy(@Query('activityId') activityId: string, @Query('from') from: string, @Query('to') to: string, @CurrentUser() user: SessionUser) {
    const span = range(from, to, 62);
    const activity = await communeActivity(this.reads, String(activityId ?? ''), user.communeId);
    return occupancy(this.reads.inCommune(user.communeId), activity, span.from, span.to);
  }

  @Get('staff/pending')
  @Roles('staff', 'admin')
  pending(@CurrentUser() user: SessionUser) {
    return pendingRequests(this.reads.inCommune(user.communeId));
  }
}

export { MAX_PERIOD_BOOKING_DAYS };
