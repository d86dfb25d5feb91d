import { Controller, Get, Inject, Query, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsOptional, IsString } from 'class-validator';
import type { Response } from 'express';
import { invalid, type Clock } from '@pf/domain';
import { CLOCK, READ_STORE } from '@pf/event-sourcing';
import type { ReadStore } from '@pf/read-store';
import { CurrentUser, Roles } from '@pf/identity';
import type { SessionUser } from '@pf/identity';
import { communeProfile, todayIn } from '@pf/enrolments';
import type { AttendanceFigures, AttendanceStatistics, FiguresByAgeGroup } from './attendance-statistics';
import { attendanceCsv } from './attendance-statistics.csv';
import { attendanceStatisticsOf } from './attendance-statistics.query';
import { statisticsPeriod } from './statistics-period';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The query of both routes. Only the shape is checked here (400: unknown field, repeated parameter); what it means is a 422 with its own code. */
export class AttendanceStatisticsQueryDto {
  @ApiPropertyOptional({ description: 'Un mois entier (AAAA-MM), à la place de from / to', example: '2026-10' })
  @IsOptional()
  @IsString({ message: 'Le mois est un texte AAAA-MM.' })
  month?: string;

  @ApiPropertyOptional({ description: 'Premier jour de la période (AAAA-MM-JJ)', example: '2026-09-01' })
  @IsOptional()
  @IsString({ message: 'Le début de la période est une date AAAA-MM-JJ.' })
  from?: string;

  @ApiPropertyOptional({ description: 'Dernier jour de la période, inclus (AAAA-MM-JJ) ; la période couvre au plus un an', example: '2027-07-03' })
  @IsOptional()
  @IsString({ message: 'La fin de la période est une date AAAA-MM-JJ.' })
  to?: string;

  @ApiPropertyOptional({ description: "Une seule activité (sinon toutes celles de la commune)", format: 'uuid' })
  @IsOptional()
  @IsString({ message: "L'identifiant de l'activité est un texte." })
  activityId?: string;
}

export class AttendanceFiguresDto implements AttendanceFigures {
  @ApiProperty({ description: 'Jours réservés (réservation acceptée)' }) booked!: number;
  @ApiProperty({ description: 'Jours pointés présents (réservés ou non)' }) present!: number;
  @ApiProperty({ description: 'Dont présences sans réservation' }) unexpected!: number;
  @ApiProperty({ description: 'Jours réservés non faits, absence justifiée (maladie avec certificat)' }) absentJustified!: number;
  @ApiProperty({ description: 'Jours réservés non faits, absence non justifiée ou pointée absente' }) absentUnjustified!: number;
  @ApiProperty({ description: "Jours réservés jusqu'à aujourd'hui sans pointage ni absence déclarée" }) notRecorded!: number;
  @ApiProperty({ description: 'Jours facturés (mêmes règles que la facturation mensuelle)' }) billed!: number;
  @ApiProperty({ description: 'Enfants distincts pointés présents au moins une fois' }) children!: number;
  @ApiProperty({ description: 'Heures réalisées : jours de présence × durée du créneau (2 décimales)', example: 12.25 }) presentHours!: number;
  @ApiProperty({ description: 'Heures facturées : jours facturés × durée du créneau (2 décimales)', example: 14 }) billedHours!: number;
}

export class FiguresByAgeGroupDto implements FiguresByAgeGroup {
  @ApiProperty({ type: AttendanceFiguresDto, description: 'Moins de 6 ans (âge le jour même)' }) under_6!: AttendanceFiguresDto;
  @ApiProperty({ type: AttendanceFiguresDto, description: '6 ans et plus (âge le jour même)' }) six_and_over!: AttendanceFiguresDto;
  @ApiProperty({ type: AttendanceFiguresDto, description: 'Âge inconnu (date de naissance absente du dossier)' }) unknown!: AttendanceFiguresDto;
}

export class MonthStatisticsDto {
  @ApiProperty({ example: '2026-10' }) month!: string;
  @ApiProperty({ example: '2026-10-01', description: 'Partie du mois dans la période' }) from!: string;
  @ApiProperty({ example: '2026-10-31' }) to!: string;
  @ApiProperty({ type: FiguresByAgeGroupDto }) byAgeGroup!: FiguresByAgeGroupDto;
  @ApiProperty({ type: AttendanceFiguresDto }) total!: AttendanceFiguresDto;
}

export class SlotDto {
  @ApiProperty({ example: '11:45' }) startTime!: string;
  @ApiProperty({ example: '13:30' }) endTime!: string;
  @ApiProperty({ example: 105, description: 'Durée du créneau en minutes' }) minutes!: number;
}

