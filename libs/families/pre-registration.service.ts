import { Inject, Injectable } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { notFound, type Clock } from '@pf/domain';
import { CLOCK, EventSourcedStreams, idFromRequest, READ_STORE, type CommandContext } from '@pf/event-sourcing';
import { familySubject, KEY_STORE, type KeyStore } from '@pf/personal-data';
import { ProjectionRunner } from '@pf/projections';
import type { ReadStore } from '@pf/read-store';
import { COMMUNES } from '@pf/communes';
import { contextFor } from '@pf/identity';
import type { SessionUser } from '@pf/identity';
import type { ChildDetails, GuardianDetails } from './family.events';
import { assertNoProblems, checkBirthDate, checkGuardian, normalizeChildChanges, normalizeGuardianChanges, type ChildInput } from './family-file';
import { FamilyFileService } from './family-file.service';
import { OpenFamilyFileCommand, type OpenFamilyFileResult } from './open-family-file.handler';
import {
  decideConvertPreRegistration,
  decideDeclinePreRegistration,
  decideSubmitPreRegistration,
  evolvePreRegistration,
  initialPreRegistrationState,
  PRE_REGISTRATIONS,
  preRegistrationStream,
  type PreRegistrationDocument,
  type PreRegistrationEvent,
  type PreRegistrationState,
} from './pre-registration';

type GuardianInput = Omit<GuardianDetails, 'guardianId'>;

@Injectable()
export class PreRegistrationService {
  constructor(
    private readonly streams: EventSourcedStreams,
    private readonly projections: ProjectionRunner,
    private readonly commands: CommandBus,
    private readonly files: FamilyFileService,
    @Inject(KEY_STORE) private readonly keys: KeyStore,
    @Inject(READ_STORE) private readonly reads: ReadStore,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** Anyone may ask; the answer is the same reference whatever happens next. */
  async submit(input: { requestId: string; communeId: string; guardians: GuardianInput[]; children: ChildInput[]; message?: string }) {
    if (!(await this.reads.collection(COMMUNES).get(input.communeId))) throw notFound('COMMUNE_NOT_FOUND', 'Commune inconnue.');
    // A family without a file has no photo on the portal: a photo id named here is some file's (another commune's, perhaps).
    if (input.children.some((child) => child.photoId)) throw notFound('PHOTO_NOT_FOUND', 'Photo introuvable.');
    const today = this.clock.now().slice(0, 10);
    const [first] = input.guardians;
    assertNoProblems([
      ...(!first.phones || !Object.values(first.phones).some(Boolean) ? [{ field: 'guardians.0.phones', code: 'PHONE_REQUIRED', message: 'Indiquez au moins un numéro de téléphone.' }] : []),
      ...(!first.address ? [{ field: 'guardians.0.address', code: 'ADDRESS_REQUIRED', message: 'Indiquez votre adresse.' }] : []),
      ...input.guardians.flatMap((g, i) => checkGuardian(g, `guardians.${i}`)),
      ...input.children.flatMap((c, i) => checkBirthDate(c.birthDate, today, `children.${i}.birthDate`)),
    ]);
    // The commune named by the family is part of every id: the same request id in another commune names other records.
    const request = { communeId: input.communeId, requestId: input.requestId };
    const preRegistrationId = idFromRequest(request, 'pre-registration');
    const guardians = input.guardians.map((g, i) => ({ ...normalizeGuardianChanges(g), guardianId: idFromRequest(request, `guardian:${i}`) }) as GuardianDetails);
    const children = input.children.map((c, i) => {
      const childId = idFromRequest(request, `child:${i}`);
      return { ...normalizeChildChanges(c, childId), childId } as ChildDetails;
    });
    const outcome = await this.streams.handle<PreRegistrationState, PreRegistrationEvent>(
      {
        streamId: preRegistrationStream(input.communeId, preRegistrationId),
        initialState: initialPreRegistrationState,
        evolve: evolvePreRegistration,
        decide: (s) => decideSubmitPreRegistration({ preRegistrationId, guardians, children, message: (input.message ?? '').trim() }, s),
      },
      { communeId: input.communeId, actor: { kind: 'anonymous', id: preRegistrationId }, channel: 'web', requestId: input.requestId, now: this.clock.now() },
    );
    await this.projections.waitFor(outcome.position);
    return { preRegistrationId, status: 'pending' as const };
  }

  list(communeId: string) {
    return this.reads.inCommune(communeId).collection<PreRegistrationDocument>(PRE_REGISTRATIONS).find({ status: 'pending' }, { sort: { submittedAt: 1 } });
  }

  /** Staff open the family's file from the request: same id, so the same key seals both. */
  async openFile(user: SessionUser, preRegistrationId: string, requestId: string): Promise<Omit<OpenFamilyFileResult, 'position'>> {
    const stream = preRegistrationStream(user.communeId, preRegistrationId);
    const loaded = await this.streams.load(stream, initialPreRegistrationState, evolvePreRegistration);
    decideConvertPreRegistration({ preRegistrationId }, loaded.state);
    const { guardians, children } = loaded.state.submitted!;
    const strip = <T extends { guardianId?: string; childId?: string }>({ guardianId: _g, childId: _c, ...rest }: T) => rest;
    const opened = await this.commands.execute<OpenFamilyFileCommand, OpenFamilyFileResult>(
      new OpenFamilyFileCommand({ guardian: strip(guardians[0]), children: children.map(strip) as ChildInput[], preRegistrationId }, contextFor(user, this.clock.now(), requestId)),
    );
    await this.projections.waitFor(opened.position);
    for (const [i, guardian] of guardians.slice(1).entries()) {
      await this.files.recordGuardian(user, opened.familyId, null, strip(guardian), idFromRequest(this.ctx(user, requestId), `guardian:${i + 1}`));
    }
    const converted = await this.streams.handle<PreRegistrationState, PreRegistrationEvent>(
      { streamId: stream, initialState: initialPreRegistrationState, evolve: evolvePreRegistration, decide: (s) => (s.status === 'converted' ? [] : decideConvertPreRegistration({ preRegistrationId }, s)) },
      this.ctx(user, requestId),
    );
    await this.projections.waitFor(converted.position);
    const { position: _p, ...result } = opened;
    return result;
  }

  /** Declined: nothing of the family is kept (its key is destroyed at once). */
  async decline(user: SessionUser, preRegistrationId: string, reasonCode: 'DUPLICATE' | 'OUT_OF_AREA' | 'OTHER', requestId: string) {
    const outcome = await this.streams.handle<PreRegistrationState, PreRegistrationEvent>(
      {
        streamId: preRegistrationStream(user.communeId, preRegistrationId),
        initialState: initialPreRegistrationState,
        evolve: evolvePreRegistration,
        decide: (s) => decideDeclinePreRegistration({ preRegistrationId, reasonCode }, s),
      },
      this.ctx(user, requestId),
    );
    await this.keys.destroy(familySubject(preRegistrationId));
    await this.projections.waitFor(outcome.position);
  }

  private ctx(user: SessionUser, requestId: string): CommandContext {
    return contextFor(user, this.clock.now(), requestId);
  }
}
