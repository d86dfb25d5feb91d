import { Inject, Injectable, Logger, Optional } from '@nestjs/common';
import { newId, notFound, type Clock } from '@pf/domain';
import { CLOCK, EventSourcedStreams, idFromRequest, READ_STORE, type CommandContext } from '@pf/event-sourcing';
import { MAIL_CATCHER, MailOutbox, type MailCatcher } from '@pf/mail';
import { accountSubject, familySubject, KEY_STORE, type KeyStore } from '@pf/personal-data';
import { ProjectionRunner } from '@pf/projections';
import type { ReadStore } from '@pf/read-store';
import { COMMUNES, type CommuneDocument } from '@pf/communes';
import { contextFor } from '@pf/identity';
import type { SessionUser } from '@pf/identity';
import {
  decideAcceptFamilyChange,
  decideArchiveFamily,
  decideEraseFamily,
  decideIssueSubscriberCode,
  decideRecordChild,
  decideRecordChildPhoto,
  decideRecordGuardian,
  decideRecordQuotient,
  decideRefuseFamilyChange,
  decideRequestFamilyChange,
  evolveFamily,
  initialFamilyState,
  type FamilyState,
} from './family.decider';
import {
  familyStream,
  type ChildDetails,
  type ErasureReason,
  type FamilyChange,
  type FamilyEvent,
  type FamilyQuotient,
  type GuardianChanges,
  type GuardianDetails,
} from './family.events';
import { FAMILIES, FAMILY_PHOTOS, SUBSCRIBER_CODES, type FamilyDocument, type FamilyPhotoDocument } from './families.projection';
import { assertNoProblems, checkBirthDate, type ChildChangesInput, type ChildInput, checkGuardian, describeChanges, normalizeChildChanges, normalizeGuardianChanges } from './family-file';
import { generateSubscriberCode } from './subscriber-code';
import { FAMILY_ACCOUNTS, type FamilyAccounts } from './family-accounts';

/** Post-erasure clean-up hooks other capabilities register (e.g. documents drop their files). */
export const FAMILY_ERASURE_HOOKS = Symbol('FAMILY_ERASURE_HOOKS');
/** Told the erased family and its commune (read models keep the family's documents per commune). */
export type FamilyErasureHook = (familyId: string, communeId: string) => Promise<void>;

/**
 * Writes to a family file: staff edit directly, a parent's change waits as a request, staff
 * decide; archive and erase. Every write: load → decide → append, then wait for the read models.
 */
@Injectable()
export class FamilyFileService {
  private readonly logger = new Logger('Familles');
  private readonly erasureHooks: FamilyErasureHook[] = [];

  constructor(
    private readonly streams: EventSourcedStreams,
    private readonly projections: ProjectionRunner,
    @Inject(FAMILY_ACCOUNTS) private readonly accounts: FamilyAccounts,
    private readonly outbox: MailOutbox,
    @Inject(KEY_STORE) private readonly keys: KeyStore,
    @Inject(READ_STORE) private readonly reads: ReadStore,
    @Inject(CLOCK) private readonly clock: Clock,
    /** The local mail catcher (no SMTP_URL): it keeps copies of the mails sent to the family. */
    @Optional() @Inject(MAIL_CATCHER) private readonly catcher: MailCatcher | null = null,
  ) {}

  /** Another capability's clean-up once a family is erased (its own files, caches…). */
  onErased(hook: FamilyErasureHook): void {
    this.erasureHooks.push(hook);
  }

  /** A family of this commune; another commune's id answers FAMILY_NOT_FOUND. */
  async family(communeId: string, familyId: string): Promise<FamilyDocument> {
    const family = await this.reads.inCommune(communeId).collection<FamilyDocument>(FAMILIES).get(familyId);
    if (!family) throw notFound('FAMILY_NOT_FOUND', 'Dossier famille introuvable.');
    return family;
  }

  async recordGuardian(user: SessionUser, familyId: string, guardianId: string | null, input: Omit<GuardianDetails, 'guardianId'>, requestId: string) {
    assertNoProblems(checkGuardian(input));
    const guardian = { ...normalizeGuardianChanges(input), guardianId: guardianId ?? idFromRequest(this.context(user, requestId), 'guardian') } as GuardianDetails;
    return this.decide(user, familyId, requestId, (s) => decideRecordGuardian({ guardian, adding: guardianId === null }, s));
  }