export class ActivityStatisticsDto {
  @ApiProperty({ format: 'uuid' }) activityId!: string;
  @ApiProperty({ example: 'Restaurant scolaire' }) name!: string;
  @ApiProperty({ example: 'Restaurant scolaire Jules-Ferry' }) facilityName!: string;
  @ApiProperty({ type: SlotDto }) slot!: SlotDto;
  @ApiProperty({ type: [MonthStatisticsDto] }) months!: MonthStatisticsDto[];
  @ApiProperty({ type: FiguresByAgeGroupDto }) byAgeGroup!: FiguresByAgeGroupDto;
  @ApiProperty({ type: AttendanceFiguresDto }) total!: AttendanceFiguresDto;
}

export class AllActivitiesDto {
  @ApiProperty({ type: FiguresByAgeGroupDto }) byAgeGroup!: FiguresByAgeGroupDto;
  @ApiProperty({ type: AttendanceFiguresDto, description: 'Un enfant venu à deux activités compte une fois parmi les enfants' }) total!: AttendanceFiguresDto;
}

export class AttendanceStatisticsDto implements AttendanceStatistics {
  @ApiProperty({ example: '2026-10-01' }) from!: string;
  @ApiProperty({ example: '2026-10-31' }) to!: string;
  @ApiProperty({ example: '2026-11-03', description: "Jour du calcul dans la commune : les jours réservés après n'ont pas encore eu lieu" }) asOf!: string;
  @ApiProperty({ type: [ActivityStatisticsDto] }) activities!: ActivityStatisticsDto[];
  @ApiProperty({ type: AllActivitiesDto }) total!: AllActivitiesDto;
}

/** Attendance per activity, month and age group for the CAF report; staff of the commune only. */
@ApiTags('Statistiques')
@Controller('api/statistics')
export class StatisticsController {
  constructor(
    @Inject(READ_STORE) private readonly reads: ReadStore,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Get('attendance')
  @Roles('staff', 'admin')
  @ApiOperation({
    summary: "Fréquentation par activité, mois et tranche d'âge (moins de 6 ans / 6 ans et plus, âge le jour même) pour le bilan CAF",
    description:
      "Un mois (month) ou une période from / to d'un an au plus. Jours réservés, présences (dont non réservées), absences justifiées ou non, jours facturés (règles de la facturation), enfants distincts, heures réalisées et facturées (jours × durée du créneau de l'activité).",
  })
  @ApiOkResponse({ type: AttendanceStatisticsDto })
  attendance(@Query() query: AttendanceStatisticsQueryDto, @CurrentUser() user: SessionUser): Promise<AttendanceStatistics> {
    return this.statistics(query, user);
  }

  @Get('attendance.csv')
  @Roles('staff', 'admin')
  @ApiOperation({ summary: "Les mêmes chiffres en CSV (séparateur « ; », en-têtes en français, UTF-8 avec BOM pour Excel) : une ligne par activité, mois et tranche d'âge, puis les totaux" })
  @ApiProduces('text/csv')
  @ApiOkResponse({ description: 'Fichier CSV', schema: { type: 'string' } })
  async attendanceCsv(@Query() query: AttendanceStatisticsQueryDto, @CurrentUser() user: SessionUser, @Res({ passthrough: true }) res: Response): Promise<string> {
    const statistics = await this.statistics(query, user);
    // Set once the figures are there: a refusal before keeps its JSON error body and type.
    res.setHeader('content-type', 'text/csv; charset=utf-8');
    res.setHeader('cache-control', 'no-store');
    res.setHeader('content-disposition', `attachment; filename="statistiques-frequentation-${statistics.from}-${statistics.to}.csv"`);
    return attendanceCsv(statistics);
  }

  private async statistics(query: AttendanceStatisticsQueryDto, user: SessionUser): Promise<AttendanceStatistics> {
    const period = statisticsPeriod(query);
    if (query.activityId !== undefined && !UUID.test(query.activityId)) {
      throw invalid('STATISTICS_ACTIVITY_INVALID', "L'identifiant de l'activité est invalide.", [
        { field: 'activityId', code: 'ACTIVITY_ID_INVALID', message: "L'identifiant de l'activité doit être un UUID." },
      ]);
    }
    const commune = await communeProfile(this.reads, user.communeId);
    const today = todayIn(commune.timeZone, this.clock.now());
    return attendanceStatisticsOf(this.reads, { communeId: user.communeId, period, activityId: query.activityId, today });
  }
}
