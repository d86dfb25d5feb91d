import { Body, Controller, Get, HttpCode, Inject, Param, ParseUUIDPipe, Post, Put, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsUUID, ValidateNested } from 'class-validator';
import type { Response } from 'express';
import { invalid, type Clock } from '@pf/domain';
import { CLOCK, EventSourcedStreams, READ_STORE } from '@pf/event-sourcing';
import { PortalLinks } from '@pf/mail';
import { ProjectionRunner } from '@pf/projections';
import type { ReadStore } from '@pf/read-store';
import { COMMUNES, type CommuneDocument } from '@pf/communes';
import { contextFor, CurrentUser, Roles } from '@pf/identity';
import type { SessionUser } from '@pf/identity';
import {
  ArchiveDto,
  ChangeRequestDto,
  ChildDto,
  DecisionDto,
  EraseDto,
  GuardianDto,
  RecordChildDto,
  RecordGuardianDto,
  RecordQuotientDto,
  RefusalDto,
} from './family.dto';
import { FAMILIES, type FamilyDocument } from './families.projection';
import { childColour, familyVisibleTo } from './family-access';
import { familyStream } from './family.events';
import { missingMandatoryData } from './family-file';
import { FamilyFileService } from './family-file.service';
import { personalDataSummary, subscriberCodeLetter } from './family-pdf';
import { OpenFamilyFileCommand, type OpenFamilyFileResult } from './open-family-file.handler';
import { FAMILY_ACCOUNTS, type FamilyAccounts } from './family-accounts';

export class OpenFamilyFileDto {
  @IsUUID('all', { message: "L'identifiant de la demande doit être un UUID." })
  requestId!: string;

  @ValidateNested()
  @Type(() => GuardianDto)
  guardian!: GuardianDto;

  @ArrayMinSize(1, { message: 'Ajoutez au moins un enfant.' })
  @ArrayMaxSize(12, { message: 'Un dossier compte au plus 12 enfants.' })
  @ValidateNested({ each: true })
  @Type(() => ChildDto)
  children!: ChildDto[];
}

const STAFF = ['staff', 'admin'] as const;
const uuid = () => new ParseUUIDPipe();
const stripRequestId = <T extends { requestId: string }>({ requestId: _r, ...rest }: T) => rest;

@Controller('api/families')
export class FamiliesController {
  constructor(
    private readonly commands: CommandBus,
    private readonly projections: ProjectionRunner,
    private readonly files: FamilyFileService,
    private readonly streams: EventSourcedStreams,
    private readonly links: PortalLinks,
    @Inject(READ_STORE) private readonly reads: ReadStore,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(FAMILY_ACCOUNTS) private readonly accounts: FamilyAccounts,
  ) {}

  @Post()
  @Roles(...STAFF)
  async open(@Body() body: OpenFamilyFileDto, @CurrentUser() user: SessionUser) {
    const { requestId, ...input } = body;
    const result = await this.commands.execute<OpenFamilyFileCommand, OpenFamilyFileResult>(
      new OpenFamilyFileCommand(input, contextFor(user, this.clock.now(), requestId)),
    );
    await this.projections.waitFor(result.position);
    const { position: _position, ...response } = result;
    return response;
  }

  @Get()
  @Roles(...STAFF)
  async list(@CurrentUser() user: SessionUser) {
    const families = await this.reads.inCommune(user.communeId).collection<FamilyDocument>(FAMILIES).find({}, { sort: { name: 1 } });
    return {
      items: families.map((f) => ({
        familyId: f._id,
        name: f.name,
        status: f.status ?? 'active',
        subscriberCode: f.subscriberCode,
        pendingChanges: (f.pendingChanges ?? []).length,
        missingData: missingMandatoryData(f).length,
        guardians: f.guardians.map((g) => ({ firstName: g.firstName, lastName: g.lastName, email: g.email, hasAccount: g.accountId !== null })),
        children: f.children.map(({ childId, firstName, lastName, birthDate }) => ({ childId, firstName, lastName, birthDate })),
      })),
    };
  }

  /** The whole file, what is pending, and what mandatory data is missing. */
  @Get(':familyId')
  @Roles('guardian', ...STAFF)
  async get(@Param('familyId', uuid()) familyId: string, @CurrentUser() user: SessionUser) {
    const family = await familyVisibleTo(user, familyId, this.reads);
    return {
      familyId: family._id,
      name: family.name,
      status: family.status ?? 'active',
      ...(user.role === 'guardian' ? {} : { subscriberCode: family.subscriberCode }),
      quotient: family.quotient ?? null,
      guardians: family.guardians.map(({ accountId, ...g }) => ({ ...g, hasAccount: accountId !== null })),
      children: family.children.map((c, index) => ({ ...c, colour: childColour(index) })),
      pendingChanges: (family.pendingChanges ?? []).map((p) => ({ ...p, status: 'pending', statusLabel: 'En attente de validation' })),
      missingData: missingMandatoryData(family),
    };
  }

