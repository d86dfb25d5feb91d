import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { EventSourcedStreams, idFromRequest, READ_STORE, type CommandContext, type DomainEvent, type StreamDecision } from '@pf/event-sourcing';
import type { ReadStore } from '@pf/read-store';
import type { SessionUser } from '@pf/identity';
import { checkUploadedFile, type UploadedFile, DocumentsService } from '@pf/documents';
import { communeActivity, reachableChild } from '@pf/enrolments';
import type { DayInput, DayRequestOutcome } from './day-requests.handler';
import { validateDay } from './period';
import { decideAbsence, evolveMonth, initialMonthState, type AbsenceRequest, type MonthState } from './reservation.decider';
import { activityMonthStream, type ActivityMonthEvent } from './reservation.events';

export class DeclareAbsenceWithCertificateCommand {
  constructor(
    readonly input: DayInput,
    readonly file: UploadedFile | undefined,
    readonly user: SessionUser,
    readonly ctx: CommandContext & { requestId: string },
  ) {}
}

export type CertifiedAbsenceOutcome = DayRequestOutcome & { certificate: { documentId: string; status: 'pending' } };

/**
 * An absence for illness with its medical certificate (PDF or photo): the file is checked as any
 * document is (content, size), stored sealed with the family's key, and recorded as the family's
 * document for the service to check, in the same atomic append as the absence, which is justified
 * (not billed) until the service refuses the certificate.
 */
@CommandHandler(DeclareAbsenceWithCertificateCommand)
export class DeclareAbsenceWithCertificateHandler implements ICommandHandler<DeclareAbsenceWithCertificateCommand, CertifiedAbsenceOutcome> {
  constructor(
    private readonly streams: EventSourcedStreams,
    private readonly documents: DocumentsService,
    @Inject(READ_STORE) private readonly reads: ReadStore,
  ) {}

  async execute({ input, file, user, ctx }: DeclareAbsenceWithCertificateCommand): Promise<CertifiedAbsenceOutcome> {
    validateDay(input.day, 'day');
    const stored = checkUploadedFile(file);
    const child = await reachableChild(this.reads, input.childId, user, ctx.communeId);
    await communeActivity(this.reads, input.activityId, ctx.communeId);
    // The file's id carries the commune and the request: a retry names the same file, no commune can name another's.
    const documentId = idFromRequest(ctx, 'absence-certificate');
    const request: AbsenceRequest = { requestId: ctx.requestId, ...input, familyId: child.familyId, reason: 'illness', medicalCertificate: true, certificateDocumentId: documentId };
    const absence: StreamDecision<MonthState, ActivityMonthEvent> = {
      streamId: activityMonthStream(ctx.communeId, input.activityId, input.day),
      initialState: initialMonthState,
      evolve: evolveMonth,
      decide: (state) => decideAbsence(request, state),
    };
    // Refused before the file is stored when the day has nothing to declare (no booking, absence already declared…).
    const current = await this.streams.load(absence.streamId, initialMonthState, evolveMonth);
    if (!current.events.some((e) => e.metadata.requestId === ctx.requestId)) decideAbsence(request, current.state);
    const certificate = await this.documents.certificateDecision(ctx.communeId, child.familyId, documentId, child.childId, { requestId: ctx.requestId, activityId: input.activityId, day: input.day }, file!, stored);
    const result = await this.streams.handleMany([absence, certificate] as unknown as StreamDecision<unknown, DomainEvent>[], ctx);
    return { requestId: ctx.requestId, status: 'accepted', justified: true, certificate: { documentId, status: 'pending' }, position: result.position };
  }
}
