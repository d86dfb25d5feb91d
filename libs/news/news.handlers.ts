import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { EventSourcedStreams, idFromRequest, READ_STORE, type CommandContext } from '@pf/event-sourcing';
import type { ReadStore } from '@pf/read-store';
import { ACTIVITIES, type ActivityDocument } from '@pf/activities';
import { decidePublishNews, decideReviseNews, decideWithdrawNews, evolveNews, initialNewsState, type NewsContext, type NewsState } from './news.decider';
import { newsStream, type NewsContent, type NewsEvent } from './news.events';

/** A new item's id is the server's (derived from the commune and the request id); revising or withdrawing names an item of the caller's commune. */
export type NewsAction =
  | { kind: 'publish'; content: Omit<NewsContent, 'newsId'> }
  | { kind: 'revise'; content: NewsContent }
  | { kind: 'withdraw'; newsId: string };

export class NewsCommand {
  constructor(readonly action: NewsAction, readonly ctx: CommandContext) {}
}

@CommandHandler(NewsCommand)
export class NewsHandler implements ICommandHandler<NewsCommand, { newsId: string; position: number }> {
  constructor(
    private readonly streams: EventSourcedStreams,
    @Inject(READ_STORE) private readonly reads: ReadStore,
  ) {}

  async execute({ action, ctx }: NewsCommand): Promise<{ newsId: string; position: number }> {
    const newsId = action.kind === 'publish' ? idFromRequest(ctx, 'news') : action.kind === 'withdraw' ? action.newsId : action.content.newsId;
    const context = await this.context(action, ctx.communeId);
    const outcome = await this.streams.handle<NewsState, NewsEvent>(
      {
        streamId: newsStream(ctx.communeId, newsId),
        initialState: initialNewsState,
        evolve: evolveNews,
        decide: (state) =>
          action.kind === 'publish'
            ? decidePublishNews({ ...action.content, newsId }, state, context)
            : action.kind === 'revise'
              ? decideReviseNews(action.content, state, context)
              : decideWithdrawNews(action.newsId, state),
      },
      ctx,
    );
    return { newsId, position: outcome.position };
  }

  /** The one look-up the decision needs: is the audience's activity one of this commune's. */
  private async context(action: NewsAction, communeId: string): Promise<NewsContext> {
    if (action.kind === 'withdraw' || action.content.audience.kind !== 'activity') return { activityExists: () => false };
    const activity = await this.reads.inCommune(communeId).collection<ActivityDocument>(ACTIVITIES).get(action.content.audience.activityId);
    const known = activity?._id ?? null;
    return { activityExists: (id) => id === known };
  }
}
