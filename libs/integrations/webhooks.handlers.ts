import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import type { SessionUser } from '@pf/identity';
import { invalid, notFound } from '@pf/domain';
import type { EventStore } from '@pf/event-store';
import { EVENT_STORE, EventSourcedStreams, idFromRequest, READ_STORE, type CommandContext } from '@pf/event-sourcing';
import type { ReadStore } from '@pf/read-store';
import { INTEGRATIONS_OPTIONS, type IntegrationsOptions } from './integrations.options';
import { INTEGRATOR_KEYS, WEBHOOK_SUBSCRIPTIONS, type IntegratorKeyDocument, type WebhookSubscriptionDocument } from './integrations.projection';
import { PublicEvents } from './public-event';
import {
  decideReplayWebhook,
  decideRotateWebhookSecret,
  decideSubscribeWebhook,
  decideUnsubscribeWebhook,
  evolveWebhook,
  initialWebhookState,
  type WebhookState,
} from './webhook.decider';
import { webhookStream, type WebhookEvent } from './webhook.events';
import { WebhookSecrets } from './webhook-secrets';

/** The integrator key behind a bearer session, in its commune (its scope decides what it reads). */
export async function keyOf(user: SessionUser, reads: ReadStore): Promise<IntegratorKeyDocument> {
  const key = await reads.inCommune(user.communeId).collection<IntegratorKeyDocument>(INTEGRATOR_KEYS).get(user.accountId);
  if (!key || key.status !== 'active') throw notFound('INTEGRATOR_KEY_NOT_FOUND', 'Clé d’intégration introuvable.');
  return key;
}

/**
 * A subscription as its owner sees it: staff see their commune's, an integrator only its key's.
 * Anything else looks like a subscription that does not exist.
 */
export async function webhookVisibleTo(user: SessionUser, subscriptionId: string, reads: ReadStore): Promise<WebhookSubscriptionDocument> {
  const doc = await reads.inCommune(user.communeId).collection<WebhookSubscriptionDocument>(WEBHOOK_SUBSCRIPTIONS).get(subscriptionId);
  const visible = doc !== null && (user.role !== 'integrator' || doc.keyId === user.accountId);
  if (!visible) throw notFound('WEBHOOK_NOT_FOUND', 'Abonnement introuvable.');
  return doc;
}

/** type / type@version entries → pinned type@version the key's scope receives, or a 422 naming the others. */
export function pinnedTypes(entries: string[], scope: IntegratorKeyDocument['scope'], events: PublicEvents): string[] {
  const { typeVersions, unknown, outOfScope } = events.resolve(entries, scope);
  if (unknown.length) {
    throw invalid('EVENT_TYPE_UNKNOWN', `Type d’événement inconnu : ${unknown.join(', ')}. Consultez /api/events/catalogue.`, [
      { field: 'eventTypes', code: 'EVENT_TYPE_UNKNOWN', message: `Inconnus : ${unknown.join(', ')}.` },
    ]);
  }
  if (outOfScope.length) {
    throw invalid('EVENT_TYPE_NOT_IN_SCOPE', `Votre clé ne donne pas accès à : ${outOfScope.join(', ')}.`, [
      { field: 'eventTypes', code: 'EVENT_TYPE_NOT_IN_SCOPE', message: `Hors de votre périmètre : ${outOfScope.join(', ')}.` },
    ]);
  }
  return typeVersions;
}

const decision = (ctx: CommandContext, subscriptionId: string, decide: (state: WebhookState) => WebhookEvent[]) => ({
  streamId: webhookStream(ctx.communeId, subscriptionId),
  initialState: initialWebhookState,
  evolve: evolveWebhook,
  decide,
});

export class SubscribeWebhookCommand {
  constructor(
    readonly input: { url: string; eventTypes: string[]; after?: number },
    readonly user: SessionUser,
    readonly ctx: CommandContext & { requestId: string },
  ) {}
}

export interface WebhookSubscribedResult {
  subscriptionId: string;
  url: string;
  eventTypes: string[];
  startAfter: number;
  /** Shown to the integrator at registration and at each rotation. */
  secret: string;
  position: number;
}

@CommandHandler(SubscribeWebhookCommand)
export class SubscribeWebhookHandler implements ICommandHandler<SubscribeWebhookCommand, WebhookSubscribedResult> {
  constructor(
    private readonly streams: EventSourcedStreams,
    private readonly events: PublicEvents,
    private readonly secrets: WebhookSecrets,
    @Inject(READ_STORE) private readonly reads: ReadStore,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(INTEGRATIONS_OPTIONS) private readonly options: IntegrationsOptions,
  ) {}

