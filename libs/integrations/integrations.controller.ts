import { once } from 'node:events';
import { Body, Controller, Get, HttpCode, Inject, Param, ParseUUIDPipe, Post, Query, Req, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsInt, IsOptional, IsString, IsUUID, Length, Matches, Max, MaxLength, Min } from 'class-validator';
import type { Request, Response } from 'express';
import { contextFor, CurrentUser, Public, Roles, type SessionUser } from '@pf/identity';
import { conflict, invalid, notFound, type Clock } from '@pf/domain';
import { CLOCK, READ_STORE } from '@pf/event-sourcing';
import { ProjectionRunner } from '@pf/projections';
import type { ReadStore } from '@pf/read-store';
import { buildCatalogue } from './catalogue';
import { FEED_MAX_LIMIT, readFeed } from './event-feed';
import { INTEGRATIONS_OPTIONS, type IntegrationsOptions } from './integrations.options';
import {
  INTEGRATOR_KEYS,
  WEBHOOK_SUBSCRIPTIONS,
  type IntegratorKeyDocument,
  type WebhookSubscriptionDocument,
} from './integrations.projection';
import { IssueIntegratorKeyCommand, RevokeIntegratorKeyCommand, type IssuedIntegratorKey } from './integrator-keys.handlers';
import { LiveFeeds } from './live-feeds';
import { PublicEvents, typeVersion } from './public-event';
import { PUBLIC_EVENTS_PROJECTION } from './public-events.projection';
import { INTEGRATOR_SCOPES, SCOPE_MEANINGS, type IntegratorScope } from './scopes';
import { MAX_EVENT_TYPES, MAX_OVERLAP_SECONDS } from './webhook.decider';
import { WEBHOOK_CURSORS, WEBHOOK_DELIVERIES, type WebhookCursorDocument, type WebhookDeliveryDocument } from './webhook-dispatcher';
import {
  keyOf,
  pinnedTypes,
  ReplayWebhookCommand,
  RotateWebhookSecretCommand,
  SubscribeWebhookCommand,
  UnsubscribeWebhookCommand,
  webhookVisibleTo,
  type WebhookSubscribedResult,
} from './webhooks.handlers';

const TYPE_ENTRY = /^[a-z]+(?:-[a-z]+)*(?:\.[a-z]+(?:-[a-z]+)*)+(?:@\d{1,4})?$/;

export class IssueIntegratorKeyDto {
  @IsUUID('all', { message: "L'identifiant de la demande doit être un UUID." })
  requestId!: string;

  @IsString({ message: 'Le libellé est obligatoire.' })
  @Length(1, 80, { message: 'Le libellé doit compter de 1 à 80 caractères.' })
  label!: string;

  @IsIn(INTEGRATOR_SCOPES, { message: `Le périmètre doit être l’un de : ${INTEGRATOR_SCOPES.join(', ')}.` })
  scope!: IntegratorScope;
}

export class RequestIdDto {
  @IsUUID('all', { message: "L'identifiant de la demande doit être un UUID." })
  requestId!: string;
}

export class FeedQueryDto {
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'La position doit être un entier.' })
  @Min(0, { message: 'La position doit être positive ou nulle.' })
  after?: number;

  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'La taille de page doit être un entier.' })
  @Min(1, { message: 'La taille de page doit être d’au moins 1.' })
  @Max(FEED_MAX_LIMIT, { message: `La taille de page ne doit pas dépasser ${FEED_MAX_LIMIT}.` })
  limit?: number;

  @IsOptional()
  @IsString({ message: 'Les types doivent être une liste séparée par des virgules.' })
  @MaxLength(2000, { message: 'La liste des types est trop longue.' })
  types?: string;
}

export class SubscribeWebhookDto {
  @IsUUID('all', { message: "L'identifiant de la demande doit être un UUID." })
  requestId!: string;

  @IsString({ message: "L'adresse du webhook est obligatoire." })
  @MaxLength(2048, { message: "L'adresse du webhook est trop longue." })
  url!: string;

