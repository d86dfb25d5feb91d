import { Body, Controller, Get, HttpCode, Inject, Param, ParseUUIDPipe, Post, Put, Query } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsOptional, IsString, IsUUID, Matches, MaxLength, ValidateIf, ValidateNested } from 'class-validator';
import { DateTime } from 'luxon';
import { invalid, notFound, type Clock } from '@pf/domain';
import { CLOCK, READ_STORE } from '@pf/event-sourcing';
import { ProjectionRunner } from '@pf/projections';
import type { ReadStore } from '@pf/read-store';
import { contextFor, CurrentUser, Roles } from '@pf/identity';
import type { SessionUser } from '@pf/identity';
import { COMMUNES, type CommuneDocument } from '@pf/communes';
import { familyVisibleTo } from '@pf/families';
import { DAY_PATTERN, PageDto, PageQueryDto, pageOf } from '@pf/http';
import type { NewsContent } from './news.events';
import { NewsCommand, type NewsAction } from './news.handlers';
import { NEWS, type NewsDocument } from './news.projection';
import { currentNewsFor } from './news.query';

const DAY_MESSAGE = 'La date doit être au format AAAA-MM-JJ.';

export class NewsAudienceDto {
  @ApiProperty({ enum: ['commune', 'activity'] })
  @IsIn(['commune', 'activity'], { message: 'Public : toute la commune ou une activité.' })
  kind!: 'commune' | 'activity';

  @ApiPropertyOptional({ format: 'uuid', description: 'Obligatoire quand le public est une activité' })
  @ValidateIf((a: NewsAudienceDto) => a.kind === 'activity')
  @IsUUID('all', { message: "L'identifiant de l'activité est invalide." })
  activityId?: string;
}

export class NewsContentDto {
  @ApiProperty({ format: 'uuid', description: 'Identifiant choisi par le client : la même valeur rejouée ne fait rien de plus' })
  @IsUUID('all', { message: "L'identifiant de la demande doit être un UUID." })
  requestId!: string;

  @ApiProperty({ maxLength: 160 })
  @IsString({ message: 'Le titre doit être un texte.' })
  @MaxLength(160, { message: 'Le titre ne doit pas dépasser 160 caractères.' })
  title!: string;

  @ApiProperty({ maxLength: 10000 })
  @IsString({ message: 'Le texte doit être un texte.' })
  @MaxLength(10000, { message: 'Le texte ne doit pas dépasser 10 000 caractères.' })
  body!: string;

  @ApiProperty({ example: '2026-12-01' })
  @Matches(DAY_PATTERN, { message: DAY_MESSAGE })
  publishFrom!: string;

  @ApiPropertyOptional({ example: '2026-12-31', nullable: true, description: 'Sans date : jusqu’au retrait' })
  @IsOptional()
  @Matches(DAY_PATTERN, { message: DAY_MESSAGE })
  publishUntil?: string | null;

  @ApiProperty({ type: NewsAudienceDto })
  @ValidateNested()
  @Type(() => NewsAudienceDto)
  audience!: NewsAudienceDto;
}

export class WithdrawNewsDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID('all', { message: "L'identifiant de la demande doit être un UUID." })
  requestId!: string;
}

const NEWS_STATES = ['current', 'scheduled', 'ended', 'withdrawn'] as const;
type NewsState = (typeof NEWS_STATES)[number];

export class StaffNewsQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: NEWS_STATES })
  @IsOptional()
  @IsIn(NEWS_STATES, { message: 'État inconnu : current, scheduled, ended ou withdrawn.' })
  state?: NewsState;
}

export class NewsItemDto {
  @ApiProperty({ format: 'uuid' })
  newsId!: string;
  @ApiProperty()
  title!: string;
  @ApiProperty()
  body!: string;
  @ApiProperty()
  publishFrom!: string;
  @ApiPropertyOptional({ nullable: true, type: String })
  publishUntil!: string | null;
  @ApiProperty({ example: { kind: 'activity', activityId: '…' } })
  audience!: { kind: 'commune' } | { kind: 'activity'; activityId: string };
  @ApiProperty({ enum: NEWS_STATES })
  state!: NewsState;
  @ApiProperty({ example: 'En ligne' })
  stateLabel!: string;
  @ApiProperty()
  publishedAt!: string;
  @ApiProperty()
  updatedAt!: string;
}

export class NewsListDto extends PageDto {
  @ApiProperty({ type: [NewsItemDto] })
  items!: NewsItemDto[];
}

const STATE_LABELS: Record<NewsState, string> = { current: 'En ligne', scheduled: 'Programmée', ended: 'Terminée', withdrawn: 'Retirée' };

function stateOf(doc: NewsDocument, today: string): NewsState {
  if (doc.status === 'withdrawn') return 'withdrawn';
  if (doc.publishFrom > today) return 'scheduled';
  if (doc.publishUntil !== null && doc.publishUntil < today) return 'ended';
  return 'current';
}

export function newsView(doc: NewsDocument, today: string): NewsItemDto {
  const state = stateOf(doc, today);
  return {
    newsId: doc._id,
    title: doc.title,
    body: doc.body,
    publishFrom: doc.publishFrom,
    publishUntil: doc.publishUntil,
    audience: doc.audience === 'commune' ? { kind: 'commune' } : { kind: 'activity', activityId: doc.audience },
    state,
    stateLabel: STATE_LABELS[state],
    publishedAt: doc.publishedAt,
    updatedAt: doc.updatedAt,
  };
}

