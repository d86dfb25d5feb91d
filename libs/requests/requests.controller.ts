import { Body, Controller, Get, HttpCode, Inject, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { notFound, type Clock } from '@pf/domain';
import { CLOCK, READ_STORE } from '@pf/event-sourcing';
import { ProjectionRunner } from '@pf/projections';
import type { Filter, ReadStore } from '@pf/read-store';
import { contextFor, CurrentUser, Roles } from '@pf/identity';
import type { SessionUser } from '@pf/identity';
import { familyVisibleTo } from '@pf/families';
import { MarkRequestsReadCommand, type MarkRequestsReadResult } from './mark-requests-read.handler';
import { pageOf } from '@pf/http';
import { ACTOR_KIND_LABELS, REQUEST_KIND_LABELS, REQUEST_STATUS_LABELS } from './request-steps';
import {
  ClientRequestIdDto,
  FamilyRequestsQueryDto,
  MarkReadResultDto,
  RequestDto,
  RequestListDto,
  RequestQueueDto,
  RequestQueueQueryDto,
} from './requests.dto';
import { REQUEST_NAMES, REQUESTS, type RequestDocument } from './requests.projection';

/** The document as the API shows it: labels in French, no internal positions. */
export function requestView(doc: RequestDocument): RequestDto {
  const { _id, communeId: _c, familyId: _f, outcomes: _o, lastNoticeEventId: _n, timeline, messages, ...rest } = doc;
  return {
    requestId: _id,
    ...rest,
    kindLabel: REQUEST_KIND_LABELS[doc.kind] ?? doc.kind,
    statusLabel: REQUEST_STATUS_LABELS[doc.status],
    messages: messages.map(({ eventId: _e, position: _p, ...m }) => m),
    timeline: timeline.map(({ eventId: _e, position: _p, ...step }) => ({ ...step, actorLabel: ACTOR_KIND_LABELS[step.actor.kind] ?? step.actor.kind })),
  };
}

@ApiTags('Demandes')
@Controller('api')
export class RequestsController {
  constructor(
    @Inject(READ_STORE) private readonly reads: ReadStore,
    private readonly commands: CommandBus,
    private readonly projections: ProjectionRunner,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Get('families/:familyId/requests')
  @Roles('guardian', 'staff', 'admin')
  @ApiOperation({ summary: '« Mes demandes » : les demandes de la famille, les plus récentes d’abord, avec leur historique complet' })
  @ApiOkResponse({ type: RequestListDto })
  async list(
    @Param('familyId', new ParseUUIDPipe()) familyId: string,
    @Query() query: FamilyRequestsQueryDto,
    @CurrentUser() user: SessionUser,
  ): Promise<RequestListDto> {
    const { limit, offset } = pageOf(query);
    await familyVisibleTo(user, familyId, this.reads);
    const filter: Filter = { familyId };
    if (query.status) filter.status = query.status;
    if (query.kind) filter.kind = query.kind;
    if (query.unread !== undefined) filter.unread = query.unread;
    const requests = this.reads.inCommune(user.communeId).collection<RequestDocument>(REQUESTS);
    const [total, unreadCount, docs] = await Promise.all([
      requests.count(filter),
      requests.count({ familyId, unread: true }),
      requests.find(filter, { sort: { submittedAt: -1, reference: -1 }, limit, skip: offset }),
    ]);
    return { total, limit, offset, unreadCount, items: docs.map(requestView) };
  }

  @Get('families/:familyId/requests/:requestId')
  @Roles('guardian', 'staff', 'admin')
  @ApiOperation({ summary: 'Une demande, avec ses messages et son historique' })
  @ApiOkResponse({ type: RequestDto })
  async one(
    @Param('familyId', new ParseUUIDPipe()) familyId: string,
    @Param('requestId', new ParseUUIDPipe()) requestId: string,
    @CurrentUser() user: SessionUser,
  ): Promise<RequestDto> {
    await familyVisibleTo(user, familyId, this.reads);
    const doc = await this.reads.inCommune(user.communeId).collection<RequestDocument>(REQUESTS).get(requestId);
    if (!doc || doc.familyId !== familyId) throw notFound('REQUEST_NOT_FOUND', 'Demande introuvable.');
    return requestView(doc);
  }

  @Post('families/:familyId/requests/mark-all-read')
  @Roles('guardian')
  @HttpCode(200)
  @ApiOperation({ summary: '« Tout marquer comme lu »' })
  @ApiOkResponse({ type: MarkReadResultDto })
  markAllRead(@Param('familyId', new ParseUUIDPipe()) familyId: string, @Body() body: ClientRequestIdDto, @CurrentUser() user: SessionUser) {
    return this.markRead(familyId, null, body.requestId, user);
  }

  @Post('families/:familyId/requests/:id/mark-read')
  @Roles('guardian')
  @HttpCode(200)
  @ApiOperation({ summary: 'Marquer une demande comme lue' })
  @ApiOkResponse({ type: MarkReadResultDto })
  markOneRead(
    @Param('familyId', new ParseUUIDPipe()) familyId: string,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() body: ClientRequestIdDto,
    @CurrentUser() user: SessionUser,
  ) {
    return this.markRead(familyId, id, body.requestId, user);
  }

  @Get('requests')
  @Roles('staff', 'admin')
  @ApiOperation({ summary: 'File des demandes du service (par défaut : en cours), les plus anciennes d’abord' })
  @ApiOkResponse({ type: RequestQueueDto })
  async queue(@Query() query: RequestQueueQueryDto, @CurrentUser() user: SessionUser): Promise<RequestQueueDto> {
    const { limit, offset } = pageOf(query);
    const filter: Filter = { status: query.status ?? 'pending' };
    if (query.kind) filter.kind = query.kind;
    if (query.activityId) filter.activityId = query.activityId;
    if (query.familyId) filter.familyId = query.familyId;
    if (query.day) {
      filter.firstDay = { $lte: query.day };
      filter.lastDay = { $gte: query.day };
    }
    const commune = this.reads.inCommune(user.communeId);
    const requests = commune.collection<RequestDocument>(REQUESTS);
    const [total, docs] = await Promise.all([
      requests.count(filter),
      requests.find(filter, { sort: { submittedAt: 1, reference: 1 }, limit, skip: offset }),
    ]);
    const familyIds = [...new Set(docs.map((d) => d.familyId))];
    const names = await commune
      .collection<{ _id: string; name: string }>(REQUEST_NAMES)
      .find({ _id: { $in: familyIds.map((id) => `family:${id}`) } });
    const nameOf = new Map(names.map((n) => [n._id, n.name]));
    return {
      total,
      limit,
      offset,
      items: docs.map((d) => ({ ...requestView(d), familyId: d.familyId, familyName: nameOf.get(`family:${d.familyId}`) ?? '' })),
    };
  }

  private async markRead(familyId: string, id: string | null, requestId: string, user: SessionUser): Promise<MarkReadResultDto> {
    await familyVisibleTo(user, familyId, this.reads);
    const result = await this.commands.execute<MarkRequestsReadCommand, MarkRequestsReadResult>(
      new MarkRequestsReadCommand(familyId, id, contextFor(user, this.clock.now(), requestId)),
    );
    await this.projections.waitFor(result.position);
    const unreadCount = await this.reads.inCommune(user.communeId).collection<RequestDocument>(REQUESTS).count({ familyId, unread: true });
    return { marked: result.marked, unreadCount };
  }
}
