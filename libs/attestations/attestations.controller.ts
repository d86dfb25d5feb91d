import { Body, Controller, Get, Header, HttpCode, Inject, Param, ParseUUIDPipe, Post, StreamableFile } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsIn, IsInt, IsOptional, IsString, IsUUID, Matches, MaxLength } from 'class-validator';
import { READ_STORE } from '@pf/event-sourcing';
import type { ReadStore } from '@pf/read-store';
import { CurrentUser, Roles } from '@pf/identity';
import type { SessionUser } from '@pf/identity';
import { familyVisibleTo } from '@pf/families';
import { ATTESTATION_KINDS, MAX_ATTESTATION_MESSAGE, type AttestationKind } from './attestation.events';
import { AttestationsService } from './attestations.service';

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const RequestId = () => IsUUID('all', { message: "L'identifiant de la demande doit être un UUID." });

export class RequestAttestationDto {
  @ApiProperty({ format: 'uuid', description: 'Identifiant choisi par le client, qui devient celui de la demande : la même valeur rejouée ne fait rien de plus' })
  @RequestId()
  requestId!: string;

  @ApiProperty({ enum: ATTESTATION_KINDS, description: 'presence : jours de présence sur une période ; payment : sommes réglées dans l’année ; enrolment : inscriptions en cours' })
  @IsIn(ATTESTATION_KINDS, { message: 'Type d’attestation : présence, paiement ou inscription.' })
  kind!: AttestationKind;

  @ApiPropertyOptional({ format: 'uuid', description: 'L’enfant concerné ; absent : toute la famille' })
  @IsOptional()
  @IsUUID('all', { message: "L'identifiant de l'enfant doit être un UUID." })
  childId?: string;

  @ApiPropertyOptional({ example: '2026-09-01', description: 'Présence : premier jour de la période (AAAA-MM-JJ)' })
  @IsOptional()
  @Matches(DAY, { message: 'La date doit être au format AAAA-MM-JJ.' })
  from?: string;

  @ApiPropertyOptional({ example: '2026-11-30', description: 'Présence : dernier jour de la période, au plus tard aujourd’hui' })
  @IsOptional()
  @Matches(DAY, { message: 'La date doit être au format AAAA-MM-JJ.' })
  to?: string;

  @ApiPropertyOptional({ example: 2026, description: 'Paiement : l’année civile' })
  @IsOptional()
  @IsInt({ message: 'L’année est un nombre entier.' })
  year?: number;

  @ApiPropertyOptional({ maxLength: MAX_ATTESTATION_MESSAGE, description: 'Un mot au service (pour qui, pourquoi)' })
  @IsOptional()
  @IsString({ message: 'Le message doit être un texte.' })
  @MaxLength(MAX_ATTESTATION_MESSAGE, { message: `Le message ne doit pas dépasser ${MAX_ATTESTATION_MESSAGE} caractères.` })
  message?: string;
}

export class DecideAttestationDto {
  @ApiProperty({ format: 'uuid' })
  @RequestId()
  requestId!: string;
}

export class RefuseAttestationDto extends DecideAttestationDto {
  @ApiProperty({ maxLength: MAX_ATTESTATION_MESSAGE, description: 'Le message à la famille (obligatoire)' })
  @IsString({ message: 'Indiquez à la famille le motif du refus.' })
  @MaxLength(MAX_ATTESTATION_MESSAGE, { message: `Le message ne doit pas dépasser ${MAX_ATTESTATION_MESSAGE} caractères.` })
  reason!: string;
}

export class AttestationSummaryDto {
  @ApiPropertyOptional({ nullable: true, type: Number }) days!: number | null;
  @ApiPropertyOptional({ nullable: true, type: Number }) amountCents!: number | null;
  @ApiPropertyOptional({ nullable: true, type: Number }) enrolments!: number | null;
}

export class AttestationDto {
  @ApiProperty({ format: 'uuid' }) attestationId!: string;
  @ApiProperty({ example: 'D-2026-000012' }) reference!: string;
  @ApiProperty({ enum: ATTESTATION_KINDS }) kind!: AttestationKind;
  @ApiProperty({ example: 'Attestation de présence' }) kindLabel!: string;
  @ApiPropertyOptional({ nullable: true, type: String }) childId!: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) from!: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) to!: string | null;
  @ApiPropertyOptional({ nullable: true, type: Number }) year!: number | null;
  @ApiPropertyOptional({ nullable: true, type: String }) message!: string | null;
  @ApiProperty({ enum: ['pending', 'issued', 'refused'] }) status!: string;
  @ApiProperty({ example: 'Émise' }) statusLabel!: string;
  @ApiProperty() requestedAt!: string;
  @ApiPropertyOptional({ nullable: true, type: String }) decidedAt!: string | null;
  @ApiPropertyOptional({ nullable: true, type: String, description: 'Message du service en cas de refus' }) reason!: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) issuedOn!: string | null;
  @ApiPropertyOptional({ nullable: true, type: Number, description: 'Taille du PDF en octets' }) size!: number | null;
  @ApiPropertyOptional({ nullable: true, type: AttestationSummaryDto }) summary!: AttestationSummaryDto | null;
  @ApiPropertyOptional({ nullable: true, type: String, example: '12 jours de présence' }) summaryText!: string | null;
  @ApiPropertyOptional({ nullable: true, type: String, description: 'Lien du PDF, une fois émise' }) pdfUrl!: string | null;
}

