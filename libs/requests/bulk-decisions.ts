import { Body, Controller, forwardRef, HttpCode, Inject, Injectable, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsOptional, IsString, IsUUID, Length, ValidateNested } from 'class-validator';
import { DomainError, invalid, notFound, type Clock } from '@pf/domain';
import { CLOCK, idFromRequest, READ_STORE } from '@pf/event-sourcing';
import { ProjectionRunner } from '@pf/projections';
import type { ReadStore } from '@pf/read-store';
import { contextFor, CurrentUser, Roles } from '@pf/identity';
import type { SessionUser } from '@pf/identity';
import { AttestationsService } from '@pf/attestations';
import { DocumentsService } from '@pf/documents';
import { familyVisibleTo, FamilyFileService } from '@pf/families';
import { DecideRequestsCommand } from '@pf/reservations';
import { REQUEST_KIND_LABELS, REQUEST_STATUS_LABELS, type RequestKind, type RequestStatus } from './request-steps';
import { REQUESTS, type RequestDocument } from './requests.projection';

/** Kinds the service accepts or refuses (the others are answered, or decided by the rules at once). */
export const DECIDABLE_KINDS: RequestKind[] = ['enrolment', 'reservation', 'period_reservation', 'cancellation', 'document', 'family_change', 'certificate'];

export const MAX_BULK_DECISIONS = 100;

export class BulkDecisionTargetDto {
  @ApiProperty({ format: 'uuid', description: 'La demande à décider (sa référence dans « Mes demandes »)' })
  @IsUUID('all', { message: "L'identifiant de la demande décidée doit être un UUID." })
  requestId!: string;
}

export class BulkDecisionsDto {
  @ApiProperty({ format: 'uuid', description: 'Identifiant de cette décision groupée (une nouvelle tentative avec le même identifiant ne décide rien deux fois)' })
  @IsUUID('all', { message: "L'identifiant de la demande doit être un UUID." })
  requestId!: string;

  @ApiProperty({ enum: ['accept', 'refuse'] })
  @IsIn(['accept', 'refuse'], { message: 'La décision est « accept » ou « refuse ».' })
  decision!: 'accept' | 'refuse';

  @ApiPropertyOptional({ description: 'Message aux familles (obligatoire pour un refus)' })
  @IsOptional()
  @IsString({ message: 'Le message est un texte.' })
  @Length(1, 1000, { message: 'Le message compte de 1 à 1000 caractères.' })
  message?: string;

  @ApiProperty({ type: [BulkDecisionTargetDto] })
  @IsArray({ message: 'Les demandes à décider sont une liste.' })
  @ArrayMinSize(1, { message: 'Choisissez au moins une demande.' })
  @ArrayMaxSize(MAX_BULK_DECISIONS, { message: `Au plus ${MAX_BULK_DECISIONS} demandes à la fois.` })
  @ValidateNested({ each: true })
  @Type(() => BulkDecisionTargetDto)
  targets!: BulkDecisionTargetDto[];
}

export class BulkDecisionResultDto {
  @ApiProperty({ format: 'uuid' }) requestId!: string;
  @ApiProperty() kind!: string;
  @ApiProperty({ example: 'Document' }) kindLabel!: string;
  @ApiProperty() description!: string;
  @ApiProperty({ enum: ['decided', 'failed'], description: 'decided : la décision est enregistrée ; failed : rien n’a changé pour cette demande (voir code et message)' })
  outcome!: 'decided' | 'failed';
  @ApiProperty({ description: 'État de la demande après la décision' }) status!: string;
  @ApiProperty({ example: 'Acceptée' }) statusLabel!: string;
  @ApiPropertyOptional({ example: 'REQUEST_NOT_PENDING' }) code?: string;
  @ApiPropertyOptional() message?: string;
}

export class BulkDecisionsResultDto {
  @ApiProperty() decided!: number;
  @ApiProperty() failed!: number;
  @ApiProperty({ type: [BulkDecisionResultDto] }) results!: BulkDecisionResultDto[];
}

/**
 * The service's decision on several requests of any kind at once: each request is decided through
 * its own kind's command (a booking or an enrolment by the booking rules' staff decision, a
 * document by the documents' accept or refuse, a change to the file by the family file's, an
 * attestation by its issue or refusal), one after the other, each under its own request id
 * derived from this decision's (a retry decides nothing twice). One refused does not stop the
 * others: the answer tells, request by request, what happened.
 */