const realDay = (value: string | null | undefined, field: string) => {
  if (value && !DateTime.fromISO(value, { zone: 'UTC' }).isValid) {
    throw invalid('DATE_INVALID', 'Date invalide : utilisez le format AAAA-MM-JJ.', [{ field, code: 'DATE_INVALID', message: 'Date invalide.' }]);
  }
};

/** Actualités: staff publish them with dates and an audience; parents see the current ones. */
@ApiTags('Actualités')
@Controller('api')
export class NewsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly projections: ProjectionRunner,
    @Inject(READ_STORE) private readonly reads: ReadStore,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Post('news')
  @Roles('staff', 'admin')
  @ApiOperation({ summary: 'Publier une actualité' })
  @ApiOkResponse({ type: NewsItemDto })
  publish(@Body() body: NewsContentDto, @CurrentUser() user: SessionUser) {
    return this.run({ kind: 'publish', content: content(body) }, body.requestId, user);
  }

  @Put('news/:newsId')
  @Roles('staff', 'admin')
  @ApiOperation({ summary: 'Modifier une actualité (contenu complet)' })
  @ApiOkResponse({ type: NewsItemDto })
  revise(@Param('newsId', new ParseUUIDPipe()) newsId: string, @Body() body: NewsContentDto, @CurrentUser() user: SessionUser) {
    return this.run({ kind: 'revise', content: { newsId, ...content(body) } }, body.requestId, user);
  }

  @Post('news/:newsId/withdraw')
  @Roles('staff', 'admin')
  @HttpCode(200)
  @ApiOperation({ summary: 'Retirer une actualité' })
  @ApiOkResponse({ type: NewsItemDto })
  withdraw(@Param('newsId', new ParseUUIDPipe()) newsId: string, @Body() body: WithdrawNewsDto, @CurrentUser() user: SessionUser) {
    return this.run({ kind: 'withdraw', newsId }, body.requestId, user);
  }

  @Get('news')
  @Roles('staff', 'admin')
  @ApiOperation({ summary: 'Toutes les actualités de la commune, les plus récentes d’abord' })
  @ApiOkResponse({ type: NewsListDto })
  async all(@Query() query: StaffNewsQueryDto, @CurrentUser() user: SessionUser): Promise<NewsListDto> {
    const { limit, offset } = pageOf(query);
    const today = await this.today(user.communeId);
    const docs = await this.reads.inCommune(user.communeId).collection<NewsDocument>(NEWS).find({}, { sort: { publishFrom: -1, publishedAt: -1 } });
    const items = docs.map((d) => newsView(d, today)).filter((n) => !query.state || n.state === query.state);
    return { total: items.length, limit, offset, items: items.slice(offset, offset + limit) };
  }

  @Get('families/:familyId/news')
  @Roles('guardian', 'staff', 'admin')
  @ApiOperation({ summary: 'Les actualités en ligne pour cette famille (commune et activités de ses enfants)' })
  @ApiOkResponse({ type: NewsListDto })
  async forFamily(@Param('familyId', new ParseUUIDPipe()) familyId: string, @Query() query: PageQueryDto, @CurrentUser() user: SessionUser): Promise<NewsListDto> {
    const { limit, offset } = pageOf(query);
    await familyVisibleTo(user, familyId, this.reads);
    const today = await this.today(user.communeId);
    const items = (await currentNewsFor(this.reads, user.communeId, familyId, today)).map((d) => newsView(d, today));
    return { total: items.length, limit, offset, items: items.slice(offset, offset + limit) };
  }

  private async today(communeId: string): Promise<string> {
    const commune = await this.reads.collection<CommuneDocument>(COMMUNES).get(communeId);
    return DateTime.fromISO(this.clock.now(), { zone: commune?.timeZone ?? 'Europe/Paris' }).toISODate()!;
  }

  private async run(action: NewsAction, requestId: string, user: SessionUser): Promise<NewsItemDto> {
    if (action.kind !== 'withdraw') {
      realDay(action.content.publishFrom, 'publishFrom');
      realDay(action.content.publishUntil, 'publishUntil');
    }
    const result = await this.commands.execute<NewsCommand, { newsId: string; position: number }>(
      new NewsCommand(action, contextFor(user, this.clock.now(), requestId)),
    );
    await this.projections.waitFor(result.position);
    const doc = await this.reads.inCommune(user.communeId).collection<NewsDocument>(NEWS).get(result.newsId);
    if (!doc) throw notFound('NEWS_NOT_FOUND', 'Actualité introuvable.');
    return newsView(doc, await this.today(user.communeId));
  }
}

function content(body: NewsContentDto): Omit<NewsContent, 'newsId'> {
  return {
    title: body.title,
    body: body.body,
    publishFrom: body.publishFrom,
    publishUntil: body.publishUntil ?? null,
    audience: body.audience.kind === 'commune' ? { kind: 'commune' } : { kind: 'activity', activityId: body.audience.activityId! },
  };
}