  async execute({ input, user, ctx }: SubscribeWebhookCommand): Promise<WebhookSubscribedResult> {
    const key = await keyOf(user, this.reads);
    const eventTypes = pinnedTypes(input.eventTypes, key.scope, this.events);
    const subscriptionId = idFromRequest(ctx, 'webhook');
    const secretId = idFromRequest(ctx, 'webhook-secret');
    // Without a starting point, deliveries begin with what happens from now on.
    const startAfter = input.after ?? (await this.store.headPosition());
    const outcome = await this.streams.handle(
      decision(ctx, subscriptionId, (state) =>
        decideSubscribeWebhook({ subscriptionId, communeId: ctx.communeId, keyId: key._id, url: input.url, eventTypes, secretId, startAfter }, state, this.options.urlPolicy),
      ),
      ctx,
    );
    const subscribed = outcome.events.find((e) => e.type === 'WebhookSubscribed');
    if (!subscribed || subscribed.type !== 'WebhookSubscribed') throw new Error('subscription produced no WebhookSubscribed event');
    const data = subscribed.data;
    return {
      subscriptionId,
      url: data.url,
      eventTypes: data.eventTypes,
      startAfter: data.startAfter,
      secret: this.secrets.secretFor(ctx.communeId, subscriptionId, data.secretId),
      position: outcome.position,
    };
  }
}

export class RotateWebhookSecretCommand {
  constructor(readonly subscriptionId: string, readonly overlapSeconds: number, readonly user: SessionUser, readonly ctx: CommandContext & { requestId: string }) {}
}

@CommandHandler(RotateWebhookSecretCommand)
export class RotateWebhookSecretHandler implements ICommandHandler<RotateWebhookSecretCommand> {
  constructor(
    private readonly streams: EventSourcedStreams,
    private readonly secrets: WebhookSecrets,
    @Inject(READ_STORE) private readonly reads: ReadStore,
  ) {}

  async execute({ subscriptionId, overlapSeconds, user, ctx }: RotateWebhookSecretCommand) {
    await webhookVisibleTo(user, subscriptionId, this.reads);
    const secretId = idFromRequest(ctx, 'webhook-secret');
    const outcome = await this.streams.handle(
      decision(ctx, subscriptionId, (state) => decideRotateWebhookSecret({ subscriptionId, communeId: ctx.communeId, secretId, overlapSeconds }, state, ctx.now)),
      ctx,
    );
    const rotated = outcome.events.find((e) => e.type === 'WebhookSecretRotated');
    if (!rotated || rotated.type !== 'WebhookSecretRotated') throw new Error('rotation produced no WebhookSecretRotated event');
    return {
      subscriptionId,
      secret: this.secrets.secretFor(ctx.communeId, subscriptionId, rotated.data.secretId),
      previousSecretExpiresAt: rotated.data.previousSecretExpiresAt,
      position: outcome.position,
    };
  }
}

export class ReplayWebhookCommand {
  constructor(readonly subscriptionId: string, readonly after: number, readonly user: SessionUser, readonly ctx: CommandContext) {}
}

@CommandHandler(ReplayWebhookCommand)
export class ReplayWebhookHandler implements ICommandHandler<ReplayWebhookCommand, { position: number }> {
  constructor(
    private readonly streams: EventSourcedStreams,
    @Inject(READ_STORE) private readonly reads: ReadStore,
  ) {}

  async execute({ subscriptionId, after, user, ctx }: ReplayWebhookCommand) {
    await webhookVisibleTo(user, subscriptionId, this.reads);
    const outcome = await this.streams.handle(
      decision(ctx, subscriptionId, (state) => decideReplayWebhook({ subscriptionId, communeId: ctx.communeId, after }, state)),
      ctx,
    );
    return { position: outcome.position };
  }
}

export class UnsubscribeWebhookCommand {
  constructor(readonly subscriptionId: string, readonly user: SessionUser, readonly ctx: CommandContext) {}
}

@CommandHandler(UnsubscribeWebhookCommand)
export class UnsubscribeWebhookHandler implements ICommandHandler<UnsubscribeWebhookCommand, { position: number }> {
  constructor(
    private readonly streams: EventSourcedStreams,
    @Inject(READ_STORE) private readonly reads: ReadStore,
  ) {}

  async execute({ subscriptionId, user, ctx }: UnsubscribeWebhookCommand) {
    await webhookVisibleTo(user, subscriptionId, this.reads);
    const outcome = await this.streams.handle(
      decision(ctx, subscriptionId, (state) => decideUnsubscribeWebhook({ subscriptionId, communeId: ctx.communeId }, state)),
      ctx,
    );
    return { position: outcome.position };
  }
}