@Injectable()
export class BulkDecisions {
  constructor(
    private readonly commands: CommandBus,
    // forwardRef: see RequestsModule (these classes may not be loaded yet when this file is).
    @Inject(forwardRef(() => DocumentsService)) private readonly documents: DocumentsService,
    @Inject(forwardRef(() => FamilyFileService)) private readonly families: FamilyFileService,
    @Inject(forwardRef(() => AttestationsService)) private readonly attestations: AttestationsService,
    private readonly projections: ProjectionRunner,
    @Inject(READ_STORE) private readonly reads: ReadStore,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async decide(user: SessionUser, input: { requestId: string; decision: 'accept' | 'refuse'; message?: string; targets: Array<{ requestId: string }> }): Promise<BulkDecisionsResultDto> {
    const message = input.message?.trim() || undefined;
    if (input.decision === 'refuse' && !message) {
      throw invalid('MESSAGE_REQUIRED', 'Indiquez aux familles le motif du refus.', [{ field: 'message', code: 'MESSAGE_REQUIRED', message: 'Motif du refus à indiquer.' }]);
    }
    const requests = this.reads.inCommune(user.communeId).collection<RequestDocument>(REQUESTS);
    const ids = [...new Set(input.targets.map((t) => t.requestId))];
    const docs = new Map<string, RequestDocument>();
    for (const id of ids) {
      const doc = await requests.get(id);
      // A request the commune never received (another commune's, or none) names nothing: 404, nothing decided.
      if (!doc) throw notFound('REQUEST_NOT_FOUND', 'Demande introuvable.');
      docs.set(id, doc);
    }
    const bulk = contextFor(user, this.clock.now(), input.requestId);
    let position = 0;
    const failures = new Map<string, { code: string; message: string }>();
    for (const id of ids) {
      const doc = docs.get(id)!;
      if (!DECIDABLE_KINDS.includes(doc.kind)) {
        failures.set(id, { code: 'NOT_DECIDABLE', message: `Une demande de type « ${REQUEST_KIND_LABELS[doc.kind] ?? doc.kind} » ne s'accepte ni ne se refuse.` });
        continue;
      }
      if (doc.status !== 'pending') {
        failures.set(id, { code: 'REQUEST_NOT_PENDING', message: "Cette demande n'est plus en attente de décision." });
        continue;
      }
      const requestId = idFromRequest(bulk, `decision|${id}`);
      try {
        position = Math.max(position, await this.decideOne(user, doc, input.decision, message, requestId));
      } catch (error) {
        if (!(error instanceof DomainError)) throw error;
        failures.set(id, { code: error.code, message: error.message });
      }
    }
    if (position > 0) await this.projections.waitFor(position);
    const results: BulkDecisionResultDto[] = [];
    for (const id of ids) {
      const doc = (await requests.get(id)) ?? docs.get(id)!;
      const failure = failures.get(id);
      results.push({
        requestId: id,
        kind: doc.kind,
        kindLabel: REQUEST_KIND_LABELS[doc.kind] ?? doc.kind,
        description: doc.description,
        outcome: failure ? 'failed' : 'decided',
        status: doc.status,
        statusLabel: REQUEST_STATUS_LABELS[doc.status as RequestStatus] ?? doc.status,
        ...(failure ?? {}),
      });
    }
    return { decided: results.filter((r) => r.outcome === 'decided').length, failed: results.filter((r) => r.outcome === 'failed').length, results };
  }

  /** One request, through its own kind's command; the position of what it wrote. */
  private async decideOne(user: SessionUser, doc: RequestDocument, decision: 'accept' | 'refuse', message: string | undefined, requestId: string): Promise<number> {
    const refusal = decision === 'refuse' ? message! : undefined;
    switch (doc.kind) {
      case 'document':
        return (await this.documents.decideOnly(user, doc.familyId, doc._id, requestId, refusal)).position;
      case 'family_change': {
        const outcome = refusal === undefined ? await this.families.acceptChange(user, doc.familyId, doc._id, requestId) : await this.families.refuseChange(user, doc.familyId, doc._id, refusal, requestId);
        return outcome.position;
      }
      case 'certificate': {
        const family = await familyVisibleTo(user, doc.familyId, this.reads);
        if (refusal === undefined) await this.attestations.issue(user, family, doc._id, requestId);
        else await this.attestations.refuse(user, doc.familyId, doc._id, requestId, refusal);
        return 0;
      }
      default: {
        const ctx = { ...contextFor(user, this.clock.now(), requestId), requestId };
        const result = await this.commands.execute<DecideRequestsCommand, { position: number }>(
          new DecideRequestsCommand({ decision, ...(message ? { message } : {}), targets: [{ requestId: doc._id }] }, ctx),
        );
        return result.position;
      }
    }
  }
}

@ApiTags('Demandes')
@Controller('api/staff')
export class BulkDecisionsController {
  constructor(private readonly bulk: BulkDecisions) {}

  @Post('bulk-decisions')
  @Roles('staff', 'admin')
  @HttpCode(200)
  @ApiOperation({ summary: 'Accepter ou refuser plusieurs demandes de tous types, chacune par sa propre commande ; la réponse dit, demande par demande, ce qui s’est passé' })
  @ApiOkResponse({ type: BulkDecisionsResultDto })
  decide(@Body() body: BulkDecisionsDto, @CurrentUser() user: SessionUser): Promise<BulkDecisionsResultDto> {
    return this.bulk.decide(user, { ...body, targets: body.targets.map((t) => ({ requestId: t.requestId })) });
  }
}