  /**
   * A photo a client names is one of this family's, in the caller's commune (a child's current
   * photo, or one sent and waiting); anything else — another commune's photo id above all, whose
   * file the erasure of this family would otherwise delete — answers PHOTO_NOT_FOUND.
   */
  async assertFamilyPhoto(communeId: string, familyId: string, photoId: string | null | undefined): Promise<void> {
    if (!photoId) return;
    const photo = await this.reads.inCommune(communeId).collection<FamilyPhotoDocument>(FAMILY_PHOTOS).get(photoId);
    if (!photo || photo.familyId !== familyId) throw notFound('PHOTO_NOT_FOUND', 'Photo introuvable.');
  }

  async recordChild(user: SessionUser, familyId: string, childId: string | null, input: ChildInput, requestId: string) {
    assertNoProblems(checkBirthDate(input.birthDate, this.today()));
    await this.assertFamilyPhoto(user.communeId, familyId, input.photoId);
    const ctx = this.context(user, requestId);
    const child = { ...normalizeChildChanges(input, idFromRequest(ctx, 'child-contacts')), childId: childId ?? idFromRequest(ctx, 'child') } as ChildDetails;
    return this.decide(user, familyId, requestId, (s) => decideRecordChild({ child, adding: childId === null }, s));
  }

  /** Staff set a child's photo directly (its blob is already stored). */
  recordChildPhoto(user: SessionUser, familyId: string, childId: string, photoId: string, requestId: string) {
    return this.decide(user, familyId, requestId, (s) => decideRecordChildPhoto({ childId, photoId }, s));
  }

  async recordQuotient(user: SessionUser, familyId: string, quotient: FamilyQuotient, requestId: string) {
    if (quotient.updatedOn > this.today()) {
      assertNoProblems([{ field: 'updatedOn', code: 'DATE_IN_FUTURE', message: 'La date du quotient familial ne peut pas être dans le futur.' }]);
    }
    return this.decide(user, familyId, requestId, (s) => decideRecordQuotient({ quotient }, s));
  }

  /** A parent's change: pending until staff accept or refuse it. */
  async requestChange(
    user: SessionUser,
    familyId: string,
    requestId: string,
    target: FamilyChange['target'],
    ids: { guardianId?: string; childId?: string },
    guardian: GuardianChanges | undefined,
    child: ChildChangesInput | undefined,
    /** The photo named was stored by this request (an upload), not named by the client. */
    options: { photoStored?: boolean } = {},
  ) {
    const family = await this.family(user.communeId, familyId);
    if (!options.photoStored) await this.assertFamilyPhoto(user.communeId, familyId, child?.photoId);
    const ctx = this.context(user, requestId);
    let change: FamilyChange;
    let summary: string[];
    if (target === 'guardian') {
      const current = family.guardians.find((g) => g.guardianId === ids.guardianId);
      if (!current || !guardian) throw notFound('GUARDIAN_NOT_FOUND', 'Responsable introuvable dans ce dossier.');
      assertNoProblems(checkGuardian(guardian, 'guardian'));
      const changes = normalizeGuardianChanges(guardian);
      change = { target, guardianId: current.guardianId, changes };
      summary = describeChanges(`${current.firstName} ${current.lastName}`, changes, 'guardian');
    } else if (target === 'child') {
      const current = family.children.find((c) => c.childId === ids.childId);
      if (!current || !child) throw notFound('CHILD_NOT_FOUND', 'Enfant introuvable dans ce dossier.');
      assertNoProblems(checkBirthDate(child.birthDate, this.today(), 'child.birthDate'));
      const changes = normalizeChildChanges(child, idFromRequest(ctx, 'child-contacts'));
      change = { target, childId: current.childId, changes };
      summary = describeChanges(current.firstName, changes, 'child');
    } else {
      if (!child?.firstName || !child.lastName || !child.birthDate) {
        assertNoProblems([{ field: 'child', code: 'CHILD_INCOMPLETE', message: 'Indiquez le prénom, le nom et la date de naissance du nouvel enfant.' }]);
      }
      assertNoProblems(checkBirthDate(child!.birthDate, this.today(), 'child.birthDate'));
      const changes = normalizeChildChanges(child!, idFromRequest(ctx, 'child-contacts')) as Omit<ChildDetails, 'childId'>;
      change = { target, childId: idFromRequest(ctx, 'child'), changes };
      summary = describeChanges(`Nouvel enfant ${changes.firstName}`, changes, 'child');
    }
    return this.decide(user, familyId, requestId, (s) => decideRequestFamilyChange({ requestId, change, summary }, s));
  }

  acceptChange(user: SessionUser, familyId: string, changeId: string, requestId: string) {
    return this.decide(user, familyId, requestId, (s) => decideAcceptFamilyChange({ requestId: changeId }, s));
  }

