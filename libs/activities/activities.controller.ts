import { Body, Controller, Get, Inject, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Max,
  MaxLength,
  Min,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { notFound, type Clock } from '@pf/domain';
import { CLOCK, idFromRequest, READ_STORE } from '@pf/event-sourcing';
import { ProjectionRunner } from '@pf/projections';
import type { ReadStore } from '@pf/read-store';
import { contextFor, CurrentUser, Roles } from '@pf/identity';
import type { SessionUser } from '@pf/identity';
import { describeDeadlineRule, type DeadlineRule } from '@pf/reservations';
import type { ActivityKind, ChildGroup, EnrolmentPolicy } from './activity.events';
import { ACTIVITIES, FACILITIES, type ActivityDocument, type FacilityDocument } from './activities.projection';
import { ConfigureActivityCommand, ConfigureFacilityCommand } from './configure-activity.handler';

const KINDS: ActivityKind[] = ['canteen', 'morning_care', 'evening_care', 'wednesday', 'holiday_centre'];

export class DeadlineRuleDto {
  @IsIn(['hoursBefore', 'daysBefore', 'workingDaysBefore', 'weekdayOfPreviousWeek'], { message: 'Type de délai inconnu.' })
  kind!: DeadlineRule['kind'];
  @IsOptional() @IsInt({ message: "Le nombre d'heures doit être un entier." }) hours?: number;
  @IsOptional() @IsInt({ message: 'Le nombre de jours doit être un entier.' }) days?: number;
  @IsOptional() @IsInt({ message: 'Le jour de la semaine doit être un entier (1 = lundi).' }) weekday?: number;
  @IsOptional() @IsString({ message: "L'heure limite doit être au format HH:MM." }) time?: string;
}

export class PeriodDto {
  @IsString({ message: "L'identifiant de la période est obligatoire." }) @Length(1, 64, { message: "L'identifiant de la période compte de 1 à 64 caractères." })
  periodId!: string;
  @IsString({ message: 'Le nom de la période est obligatoire.' }) @Length(1, 120, { message: 'Le nom de la période compte de 1 à 120 caractères.' })
  label!: string;
  @IsIn(['school_year', 'holiday_session'], { message: 'Une période est une année scolaire ou une session de vacances.' })
  kind!: 'school_year' | 'holiday_session';
  @IsString({ message: 'La date de début est obligatoire (AAAA-MM-JJ).' }) from!: string;
  @IsString({ message: 'La date de fin est obligatoire (AAAA-MM-JJ).' }) to!: string;
  @IsArray({ message: "Les jours d'ouverture sont une liste." }) @ArrayMaxSize(7, { message: "Au plus 7 jours d'ouverture." })
  @IsInt({ each: true, message: "Chaque jour d'ouverture est un entier (1 = lundi … 7 = dimanche)." })
  openWeekdays!: number[];
}

export class GroupDto {
  @IsIn(['maternelle', 'elementaire'], { message: 'Un groupe est « maternelle » ou « elementaire ».' }) group!: ChildGroup;
  @ValidateIf((_, v) => v !== null) @IsInt({ message: 'La capacité du groupe est un nombre entier de places (ou null).' }) @Min(1, { message: 'Au moins 1 place.' }) @Max(10_000, { message: 'Au plus 10 000 places.' })
  capacity!: number | null;
}

export class ClosedDayDto {
  @IsString({ message: 'La date de fermeture est obligatoire (AAAA-MM-JJ).' }) day!: string;
  @IsString({ message: 'Le motif de fermeture est obligatoire.' }) @MaxLength(200, { message: 'Le motif ne doit pas dépasser 200 caractères.' }) reason!: string;
}

export class ConfigureActivityDto {
  @IsUUID('all', { message: "L'identifiant de la demande doit être un UUID." }) requestId!: string;
  /** An activity of the commune to change; omitted to create one (the server gives its id). */
  @IsOptional() @IsUUID('all', { message: "L'identifiant de l'activité doit être un UUID." }) activityId?: string;
  @IsUUID('all', { message: "L'identifiant de l'équipement doit être un UUID." }) facilityId!: string;
  @IsString({ message: "Le nom de l'activité est obligatoire." }) @Length(1, 120, { message: "Le nom de l'activité compte de 1 à 120 caractères." }) name!: string;
  @IsIn(KINDS, { message: "Type d'activité inconnu." }) kind!: ActivityKind;
  @IsString({ message: "L'heure de début est obligatoire (HH:MM)." }) startTime!: string;
  @IsString({ message: "L'heure de fin est obligatoire (HH:MM)." }) endTime!: string;
  @IsArray({ message: "Les jours d'ouverture sont une liste." }) @ArrayMaxSize(7, { message: "Au plus 7 jours d'ouverture." })
  @IsInt({ each: true, message: "Chaque jour d'ouverture est un entier (1 = lundi … 7 = dimanche)." })
  openWeekdays!: number[];
  @IsBoolean({ message: "Indiquez si l'activité ouvre pendant les vacances scolaires." }) opensDuringSchoolHolidays!: boolean;
  @ValidateNested() @Type(() => DeadlineRuleDto) deadline!: DeadlineRuleDto;
  @ValidateIf((_, v) => v !== null) @IsInt({ message: 'La capacité est un nombre entier de places (ou null).' }) @Min(1, { message: 'Au moins 1 place.' }) @Max(10_000, { message: 'Au plus 10 000 places.' })
  capacity!: number | null;
  @IsIn(['automatic', 'manual'], { message: 'Le traitement est « automatic » ou « manual ».' }) processing!: 'automatic' | 'manual';
  @IsArray({ message: 'Les périodes sont une liste.' }) @ArrayMaxSize(20, { message: 'Au plus 20 périodes.' }) @ValidateNested({ each: true }) @Type(() => PeriodDto)
  periods!: PeriodDto[];
  @IsArray({ message: 'Les groupes sont une liste.' }) @ArrayMaxSize(2, { message: 'Au plus 2 groupes.' }) @ValidateNested({ each: true }) @Type(() => GroupDto)
  groups!: GroupDto[];
  @IsArray({ message: 'Les jours de fermeture sont une liste.' }) @ArrayMaxSize(366, { message: 'Au plus 366 jours de fermeture.' }) @ValidateNested({ each: true }) @Type(() => ClosedDayDto)
  closedDays!: ClosedDayDto[];
  @IsIn(['open', 'automatic', 'staff'], { message: "L'inscription est « open », « automatic » ou « staff »." }) enrolment!: EnrolmentPolicy;
  @ValidateIf((_, v) => v !== null) @IsUUID('all', { message: "L'activité de rattachement doit être un UUID (ou null)." }) lateBookingOf!: string | null;
}

export class ConfigureFacilityDto {
  @IsUUID('all', { message: "L'identifiant de la demande doit être un UUID." }) requestId!: string;
  /** A facility of the commune to change; omitted to create one (the server gives its id). */
  @IsOptional() @IsUUID('all', { message: "L'identifiant de l'équipement doit être un UUID." }) facilityId?: string;
  @IsString({ message: "Le nom de l'équipement est obligatoire." }) @Length(1, 120, { message: "Le nom de l'équipement compte de 1 à 120 caractères." }) name!: string;
  @ValidateIf((_, v) => v !== null) @IsString({ message: "L'adresse est un texte (ou null)." }) @MaxLength(200, { message: "L'adresse ne doit pas dépasser 200 caractères." })
  address!: string | null;
}

/** What a parent sees of an activity: what it is, when, how to book it (late-booking activities show on their main one). */
export function publicActivity(a: ActivityDocument, late: ActivityDocument | undefined) {
  return {
    activityId: a._id,
    name: a.name,
    kind: a.kind,
    facilityName: a.facilityName,
    startTime: a.startTime,
    endTime: a.endTime,
    capacity: a.capacity,
    groups: a.groups,
    periods: a.periods.map(({ periodId, label, kind, from, to, openWeekdays }) => ({ periodId, label, kind, from, to, openWeekdays })),
    enrolment: a.enrolment,
    processing: a.processing,
    deadlineText: `Réservation ${describeDeadlineRule(a.deadline)}`,
    lateBooking: late ? { activityId: late._id, name: late.name, deadlineText: `Réservation tardive ${describeDeadlineRule(late.deadline)}` } : null,
  };
}

@Controller('api')
export class ActivitiesController {
  constructor(
    private readonly commands: CommandBus,
    private readonly projections: ProjectionRunner,
    @Inject(READ_STORE) private readonly reads: ReadStore,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Get('activities')
  @Roles('guardian', 'staff', 'admin')
  async list(@CurrentUser() user: SessionUser) {
    const all = await this.reads.inCommune(user.communeId).collection<ActivityDocument>(ACTIVITIES).find({}, { sort: { name: 1 } });
    const lateOf = new Map(all.filter((a) => a.lateBookingOf).map((a) => [a.lateBookingOf!, a]));
    return { items: all.filter((a) => !a.lateBookingOf).map((a) => publicActivity(a, lateOf.get(a._id))) };
  }

  @Get('staff/activities')
  @Roles('staff', 'admin')
  async configurations(@CurrentUser() user: SessionUser) {
    const all = await this.reads.inCommune(user.communeId).collection<ActivityDocument>(ACTIVITIES).find({}, { sort: { name: 1 } });
    return { items: all.map(({ _id, communeId: _c, ...configuration }) => ({ ...configuration, deadlineText: describeDeadlineRule(configuration.deadline) })) };
  }

  /** Creates an activity (no `activityId`: its id is derived from the request) or changes one of the commune. */
  @Post('staff/activities')
  @Roles('staff', 'admin')
  async configure(@Body() body: ConfigureActivityDto, @CurrentUser() user: SessionUser) {
    const { requestId, activityId: named, ...input } = body;
    const facility = await this.reads.inCommune(user.communeId).collection<FacilityDocument>(FACILITIES).get(input.facilityId);
    if (!facility) throw notFound('FACILITY_NOT_FOUND', 'Équipement introuvable.');
    const ctx = contextFor(user, this.clock.now(), requestId);
    const activityId = named ?? idFromRequest(ctx, 'activity');
    const configuration = {
      ...input,
      activityId,
      communeId: user.communeId,
      facilityName: facility.name,
      deadline: { ...input.deadline } as DeadlineRule,
      periods: input.periods.map((p) => ({ ...p })),
      groups: input.groups.map((g) => ({ ...g })),
      closedDays: input.closedDays.map((c) => ({ ...c })),
    };
    const { position } = await this.commands.execute<ConfigureActivityCommand, { position: number }>(
      new ConfigureActivityCommand(configuration, ctx, named !== undefined),
    );
    await this.projections.waitFor(position);
    return { activityId };
  }

  @Get('staff/facilities')
  @Roles('staff', 'admin')
  async facilities(@CurrentUser() user: SessionUser) {
    const all = await this.reads.inCommune(user.communeId).collection<FacilityDocument>(FACILITIES).find({}, { sort: { name: 1 } });
    return { items: all.map(({ facilityId, name, address }) => ({ facilityId, name, address })) };
  }

  /** Creates a facility (no `facilityId`: its id is derived from the request) or changes one of the commune. */
  @Post('staff/facilities')
  @Roles('staff', 'admin')
  async configureFacility(@Body() body: ConfigureFacilityDto, @CurrentUser() user: SessionUser) {
    const { requestId, facilityId: named, name, address } = body;
    const ctx = contextFor(user, this.clock.now(), requestId);
    const facilityId = named ?? idFromRequest(ctx, 'facility');
    const { position } = await this.commands.execute<ConfigureFacilityCommand, { position: number }>(
      new ConfigureFacilityCommand({ facilityId, name, address }, ctx, named !== undefined),
    );
    await this.projections.waitFor(position);
    return { facilityId };
  }
}
