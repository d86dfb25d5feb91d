import { Body, Controller, Inject, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiCreatedResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { IsIn, IsString, IsUUID, MaxLength } from 'class-validator';
import { notFound, type Clock } from '@pf/domain';
import { CLOCK, READ_STORE } from '@pf/event-sourcing';
import { ProjectionRunner } from '@pf/projections';
import type { ReadStore } from '@pf/read-store';
import { contextFor, CurrentUser, Roles } from '@pf/identity';
import type { SessionUser } from '@pf/identity';
import { familyVisibleTo } from '@pf/families';
import { RequestDto, requestView, REQUESTS, type RequestDocument } from '@pf/requests';
import { MAX_MESSAGE_LENGTH } from './contact.decider';
import { CONTACT_TOPIC_LABELS, type ContactTopic } from './contact.events';
import { ContactCommand, type ContactAction } from './contact.handlers';

const TOPICS = Object.keys(CONTACT_TOPIC_LABELS) as ContactTopic[];

export class ContactReplyDto {
  @ApiProperty({ format: 'uuid', description: 'Identifiant choisi par le client : la même valeur rejouée ne fait rien de plus' })
  @IsUUID('all', { message: "L'identifiant de la demande doit être un UUID." })
  requestId!: string;

  @ApiProperty({ maxLength: MAX_MESSAGE_LENGTH })
  @IsString({ message: 'Le message doit être un texte.' })
  @MaxLength(MAX_MESSAGE_LENGTH, { message: `Le message ne doit pas dépasser ${MAX_MESSAGE_LENGTH} caractères.` })
  text!: string;
}

export class ContactMessageDto extends ContactReplyDto {
  @ApiProperty({ enum: TOPICS })
  @IsIn(TOPICS, { message: 'Choisissez le sujet de votre message.' })
  topic!: ContactTopic;
}

/** Contact form: a parent's message is a request of kind `contact`; staff answer in its thread. */
@ApiTags('Contact')
@Controller('api/families/:familyId/contact')
export class ContactController {
  constructor(
    private readonly commands: CommandBus,
    private readonly projections: ProjectionRunner,
    @Inject(READ_STORE) private readonly reads: ReadStore,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Post()
  @Roles('guardian')
  @ApiOperation({ summary: 'Écrire au service (le message devient une demande suivie dans « Mes demandes »)' })
  @ApiCreatedResponse({ type: RequestDto })
  async send(@Param('familyId', new ParseUUIDPipe()) familyId: string, @Body() body: ContactMessageDto, @CurrentUser() user: SessionUser) {
    await familyVisibleTo(user, familyId, this.reads);
    return this.run(body.requestId, familyId, { kind: 'send', topic: body.topic, text: body.text }, body.requestId, user);
  }

  @Post(':contactId/answers')
  @Roles('staff', 'admin')
  @ApiOperation({ summary: 'Répondre au parent (il est prévenu par e-mail)' })
  @ApiCreatedResponse({ type: RequestDto })
  async answer(
    @Param('familyId', new ParseUUIDPipe()) familyId: string,
    @Param('contactId', new ParseUUIDPipe()) contactId: string,
    @Body() body: ContactReplyDto,
    @CurrentUser() user: SessionUser,
  ) {
    await familyVisibleTo(user, familyId, this.reads);
    return this.run(contactId, familyId, { kind: 'answer', text: body.text }, body.requestId, user);
  }

  @Post(':contactId/messages')
  @Roles('guardian')
  @ApiOperation({ summary: 'Compléter son message dans la même conversation' })
  @ApiCreatedResponse({ type: RequestDto })
  async followUp(
    @Param('familyId', new ParseUUIDPipe()) familyId: string,
    @Param('contactId', new ParseUUIDPipe()) contactId: string,
    @Body() body: ContactReplyDto,
    @CurrentUser() user: SessionUser,
  ) {
    await familyVisibleTo(user, familyId, this.reads);
    return this.run(contactId, familyId, { kind: 'follow_up', text: body.text }, body.requestId, user);
  }

  private async run(contactId: string, familyId: string, action: ContactAction, requestId: string, user: SessionUser): Promise<RequestDto> {
    const result = await this.commands.execute<ContactCommand, { position: number }>(
      new ContactCommand(contactId, familyId, action, contextFor(user, this.clock.now(), requestId)),
    );
    await this.projections.waitFor(result.position);
    const doc = await this.reads.inCommune(user.communeId).collection<RequestDocument>(REQUESTS).get(contactId);
    if (!doc) throw notFound('CONTACT_NOT_FOUND', 'Message introuvable.');
    return requestView(doc);
  }
}
