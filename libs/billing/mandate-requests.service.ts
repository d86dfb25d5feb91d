import { Inject, Injectable, Optional } from '@nestjs/common';
import { invalid, notFound } from '@pf/domain';
import { EventSourcedStreams, READ_STORE, idFromRequest, type CommandContext } from '@pf/event-sourcing';
import { MailOutbox, PortalLinks, frenchMail } from '@pf/mail';
import type { ReadStore } from '@pf/read-store';
import { COMMUNES, type CommuneDocument } from '@pf/communes';
import { FAMILIES, type FamilyDocument } from '@pf/families';
import { billingSettings, parisToday } from './billing-run';
import { familyAccountStream } from './billing.events';
import { BILLING_MANDATE_REQUESTS, type MandateRequestDocument } from './billing.projection';
import {
  decideAcceptMandateOnline,
  decideRefuseMandateRequest,
  decideRequestMandate,
  decideValidateMandateRequest,
  evolveAccount,
  initialAccountState,
  type AccountState,
} from './family-account.decider';
import { bicProblems, ibanProblems, normaliseIban } from './sepa/iban';

type Ctx = CommandContext & { requestId: string };

/** RUM (référence unique du mandat): at most 35 characters, stable for a request. */
export const rumFor = (ctx: Ctx) => `RUM-${idFromRequest(ctx, 'mandate').replace(/-/g, '').slice(0, 20).toUpperCase()}`;

export const MANDATE_REQUEST_STATUS_LABELS: Record<MandateRequestDocument['status'], string> = {
  to_sign: 'À signer',
  signed_online: 'Signé en ligne — en attente de validation par le service',
  validated: 'Validé — le prélèvement est en place',
  refused: 'Refusé par le service',
  withdrawn: 'Remplacé par une nouvelle demande',
};

/**
 * A parent sets up direct debit (L'Hermitage's « QF & prélèvement »): the account and its holder
 * (IBAN checked), the mandate read and signed online or printed to sign, then the service's
 * validation, after which the family's invoices are debited. Everything happens on the family's
 * account stream, so a mandate request and the mandate in force are decided together.
 */
@Injectable()
export class MandateRequests {
  constructor(
    private readonly streams: EventSourcedStreams,
    @Inject(READ_STORE) private readonly reads: ReadStore,
    @Optional() private readonly outbox?: MailOutbox,
    @Optional() private readonly links?: PortalLinks,
  ) {}

  private handle(familyId: string, ctx: Ctx, decide: (state: AccountState) => ReturnType<typeof decideRequestMandate>) {
    return this.streams.handle({ streamId: familyAccountStream(ctx.communeId, familyId), initialState: initialAccountState, evolve: evolveAccount, decide }, ctx);
  }

  async request(familyId: string, input: { holderName: string; iban: string; bic: string | null }, ctx: Ctx) {
    const settings = await billingSettings(this.reads, ctx.communeId);
    if (!settings.sepaCreditor) throw invalid('SEPA_NOT_CONFIGURED', 'La commune ne propose pas encore le prélèvement automatique.');
    const problems = [...ibanProblems(input.iban, 'iban'), ...(input.bic ? bicProblems(input.bic, 'bic') : [])];
    if (problems.length) throw invalid('VALIDATION_FAILED', problems[0].message, problems);
    const mandateRequestId = idFromRequest(ctx, 'mandate-request');
    const outcome = await this.handle(familyId, ctx, (state) =>
      decideRequestMandate(state, {
        familyId,
        mandateRequestId,
        mandateId: rumFor(ctx),
        holderName: input.holderName.trim().replace(/\s+/g, ' '),
        iban: normaliseIban(input.iban),
        bic: input.bic ? input.bic.toUpperCase() : null,
        requestedOn: parisToday(ctx.now),
      }),
    );
    return { ...outcome, mandateRequestId };
  }

  accept(familyId: string, mandateRequestId: string, ctx: Ctx) {
    return this.handle(familyId, ctx, (state) => decideAcceptMandateOnline(state, { familyId, mandateRequestId, acceptedOn: parisToday(ctx.now) }));
  }

  async validate(familyId: string, mandateRequestId: string, paperSignedOn: string | null, ctx: Ctx) {
    const outcome = await this.handle(familyId, ctx, (state) => decideValidateMandateRequest(state, { familyId, mandateRequestId, paperSignedOn, today: parisToday(ctx.now) }));
    if (!outcome.replayed && outcome.events.length) await this.tellFamily(familyId, mandateRequestId, 'validated', null, ctx);
    return outcome;
  }

  async refuse(familyId: string, mandateRequestId: string, reason: string, ctx: Ctx) {
    const outcome = await this.handle(familyId, ctx, (state) => decideRefuseMandateRequest(state, { familyId, mandateRequestId, reason }));
    if (!outcome.replayed && outcome.events.length) await this.tellFamily(familyId, mandateRequestId, 'refused', reason, ctx);
    return outcome;
  }

  /** A request of the caller's commune and of this family, or 404. */
  async find(familyId: string, mandateRequestId: string, communeId: string): Promise<MandateRequestDocument> {
    const request = await this.reads.inCommune(communeId).collection<MandateRequestDocument>(BILLING_MANDATE_REQUESTS).get(mandateRequestId);
    if (!request || request.familyId !== familyId) throw notFound('MANDATE_REQUEST_NOT_FOUND', 'Demande de prélèvement introuvable.');
    return request;
  }

  /** The decision by mail to the guardians who have an account; the outbox sends each mail once. */
  private async tellFamily(familyId: string, mandateRequestId: string, decision: 'validated' | 'refused', reason: string | null, ctx: Ctx): Promise<void> {
    if (!this.outbox) return;
    const [family, commune] = await Promise.all([
      this.reads.inCommune(ctx.communeId).collection<FamilyDocument>(FAMILIES).get(familyId),
      this.reads.collection<CommuneDocument>(COMMUNES).get(ctx.communeId),
    ]);
    for (const g of family?.guardians ?? []) {
      if (!g.accountId || !g.email) continue;
      const mail = frenchMail({
        greeting: `Bonjour ${`${g.firstName} ${g.lastName}`.trim()},`,
        paragraphs:
          decision === 'validated'
            ? ['Le service a validé votre mandat de prélèvement SEPA : vos prochaines factures seront prélevées sur votre compte à la date indiquée sur chacune d’elles.']
            : [`Le service n’a pas pu valider votre demande de prélèvement automatique.`, `Motif : ${reason}`, 'Vous pouvez faire une nouvelle demande depuis le Portail Famille.'],
        action: this.links ? { label: 'Voir mon prélèvement automatique', url: this.links.url('/factures/prelevement') } : undefined,
        signature: commune?.serviceName ?? 'Le Portail Famille',
      });
      await this.outbox.enqueue({
        communeId: ctx.communeId,
        dedupeKey: `mandate-request:${mandateRequestId}:${decision}:${g.guardianId}`,
        to: g.email,
        subject: decision === 'validated' ? 'Votre prélèvement automatique est en place' : 'Votre demande de prélèvement automatique',
        ...mail,
        dataSubject: `family:${familyId}`,
      });
    }
  }
}