  refuseChange(user: SessionUser, familyId: string, changeId: string, reason: string, requestId: string) {
    return this.decide(user, familyId, requestId, (s) => decideRefuseFamilyChange({ requestId: changeId, reason: reason.trim() }, s));
  }

  /** A new code abonné; the previous one stops working at once. */
  async regenerateSubscriberCode(user: SessionUser, familyId: string, requestId: string): Promise<string> {
    const commune = await this.reads.collection<CommuneDocument>(COMMUNES).get(user.communeId);
    if (!commune) throw notFound('COMMUNE_NOT_FOUND', 'Commune inconnue.');
    // The prefix is this commune's alone, and the lookup is deployment-wide: no other commune holds the code.
    let code: string;
    do code = generateSubscriberCode(commune.subscriberCodePrefix);
    while (await this.reads.collection(SUBSCRIBER_CODES).get(code));
    const outcome = await this.decide(user, familyId, requestId, (s) => decideIssueSubscriberCode({ subscriberCode: code }, s));
    return outcome.state.subscriberCode ?? code;
  }

  archive(user: SessionUser, familyId: string, reason: string, requestId: string) {
    return this.decide(user, familyId, requestId, (s) => decideArchiveFamily({ reason: reason.trim() }, s));
  }

  /**
   * Right to be forgotten: the erasure event, then the family's and its accounts' keys destroyed
   * (every sealed copy in the event store becomes unreadable), the accounts closed, waiting mails
   * dropped, every read model told (they forget the family), and the embedded read store's file
   * rewritten so no deleted page keeps the old bytes. Safe to retry with the same request id.
   */
  async erase(user: SessionUser, familyId: string, reasonCode: ErasureReason, requestId: string): Promise<{ position: number }> {
    const addresses = await this.addressesOf(user.communeId, familyId);
    const outcome = await this.decide(user, familyId, requestId, (s) => decideEraseFamily({ reasonCode }, s), false);
    const erased = outcome.events.find((e) => e.type === 'FamilyErased');
    if (!erased || erased.type !== 'FamilyErased') return { position: outcome.position };
    const ctx = contextFor(user, this.clock.now(), requestId);
    const closed = await this.accounts.close(erased.data.accountIds, { ...ctx, causationId: requestId });
    await this.keys.destroy(familySubject(familyId));
    for (const accountId of erased.data.accountIds) await this.keys.destroy(accountSubject(accountId));
    await this.outbox.forgetSubject(user.communeId, familySubject(familyId));
    for (const accountId of erased.data.accountIds) await this.outbox.forgetSubject(user.communeId, accountSubject(accountId));
    // Every read model, the eventual ones too: each forgets the family before the file is scrubbed.
    await this.projections.waitFor(Math.max(outcome.position, closed), 30_000, this.projections.names);
    for (const hook of this.erasureHooks) await hook(familyId, user.communeId);
    const forgotten = this.catcher?.forget(addresses) ?? 0;
    if (forgotten) this.logger.log(`${forgotten} courriel(s) du collecteur local oublié(s)`);
    await this.reads.scrubDeletedDocuments();
    this.logger.log(`dossier ${familyId} effacé (${reasonCode})`);
    return { position: outcome.position };
  }

  /** Every address the portal may have written to for this family (read before the read models forget it). */
  private async addressesOf(communeId: string, familyId: string): Promise<string[]> {
    const family = await this.reads.inCommune(communeId).collection<FamilyDocument>(FAMILIES).get(familyId);
    if (!family) return [];
    const accounts = await this.accounts.ofFamily(communeId, familyId);
    const pending = (family.pendingChanges ?? []).flatMap((p) => (p.change.target === 'guardian' && p.change.changes.email ? [p.change.changes.email] : []));
    return [...family.guardians.map((g) => g.email), ...accounts.flatMap((a) => [a.email, a.pendingEmail ?? '']), ...pending].filter(Boolean);
  }

  private async decide(user: SessionUser, familyId: string, requestId: string, decide: (s: FamilyState) => FamilyEvent[], wait = true) {
    await this.family(user.communeId, familyId);
    const outcome = await this.streams.handle<FamilyState, FamilyEvent>(
      { streamId: familyStream(user.communeId, familyId), initialState: initialFamilyState, evolve: evolveFamily, decide },
      this.context(user, requestId),
    );
    if (wait) await this.projections.waitFor(outcome.position);
    return outcome;
  }

  private context(user: SessionUser, requestId: string): CommandContext {
    return contextFor(user, this.clock.now(), requestId);
  }

  private today(): string {
    return this.clock.now().slice(0, 10);
  }
}

export const newRequestId = () => newId();