const uuid = () => new ParseUUIDPipe();

/** Attestations (présence, paiement, inscription): parents ask, staff issue the PDF or refuse with a message. */
@ApiTags('Attestations')
@Controller('api/families/:familyId/attestations')
export class AttestationsController {
  constructor(
    private readonly attestations: AttestationsService,
    @Inject(READ_STORE) private readonly reads: ReadStore,
  ) {}

  @Post()
  @Roles('guardian')
  @ApiOperation({ summary: 'Demander une attestation (elle devient une demande suivie dans « Mes demandes »)' })
  @ApiCreatedResponse({ type: AttestationDto })
  async request(@Param('familyId', uuid()) familyId: string, @Body() body: RequestAttestationDto, @CurrentUser() user: SessionUser) {
    const family = await familyVisibleTo(user, familyId, this.reads);
    return this.attestations.request(user, family, body);
  }

  @Get()
  @Roles('guardian', 'staff', 'admin')
  @ApiOperation({ summary: 'Les attestations demandées par la famille, les plus récentes d’abord' })
  @ApiOkResponse({ type: [AttestationDto] })
  async list(@Param('familyId', uuid()) familyId: string, @CurrentUser() user: SessionUser) {
    await familyVisibleTo(user, familyId, this.reads);
    return { items: await this.attestations.list(user.communeId, familyId) };
  }

  @Get(':attestationId')
  @Roles('guardian', 'staff', 'admin')
  @ApiOperation({ summary: 'Une demande d’attestation : son état et, une fois émise, ce qu’elle atteste et le lien du PDF' })
  @ApiOkResponse({ type: AttestationDto })
  async one(@Param('familyId', uuid()) familyId: string, @Param('attestationId', uuid()) attestationId: string, @CurrentUser() user: SessionUser) {
    await familyVisibleTo(user, familyId, this.reads);
    return this.attestations.view(user.communeId, familyId, attestationId);
  }

  @Get(':attestationId/preview')
  @Roles('staff', 'admin')
  @ApiOperation({ summary: 'Ce que l’attestation indiquerait si elle était émise maintenant (jours, montant, inscriptions)' })
  async preview(@Param('familyId', uuid()) familyId: string, @Param('attestationId', uuid()) attestationId: string, @CurrentUser() user: SessionUser) {
    const family = await familyVisibleTo(user, familyId, this.reads);
    return this.attestations.preview(user.communeId, family, attestationId);
  }

  @Post(':attestationId/issue')
  @Roles('staff', 'admin')
  @HttpCode(200)
  @ApiOperation({ summary: 'Émettre l’attestation : le PDF est établi d’après les données du portail, la famille est prévenue' })
  @ApiOkResponse({ type: AttestationDto })
  async issue(@Param('familyId', uuid()) familyId: string, @Param('attestationId', uuid()) attestationId: string, @Body() body: DecideAttestationDto, @CurrentUser() user: SessionUser) {
    const family = await familyVisibleTo(user, familyId, this.reads);
    return this.attestations.issue(user, family, attestationId, body.requestId);
  }

  @Post(':attestationId/refuse')
  @Roles('staff', 'admin')
  @HttpCode(200)
  @ApiOperation({ summary: 'Refuser la demande, avec un message à la famille' })
  @ApiOkResponse({ type: AttestationDto })
  async refuse(@Param('familyId', uuid()) familyId: string, @Param('attestationId', uuid()) attestationId: string, @Body() body: RefuseAttestationDto, @CurrentUser() user: SessionUser) {
    await familyVisibleTo(user, familyId, this.reads);
    return this.attestations.refuse(user, familyId, attestationId, body.requestId, body.reason);
  }

  @Get(':attestationId/pdf')
  @Roles('guardian', 'staff', 'admin')
  @ApiOperation({ summary: 'Télécharger l’attestation émise (PDF)' })
  @ApiOkResponse({ description: 'application/pdf' })
  // Personal data: never kept by a shared cache or the browser's.
  @Header('cache-control', 'private, no-store')
  async pdf(@Param('familyId', uuid()) familyId: string, @Param('attestationId', uuid()) attestationId: string, @CurrentUser() user: SessionUser) {
    await familyVisibleTo(user, familyId, this.reads);
    const file = await this.attestations.pdf(user.communeId, familyId, attestationId);
    return new StreamableFile(file.bytes, { type: 'application/pdf', disposition: `attachment; filename="${file.fileName}"` });
  }
}
