import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { notFound } from '@pf/domain';
import { EventSourcedStreams, idFromRequest, READ_STORE, type CommandContext } from '@pf/event-sourcing';
import type { ReadStore } from '@pf/read-store';
import { COMMUNES, type CommuneDocument } from '@pf/communes';
import { decideOpenFamilyFile, evolveFamily, initialFamilyState, type FamilyState } from './family.decider';
import { familyStream, type ChildDetails, type FamilyEvent, type GuardianDetails } from './family.events';
import { SUBSCRIBER_CODES } from './families.projection';
import { normalizeChildChanges, normalizeGuardianChanges, type ChildInput } from './family-file';
import { generateSubscriberCode } from './subscriber-code';

export interface OpenFamilyFileInput {
  guardian: Omit<GuardianDetails, 'guardianId'>;
  children: ChildInput[];
  /** Opening from a pre-registration: the file takes its id (and so its personal data key). */
  preRegistrationId?: string;
}

export class OpenFamilyFileCommand {
  constructor(readonly input: OpenFamilyFileInput, readonly ctx: CommandContext) {}
}

export interface OpenFamilyFileResult {
  familyId: string;
  name: string;
  subscriberCode: string;
  children: Array<{ childId: string; firstName: string }>;
  position: number;
}

/** Staff open a family file; the family receives a code abonné to link its account. */
@CommandHandler(OpenFamilyFileCommand)
export class OpenFamilyFileHandler implements ICommandHandler<OpenFamilyFileCommand, OpenFamilyFileResult> {
  constructor(
    private readonly streams: EventSourcedStreams,
    @Inject(READ_STORE) private readonly reads: ReadStore,
  ) {}

  async execute({ input, ctx }: OpenFamilyFileCommand): Promise<OpenFamilyFileResult> {
    const commune = await this.reads.collection<CommuneDocument>(COMMUNES).get(ctx.communeId);
    if (!commune) throw notFound('COMMUNE_NOT_FOUND', 'Commune inconnue.');
    // A new file has no photo yet: a photo id named here is some other file's (another commune's, perhaps).
    if (input.children.some((child) => child.photoId)) throw notFound('PHOTO_NOT_FOUND', 'Photo introuvable.');
    // Ids follow from the commune and the request id, so a retried request lands on the same stream and is replayed.
    const idFor = (name: string) => idFromRequest(ctx, name);
    const familyId = input.preRegistrationId ?? idFor('family');
    const guardian = { ...normalizeGuardianChanges(input.guardian), guardianId: idFor('guardian:0') } as GuardianDetails;
    const children = input.children.map((child, index) => ({ ...normalizeChildChanges(child, idFor(`child:${index}`)), childId: idFor(`child:${index}`) }) as ChildDetails);
    const subscriberCode = await this.unusedCode(commune.subscriberCodePrefix);

    const outcome = await this.streams.handle<FamilyState, FamilyEvent>(
      {
        streamId: familyStream(ctx.communeId, familyId),
        initialState: initialFamilyState,
        evolve: evolveFamily,
        decide: (state) => decideOpenFamilyFile({ familyId, guardian, children, subscriberCode, preRegistrationId: input.preRegistrationId }, state),
      },
      ctx,
    );
    return {
      familyId,
      name: `Famille ${guardian.lastName.toUpperCase()}`,
      subscriberCode: outcome.state.subscriberCode ?? subscriberCode,
      children: outcome.state.children.map((c) => ({ childId: c.childId, firstName: c.firstName })),
      position: outcome.position,
    };
  }

  /** Codes start with the commune's own prefix and are looked up deployment-wide: no other commune holds the one drawn. */
  private async unusedCode(prefix: string): Promise<string> {
    for (;;) {
      const code = generateSubscriberCode(prefix);
      if (!(await this.reads.collection(SUBSCRIBER_CODES).get(code))) return code;
    }
  }
}