  @Put(':familyId/guardians/:guardianId')
  @Roles(...STAFF)
  async recordGuardian(@Param('familyId', uuid()) familyId: string, @Param('guardianId', uuid()) guardianId: string, @Body() body: RecordGuardianDto, @CurrentUser() user: SessionUser) {
    await this.files.recordGuardian(user, familyId, guardianId, stripRequestId(body), body.requestId);
    return this.get(familyId, user);
  }

  @Post(':familyId/guardians')
  @Roles(...STAFF)
  async addGuardian(@Param('familyId', uuid()) familyId: string, @Body() body: RecordGuardianDto, @CurrentUser() user: SessionUser) {
    await this.files.recordGuardian(user, familyId, null, stripRequestId(body), body.requestId);
    return this.get(familyId, user);
  }

  @Put(':familyId/children/:childId')
  @Roles(...STAFF)
  async recordChild(@Param('familyId', uuid()) familyId: string, @Param('childId', uuid()) childId: string, @Body() body: RecordChildDto, @CurrentUser() user: SessionUser) {
    await this.files.recordChild(user, familyId, childId, stripRequestId(body), body.requestId);
    return this.get(familyId, user);
  }

  @Post(':familyId/children')
  @Roles(...STAFF)
  async addChild(@Param('familyId', uuid()) familyId: string, @Body() body: RecordChildDto, @CurrentUser() user: SessionUser) {
    await this.files.recordChild(user, familyId, null, stripRequestId(body), body.requestId);
    return this.get(familyId, user);
  }

  @Put(':familyId/quotient')
  @Roles(...STAFF)
  async recordQuotient(@Param('familyId', uuid()) familyId: string, @Body() body: RecordQuotientDto, @CurrentUser() user: SessionUser) {
    await this.files.recordQuotient(user, familyId, { value: body.value, updatedOn: body.updatedOn }, body.requestId);
    return this.get(familyId, user);
  }

  /** A parent asks to change the file: it shows as pending until staff decide. */
  @Post(':familyId/change-requests')
  @Roles('guardian')
  async requestChange(@Param('familyId', uuid()) familyId: string, @Body() body: ChangeRequestDto, @CurrentUser() user: SessionUser) {
    if (body.target === 'guardian' && (!body.guardianId || !body.guardian)) {
      throw invalid('CHANGE_TARGET_MISSING', 'Indiquez le responsable et les informations à modifier.', [{ field: 'guardian', code: 'REQUIRED', message: 'Informations du responsable à modifier.' }]);
    }
    if (body.target !== 'guardian' && (!body.child || (body.target === 'child' && !body.childId))) {
      throw invalid('CHANGE_TARGET_MISSING', "Indiquez l'enfant et les informations à modifier.", [{ field: 'child', code: 'REQUIRED', message: "Informations de l'enfant à modifier." }]);
    }
    const outcome = await this.files.requestChange(user, familyId, body.requestId, body.target, body, body.guardian, body.child);
    return { requestId: body.requestId, status: 'pending', statusLabel: 'En attente de validation', replayed: outcome.replayed };
  }

  @Post(':familyId/change-requests/:changeId/accept')
  @Roles(...STAFF)
  @HttpCode(200)
  async acceptChange(@Param('familyId', uuid()) familyId: string, @Param('changeId', uuid()) changeId: string, @Body() body: DecisionDto, @CurrentUser() user: SessionUser) {
    await this.files.acceptChange(user, familyId, changeId, body.requestId);
    return this.get(familyId, user);
  }

  @Post(':familyId/change-requests/:changeId/refuse')
  @Roles(...STAFF)
  @HttpCode(200)
  async refuseChange(@Param('familyId', uuid()) familyId: string, @Param('changeId', uuid()) changeId: string, @Body() body: RefusalDto, @CurrentUser() user: SessionUser) {
    await this.files.refuseChange(user, familyId, changeId, body.reason, body.requestId);
    return this.get(familyId, user);
  }

  /** A new code abonné (the old one stops working); print the letter next. */
  @Post(':familyId/subscriber-code')
  @Roles(...STAFF)
  @HttpCode(200)
  async regenerateCode(@Param('familyId', uuid()) familyId: string, @Body() body: DecisionDto, @CurrentUser() user: SessionUser) {
    return { subscriberCode: await this.files.regenerateSubscriberCode(user, familyId, body.requestId) };
  }