  @IsArray({ message: 'Donnez la liste des types d’événements.' })
  @ArrayMinSize(1, { message: 'Choisissez au moins un type d’événement.' })
  @ArrayMaxSize(MAX_EVENT_TYPES, { message: `Un abonnement compte au plus ${MAX_EVENT_TYPES} types d’événements.` })
  @Matches(TYPE_ENTRY, { each: true, message: 'Chaque type s’écrit « type » ou « type@version », par exemple reservation.accepted@1.' })
  eventTypes!: string[];

  @IsOptional()
  @IsInt({ message: 'La position doit être un entier.' })
  @Min(0, { message: 'La position doit être positive ou nulle.' })
  after?: number;
}

export class RotateWebhookSecretDto {
  @IsUUID('all', { message: "L'identifiant de la demande doit être un UUID." })
  requestId!: string;

  @IsOptional()
  @IsInt({ message: 'La période de recouvrement doit être un nombre entier de secondes.' })
  @Min(0, { message: 'La période de recouvrement doit être positive ou nulle.' })
  @Max(MAX_OVERLAP_SECONDS, { message: 'La période de recouvrement ne doit pas dépasser 7 jours.' })
  overlapSeconds?: number;
}

export class ReplayWebhookDto {
  @IsUUID('all', { message: "L'identifiant de la demande doit être un UUID." })
  requestId!: string;

  @IsInt({ message: 'La position doit être un entier.' })
  @Min(0, { message: 'La position doit être positive ou nulle.' })
  after!: number;
}

export class DeliveriesQueryDto {
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'Le nombre de lignes doit être un entier.' })
  @Min(1, { message: 'Le nombre de lignes doit être d’au moins 1.' })
  @Max(500, { message: 'Le nombre de lignes ne doit pas dépasser 500.' })
  limit?: number;
}

const DEFAULT_OVERLAP_SECONDS = 24 * 3600;

/** Public: the versioned catalogue of public events, their schemas and meanings. */
@Controller('api/events')
export class EventCatalogueController {
  private readonly catalogue: ReturnType<typeof buildCatalogue>;

  constructor(events: PublicEvents) {
    this.catalogue = buildCatalogue(events);
  }

  @Get('catalogue')
  @Public()
  catalogueOfEvents() {
    return this.catalogue;
  }
}

