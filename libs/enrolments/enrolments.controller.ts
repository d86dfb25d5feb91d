import { Body, Controller, Get, Inject, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ArrayMaxSize, IsArray, IsInt, IsOptional, IsString, IsUUID, Length, Max, Min } from 'class-validator';
import { invalid, type Clock } from '@pf/domain';
import { CLOCK, READ_STORE } from '@pf/event-sourcing';
import { ProjectionRunner } from '@pf/projections';
import type { ReadStore } from '@pf/read-store';
import { contextFor, CurrentUser, Roles } from '@pf/identity';
import type { SessionUser } from '@pf/identity';
import { familyVisibleTo } from '@pf/families';
import { ENROLMENTS, type EnrolmentDocument } from './enrolments.projection';
import { RequestEnrolmentCommand, type EnrolmentOutcome } from './request-enrolment.handler';

export class RequestEnrolmentDto {
  @IsUUID('all', { message: "L'identifiant de la demande doit être un UUID." }) requestId!: string;
  @IsUUID('all', { message: "L'identifiant de l'enfant est invalide." }) childId!: string;
  @IsUUID('all', { message: "L'identifiant de l'activité est invalide." }) activityId!: string;
  @IsString({ message: 'Choisissez une période.' }) @Length(1, 64, { message: 'Période invalide.' }) periodId!: string;
  @IsOptional()
  @IsArray({ message: 'La semaine type est une liste de jours.' })
  @ArrayMaxSize(7, { message: 'Au plus 7 jours dans la semaine type.' })
  @IsInt({ each: true, message: 'Chaque jour de la semaine type est un entier (1 = lundi … 7 = dimanche).' })
  @Min(1, { each: true, message: 'Les jours vont de 1 (lundi) à 7 (dimanche).' })
  @Max(7, { each: true, message: 'Les jours vont de 1 (lundi) à 7 (dimanche).' })
  typicalWeek?: number[];
}

const view = ({ _id: _i, communeId: _c, ...doc }: EnrolmentDocument) => doc;

@Controller('api')
export class EnrolmentsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly projections: ProjectionRunner,
    @Inject(READ_STORE) private readonly reads: ReadStore,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** A parent asks to enrol a child (staff may enrol a child of their commune too). */
  @Post('enrolments')
  @Roles('guardian', 'staff', 'admin')
  async request(@Body() body: RequestEnrolmentDto, @CurrentUser() user: SessionUser) {
    const { requestId, ...input } = body;
    const result = await this.commands.execute<RequestEnrolmentCommand, EnrolmentOutcome>(
      new RequestEnrolmentCommand(input, user, { ...contextFor(user, this.clock.now(), requestId), requestId }),
    );
    await this.projections.waitFor(result.position);
    const { position: _position, ...response } = result;
    return response;
  }

  @Get('families/:familyId/enrolments')
  @Roles('guardian', 'staff', 'admin')
  async ofFamily(@Param('familyId', new ParseUUIDPipe()) familyId: string, @CurrentUser() user: SessionUser) {
    await familyVisibleTo(user, familyId, this.reads);
    const docs = await this.reads.inCommune(user.communeId).collection<EnrolmentDocument>(ENROLMENTS).find({ familyId }, { sort: { requestedAt: 1 } });
    return { items: docs.map(view) };
  }

  /** The service's list of enrolments, pending ones first to decide. */
  @Get('staff/enrolments')
  @Roles('staff', 'admin')
  async forStaff(@CurrentUser() user: SessionUser, @Query('status') status = 'pending') {
    if (!['pending', 'accepted', 'refused'].includes(status)) {
      throw invalid('STATUS_INVALID', 'Statut inconnu : pending, accepted ou refused.', [{ field: 'status', code: 'STATUS_INVALID', message: 'Statut inconnu.' }]);
    }
    const docs = await this.reads.inCommune(user.communeId).collection<EnrolmentDocument>(ENROLMENTS).find({ status }, { sort: { requestedAt: 1 }, limit: 500 });
    return { items: docs.map(view) };
  }
}
