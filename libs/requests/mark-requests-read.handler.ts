import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { notFound } from '@pf/domain';
import { EventSourcedStreams, READ_STORE, type CommandContext } from '@pf/event-sourcing';
import type { ReadStore } from '@pf/read-store';
import { decideMarkRequestsRead, evolveInbox, initialInboxState, type InboxState } from './request-inbox.decider';
import { familyInboxStream, type RequestInboxEvent, type SeenRequest } from './request-inbox.events';
import { REQUESTS, type RequestDocument } from './requests.projection';

export class MarkRequestsReadCommand {
  constructor(
    readonly familyId: string,
    /** One request, or every unread request of the family when null. */
    readonly requestId: string | null,
    readonly ctx: CommandContext,
  ) {}
}

export interface MarkRequestsReadResult {
  marked: number;
  position: number;
}

/** "Tout marquer comme lu" / reading one request: recorded on the family's inbox stream. */
@CommandHandler(MarkRequestsReadCommand)
export class MarkRequestsReadHandler implements ICommandHandler<MarkRequestsReadCommand, MarkRequestsReadResult> {
  constructor(
    private readonly streams: EventSourcedStreams,
    @Inject(READ_STORE) private readonly reads: ReadStore,
  ) {}

  async execute({ familyId, requestId, ctx }: MarkRequestsReadCommand): Promise<MarkRequestsReadResult> {
    // What the family saw: the read model's unread requests (of the caller's commune) and the notice that made each unread.
    const requests = this.reads.inCommune(ctx.communeId).collection<RequestDocument>(REQUESTS);
    let unread: RequestDocument[];
    if (requestId) {
      const doc = await requests.get(requestId);
      if (!doc || doc.familyId !== familyId) throw notFound('REQUEST_NOT_FOUND', 'Demande introuvable.');
      unread = doc.unread ? [doc] : [];
    } else {
      unread = await requests.find({ familyId, unread: true }, { sort: { submittedAt: 1 } });
    }
    const seen: SeenRequest[] = unread.filter((d) => d.lastNoticeEventId).map((d) => ({ requestId: d._id, noticeEventId: d.lastNoticeEventId! }));
    const outcome = await this.streams.handle<InboxState, RequestInboxEvent>(
      {
        streamId: familyInboxStream(ctx.communeId, familyId),
        initialState: initialInboxState,
        evolve: evolveInbox,
        decide: (state) => decideMarkRequestsRead({ familyId, scope: requestId ? 'one' : 'all', unread: seen }, state),
      },
      ctx,
    );
    const marked = outcome.events.reduce((n, e) => n + e.data.seen.length, 0);
    return { marked, position: outcome.position };
  }
}