  @Get(':familyId/subscriber-code-letter.pdf')
  @Roles(...STAFF)
  async letter(@Param('familyId', uuid()) familyId: string, @CurrentUser() user: SessionUser, @Res() response: Response) {
    const family = await familyVisibleTo(user, familyId, this.reads);
    const commune = await this.reads.collection<CommuneDocument>(COMMUNES).get(user.communeId);
    const pdf = await subscriberCodeLetter(family, commune ?? { name: user.communeId, serviceName: 'Service enfance', serviceEmail: '' }, this.links.base(), this.clock.now().slice(0, 10));
    response.type('application/pdf').setHeader('content-disposition', `attachment; filename="code-abonne-${familyId}.pdf"`);
    response.send(pdf);
  }

  @Post(':familyId/archive')
  @Roles(...STAFF)
  @HttpCode(200)
  async archive(@Param('familyId', uuid()) familyId: string, @Body() body: ArchiveDto, @CurrentUser() user: SessionUser) {
    await this.files.archive(user, familyId, body.reason, body.requestId);
    return this.get(familyId, user);
  }

  /** Right to be forgotten, for an archived file only; the erasure itself is recorded. */
  @Post(':familyId/erase')
  @Roles(...STAFF)
  @HttpCode(200)
  async erase(@Param('familyId', uuid()) familyId: string, @Body() body: EraseDto, @CurrentUser() user: SessionUser) {
    await this.files.erase(user, familyId, body.reasonCode, body.requestId);
    return { familyId, status: 'erased' };
  }

  /** Everything the portal holds about the family (RGPD right of access), as JSON. */
  @Get(':familyId/personal-data')
  @Roles('guardian', ...STAFF)
  async personalData(@Param('familyId', uuid()) familyId: string, @CurrentUser() user: SessionUser) {
    return this.collectPersonalData(user, familyId);
  }

  @Get(':familyId/personal-data.pdf')
  @Roles('guardian', ...STAFF)
  async personalDataPdf(@Param('familyId', uuid()) familyId: string, @CurrentUser() user: SessionUser, @Res() response: Response) {
    const data = await this.collectPersonalData(user, familyId);
    const family = await familyVisibleTo(user, familyId, this.reads);
    const pdf = await personalDataSummary({ family, accounts: data.accounts, requestsCount: data.requests.length }, this.clock.now().slice(0, 10));
    response.type('application/pdf').setHeader('content-disposition', `attachment; filename="mes-donnees-${familyId}.pdf"`);
    response.send(pdf);
  }

  private async collectPersonalData(user: SessionUser, familyId: string) {
    await familyVisibleTo(user, familyId, this.reads);
    const commune = this.reads.inCommune(user.communeId);
    const accounts = await this.accounts.ofFamily(user.communeId, familyId);
    const events = await this.streams.load(familyStream(user.communeId, familyId), null, (s) => s);
    const requests = await commune.collection('requests').find({ familyId });
    const planning = await commune.collection('planning').find({ familyId });
    const documents = await commune.collection('documents').find({ familyId });
    // What the other capabilities hold about the family, by their read models' names (no import of theirs needed).
    const [enrolments, invoices, payments, mandates, attestations, mandateRequests, refunds] = await Promise.all(
      ['enrolments', 'billing_documents', 'billing_payments', 'billing_mandates', 'attestations', 'billing_mandate_requests', 'billing_refunds'].map((name) => commune.collection(name).find({ familyId })),
    );
    const own = (docs: Array<Record<string, unknown>>) => docs.map(({ communeId: _c, ...d }) => d);
    return {
      exportedAt: this.clock.now(),
      family: (await this.get(familyId, user)) as Record<string, unknown>,
      accounts: accounts.map(({ passwordHash: _p, ...a }) => ({ ...a, status: a.status ?? 'active' })),
      requests: requests.map(({ communeId: _c, ...r }) => r),
      planning: planning.map(({ communeId: _c, ...p }) => p),
      documents: documents.map(({ communeId: _c, ...d }) => d),
      enrolments: own(enrolments),
      invoices: own(invoices),
      payments: own(payments),
      directDebitMandates: own(mandates),
      directDebitRequests: own(mandateRequests),
      refunds: own(refunds),
      attestations: own(attestations),
      history: events.events.map((e) => ({ type: e.type, at: e.metadata.occurredAt, actor: e.metadata.actor, data: e.data })),
    };
  }
}