@Controller('api/integrations')
export class IntegrationsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly projections: ProjectionRunner,
    private readonly events: PublicEvents,
    private readonly live: LiveFeeds,
    @Inject(READ_STORE) private readonly reads: ReadStore,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(INTEGRATIONS_OPTIONS) private readonly options: IntegrationsOptions,
  ) {}

  // ---- keys (staff) ----------------------------------------------------------------------------

  @Post('keys')
  @Roles('staff', 'admin')
  async issueKey(@Body() body: IssueIntegratorKeyDto, @CurrentUser() user: SessionUser) {
    const { requestId, ...input } = body;
    const issued = await this.commands.execute<IssueIntegratorKeyCommand, IssuedIntegratorKey>(
      new IssueIntegratorKeyCommand(input, { ...contextFor(user, this.clock.now(), requestId), requestId }),
    );
    await this.projections.waitFor(issued.position);
    const { position: _position, ...response } = issued;
    return { ...response, notice: 'Copiez cette clé maintenant : elle ne sera plus jamais affichée.' };
  }

  @Get('keys')
  @Roles('staff', 'admin')
  async listKeys(@CurrentUser() user: SessionUser) {
    const keys = await this.reads.inCommune(user.communeId).collection<IntegratorKeyDocument>(INTEGRATOR_KEYS).find({}, { sort: { issuedAt: -1 } });
    return { items: keys.map(describeKey) };
  }

  @Post('keys/:keyId/revoke')
  @Roles('staff', 'admin')
  @HttpCode(200)
  async revokeKey(@Param('keyId', new ParseUUIDPipe()) keyId: string, @Body() body: RequestIdDto, @CurrentUser() user: SessionUser) {
    const { position } = await this.commands.execute<RevokeIntegratorKeyCommand, { position: number }>(
      new RevokeIntegratorKeyCommand(keyId, contextFor(user, this.clock.now(), body.requestId)),
    );
    await this.projections.waitFor(position);
    const key = await this.reads.inCommune(user.communeId).collection<IntegratorKeyDocument>(INTEGRATOR_KEYS).get(keyId);
    return describeKey(key!);
  }

  // ---- the integrator itself --------------------------------------------------------------------

  @Get('me')
  @Roles('integrator')
  async me(@CurrentUser() user: SessionUser) {
    const key = await keyOf(user, this.reads);
    return {
      keyId: key._id,
      label: key.label,
      communeId: user.communeId,
      scope: key.scope,
      scopeMeaning: SCOPE_MEANINGS[key.scope],
      typeVersions: this.events.visibleTo(key.scope),
    };
  }

  /** Public events of the key's commune after a position, as its scope sees them. */
  @Get('events')
  @Roles('integrator')
  async feed(@Query() query: FeedQueryDto, @CurrentUser() user: SessionUser) {
    const key = await keyOf(user, this.reads);
    const after = query.after ?? 0;
    // Commands do not wait for the feed (it is read eventually): a page holds what was written before it was asked for.
    await this.projections.waitForHead([PUBLIC_EVENTS_PROJECTION], 2000);
    const page = await readFeed(this.reads, {
      communeId: user.communeId,
      scope: key.scope,
      typeVersions: this.typesFor(query.types, key.scope),
      after,
      limit: query.limit ?? 100,
    });
    const items = page.items.map(({ seq: _seq, ...envelope }) => envelope);
    return { items, next: items.length ? items[items.length - 1].position : after, hasMore: page.hasMore };
  }

  /**
   * The same feed, live (Server-Sent Events): each message's data is one envelope; the `id` is the
   * position, so a reconnecting client sends Last-Event-ID and misses nothing.
   */
  @Get('events/stream')
  @Roles('integrator')
  async stream(@Query() query: FeedQueryDto, @Req() request: Request, @Res() response: Response, @CurrentUser() user: SessionUser): Promise<void> {
    const key = await keyOf(user, this.reads);
    const typeVersions = this.typesFor(query.types, key.scope);
    const lastEventId = request.header('last-event-id');
    if (lastEventId !== undefined && !/^\d{1,16}$/.test(lastEventId.trim())) {
      throw invalid('LAST_EVENT_ID_INVALID', 'L’en-tête Last-Event-ID doit être une position (entier positif).');
    }
    let cursor = lastEventId !== undefined ? Number(lastEventId.trim()) : (query.after ?? 0);
    const { maxSeconds, heartbeatSeconds } = this.options.stream;
    const feed = this.live.open();
    // The response closes when the client goes away (the request's own 'close' only means its body was read).
    response.on('close', () => feed.close());
    const deadline = Date.now() + maxSeconds * 1000;
    const closeTimer = setTimeout(() => feed.close(), maxSeconds * 1000);
    response.status(200);
    response.set({ 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache, no-transform', connection: 'keep-alive', 'x-accel-buffering': 'no' });
    response.flushHeaders();
    const write = async (chunk: string) => {
      if (!response.write(chunk) && !feed.closed) await Promise.race([once(response, 'drain'), once(response, 'close')]);
    };
    try {
      await write('retry: 3000\n\n');
      while (!feed.closed && Date.now() < deadline) {
        const page = await readFeed(this.reads, { communeId: user.communeId, scope: key.scope, typeVersions, after: cursor, limit: 100 });
        for (const [index, { seq: _seq, ...envelope }] of page.items.entries()) {
          // The id goes on the last event of a position only: resuming after it cannot skip a sibling.
          const lastOfPosition = page.items[index + 1]?.position !== envelope.position;
          await write(`${lastOfPosition ? `id: ${envelope.position}\n` : ''}data: ${JSON.stringify(envelope)}\n\n`);
          if (feed.closed) break;
        }
        if (page.items.length) cursor = page.items[page.items.length - 1].position;
        if (page.hasMore) continue;
        if ((await feed.wait(heartbeatSeconds * 1000)) === 'timeout') await write(': keep-alive\n\n');
      }
    } finally {
      clearTimeout(closeTimer);
      feed.close();
      response.end();
    }
  }

  // ---- webhooks ----------------------------------------------------------------------------------

  @Post('webhooks')
  @Roles('integrator')
  async subscribe(@Body() body: SubscribeWebhookDto, @CurrentUser() user: SessionUser) {
    const { requestId, ...input } = body;
    const result = await this.commands.execute<SubscribeWebhookCommand, WebhookSubscribedResult>(
      new SubscribeWebhookCommand(input, user, { ...contextFor(user, this.clock.now(), requestId), requestId }),
    );
    await this.projections.waitFor(result.position);
    const { position: _position, ...response } = result;
    return response;
  }

  /**
   * Staff register a webhook for one of their commune's keys (for software that cannot call the
   * API itself): the subscription belongs to the key and its scope, the secret is shown once.
   */
  @Post('keys/:keyId/webhooks')
  @Roles('staff', 'admin')
  async subscribeForKey(@Param('keyId', new ParseUUIDPipe()) keyId: string, @Body() body: SubscribeWebhookDto, @CurrentUser() user: SessionUser) {
    const key = await this.reads.inCommune(user.communeId).collection<IntegratorKeyDocument>(INTEGRATOR_KEYS).get(keyId);
    if (!key) throw notFound('INTEGRATOR_KEY_NOT_FOUND', 'Clé d’intégration introuvable.');
    if (key.status !== 'active') throw conflict('INTEGRATOR_KEY_REVOKED', 'Cette clé est révoquée : émettez une nouvelle clé pour abonner un webhook.');
    const owner: SessionUser = { accountId: key._id, role: 'integrator', communeId: user.communeId, familyId: null, displayName: `Intégrateur « ${key.label} »` };
    const { requestId, ...input } = body;
    const result = await this.commands.execute<SubscribeWebhookCommand, WebhookSubscribedResult>(
      new SubscribeWebhookCommand(input, owner, { ...contextFor(user, this.clock.now(), requestId), requestId }),
    );
    await this.projections.waitFor(result.position);
    const { position: _position, ...response } = result;
    return { ...response, notice: 'Copiez ce secret maintenant : il ne sera plus affiché. Le logiciel s’en sert pour vérifier la signature de chaque envoi.' };
  }

  @Get('webhooks')
  @Roles('integrator', 'staff', 'admin')
  async listWebhooks(@CurrentUser() user: SessionUser) {
    const filter: Record<string, string> = user.role === 'integrator' ? { keyId: user.accountId } : {};
    const docs = await this.reads.inCommune(user.communeId).collection<WebhookSubscriptionDocument>(WEBHOOK_SUBSCRIPTIONS).find(filter, { sort: { createdAt: -1 } });
    return { items: await Promise.all(docs.map((doc) => this.describeWebhook(user.communeId, doc))) };
  }

  @Get('webhooks/:id')
  @Roles('integrator', 'staff', 'admin')
  async getWebhook(@Param('id', new ParseUUIDPipe()) id: string, @CurrentUser() user: SessionUser) {
    return this.describeWebhook(user.communeId, await webhookVisibleTo(user, id, this.reads));
  }

  @Post('webhooks/:id/rotate-secret')
  @Roles('integrator')
  @HttpCode(200)
  async rotateSecret(@Param('id', new ParseUUIDPipe()) id: string, @Body() body: RotateWebhookSecretDto, @CurrentUser() user: SessionUser) {
    const result = await this.commands.execute<RotateWebhookSecretCommand, { subscriptionId: string; secret: string; previousSecretExpiresAt: string; position: number }>(
      new RotateWebhookSecretCommand(id, body.overlapSeconds ?? DEFAULT_OVERLAP_SECONDS, user, { ...contextFor(user, this.clock.now(), body.requestId), requestId: body.requestId }),
    );
    await this.projections.waitFor(result.position);
    const { position: _position, ...response } = result;
    return response;
  }

  @Post('webhooks/:id/replay')
  @Roles('integrator', 'staff', 'admin')
  @HttpCode(200)
  async replay(@Param('id', new ParseUUIDPipe()) id: string, @Body() body: ReplayWebhookDto, @CurrentUser() user: SessionUser) {
    const { position } = await this.commands.execute<ReplayWebhookCommand, { position: number }>(
      new ReplayWebhookCommand(id, body.after, user, contextFor(user, this.clock.now(), body.requestId)),
    );
    await this.projections.waitFor(position);
    return this.describeWebhook(user.communeId, await webhookVisibleTo(user, id, this.reads));
  }

  @Post('webhooks/:id/unsubscribe')
  @Roles('integrator', 'staff', 'admin')
  @HttpCode(200)
  async unsubscribe(@Param('id', new ParseUUIDPipe()) id: string, @Body() body: RequestIdDto, @CurrentUser() user: SessionUser) {
    const { position } = await this.commands.execute<UnsubscribeWebhookCommand, { position: number }>(
      new UnsubscribeWebhookCommand(id, user, contextFor(user, this.clock.now(), body.requestId)),
    );
    await this.projections.waitFor(position);
    return this.describeWebhook(user.communeId, await webhookVisibleTo(user, id, this.reads));
  }

  /** The delivery log, newest first: every attempt with its outcome. */
  @Get('webhooks/:id/deliveries')
  @Roles('integrator', 'staff', 'admin')
  async deliveries(@Param('id', new ParseUUIDPipe()) id: string, @Query() query: DeliveriesQueryDto, @CurrentUser() user: SessionUser) {
    const doc = await webhookVisibleTo(user, id, this.reads);
    const entries = await this.reads
      .inCommune(user.communeId)
      .collection<WebhookDeliveryDocument>(WEBHOOK_DELIVERIES)
      .find({ subscriptionId: doc._id }, { sort: { at: -1, position: -1, attempt: -1 }, limit: query.limit ?? 100 });
    return {
      items: entries.map((e) => ({
        eventId: e.eventId,
        type: e.type,
        version: e.version,
        position: e.position,
        attempt: e.attempt,
        at: e.at,
        outcome: e.outcome,
        outcomeLabel: e.outcome === 'delivered' ? 'Livré' : 'Échec, nouvelle tentative prévue',
        httpStatus: e.httpStatus,
        error: e.error,
        durationMs: e.durationMs,
        retryInMs: e.retryInMs,
      })),
    };
  }

  private typesFor(types: string | undefined, scope: IntegratorScope): string[] {
    if (types === undefined || types.trim() === '') return this.events.latest().filter((t) => t.scopes[scope]).map(typeVersion);
    const entries = types.split(',').map((t) => t.trim()).filter(Boolean);
    const malformed = entries.filter((t) => !TYPE_ENTRY.test(t));
    if (malformed.length) throw invalid('EVENT_TYPE_UNKNOWN', `Type d’événement inconnu : ${malformed.join(', ')}. Consultez /api/events/catalogue.`);
    return pinnedTypes(entries, scope, this.events);
  }

  private async describeWebhook(communeId: string, doc: WebhookSubscriptionDocument) {
    const commune = this.reads.inCommune(communeId);
    const [cursor, key] = await Promise.all([
      commune.collection<WebhookCursorDocument>(WEBHOOK_CURSORS).get(doc._id),
      commune.collection<IntegratorKeyDocument>(INTEGRATOR_KEYS).get(doc.keyId),
    ]);
    const now = Date.parse(this.clock.now());
    const previous = doc.secrets.find((s) => s.expiresAt !== null && Date.parse(s.expiresAt) > now);
    return {
      subscriptionId: doc._id,
      keyId: doc.keyId,
      keyLabel: key?.label ?? null,
      url: doc.url,
      eventTypes: doc.eventTypes,
      status: doc.status,
      statusLabel: doc.status === 'active' ? (key?.status === 'active' ? 'Actif' : 'Suspendu (clé révoquée)') : 'Résilié',
      startAfter: doc.startAfter,
      createdAt: doc.createdAt,
      previousSecretExpiresAt: previous?.expiresAt ?? null,
      delivery: {
        deliveredUpTo: cursor?.position ?? doc.startAfter,
        failedAttempts: cursor?.attempts ?? 0,
        lastDeliveredAt: cursor?.lastDeliveredAt ?? null,
        lastError: cursor?.lastError ?? null,
      },
    };
  }
}

function describeKey(key: IntegratorKeyDocument) {
  return {
    keyId: key._id,
    label: key.label,
    scope: key.scope,
    keyPrefix: key.keyPrefix,
    status: key.status,
    statusLabel: key.status === 'active' ? 'Active' : 'Révoquée',
    issuedAt: key.issuedAt,
    issuedBy: key.issuedBy,
    revokedAt: key.revokedAt,
    revokedBy: key.revokedBy,
  };
}
