import { createHash } from 'node:crypto';
import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { newId, notFound, type Clock } from '@pf/domain';
import { BLOB_STORE, type BlobStore } from '@pf/blob-store';
import { CLOCK, EventSourcedStreams, READ_STORE } from '@pf/event-sourcing';
import { KEY_STORE, SealedFamilyFiles, type KeyStore } from '@pf/personal-data';
import { ProjectionRunner } from '@pf/projections';
import type { ReadStore } from '@pf/read-store';
import { contextFor } from '@pf/identity';
import type { SessionUser } from '@pf/identity';
import { ACTIVITIES, type ActivityDocument } from '@pf/activities';
import { pdfParties, BILLING_DOCUMENTS, BILLING_PAYMENTS, type BillingDocument, type PaymentDocument, METHOD_LABELS, parisToday, euros } from '@pf/billing';
import { ENROLMENTS, type EnrolmentDocument } from '@pf/enrolments';
import { type FamilyDocument, FamilyFileService } from '@pf/families';
import { PLANNING, type PlanningDocument } from '@pf/reservations';
import type { RequestDocument } from '@pf/requests';
import { attestationPdf } from './attestation-pdf';
import { attestationStatement, type AttestationStatement, type StatementFacts } from './attestation-statement';
import { decideIssueAttestation, decideRefuseAttestation, decideRequestAttestation, evolveAttestation, initialAttestationState, type AttestationState } from './attestation.decider';
import { ATTESTATION_KIND_LABELS, attestationStream, type AttestationEvent, type AttestationKind, type AttestationSummary } from './attestation.events';
import { ATTESTATION_FILES, ATTESTATIONS, type AttestationDocument } from './attestations.projection';

export interface AttestationRequestInput {
  requestId: string;
  kind: AttestationKind;
  childId?: string;
  from?: string;
  to?: string;
  year?: number;
  message?: string;
}

export const ATTESTATION_STATUS_LABELS: Record<AttestationDocument['status'], string> = {
  pending: 'En cours',
  issued: 'Émise',
  refused: 'Refusée',
};

/** What the PDF states in one sentence: « 12 jours de présence », « 1 234,50 € réglés en 2026 », « 2 inscriptions en cours ». */
export function summaryText(kind: AttestationKind, summary: AttestationSummary, year: number | null): string {
  if (kind === 'presence') return `${summary.days ?? 0} jour${(summary.days ?? 0) > 1 ? 's' : ''} de présence`;
  if (kind === 'payment') return `${euros(summary.amountCents ?? 0)} réglés en ${year}`;
  const n = summary.enrolments ?? 0;
  return n === 0 ? 'aucune inscription en cours' : n === 1 ? '1 inscription en cours' : `${n} inscriptions en cours`;
}

/**
 * Attestations: a parent asks, staff issue (the portal writes the PDF from the facts it holds and
 * keeps it sealed with the family's key in the blob store) or refuse with a message.
 */
@Injectable()
export class AttestationsService implements OnModuleInit {
  private readonly files: SealedFamilyFiles;

  constructor(
    private readonly streams: EventSourcedStreams,
    private readonly projections: ProjectionRunner,
    private readonly families: FamilyFileService,
    @Inject(BLOB_STORE) blobs: BlobStore,
    @Inject(KEY_STORE) keys: KeyStore,
    @Inject(READ_STORE) private readonly reads: ReadStore,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {
    this.files = new SealedFamilyFiles(blobs, keys);
  }

  onModuleInit(): void {
    // An erased family's PDFs go too (its key is destroyed already: this is hygiene).
    this.families.onErased(async (familyId, communeId) => {
      for (const file of await this.reads.inCommune(communeId).collection(ATTESTATION_FILES).find({ familyId })) await this.files.delete(file._id);
    });
  }

  async request(user: SessionUser, family: FamilyDocument, input: AttestationRequestInput) {
    if (input.childId && !family.children.some((c) => c.childId === input.childId)) throw notFound('CHILD_NOT_FOUND', 'Enfant introuvable dans ce dossier.');
    const now = this.clock.now();
    const outcome = await this.streams.handle<AttestationState, AttestationEvent>(
      {
        streamId: attestationStream(user.communeId, input.requestId),
        initialState: initialAttestationState,
        evolve: evolveAttestation,
        decide: (s) =>
          decideRequestAttestation(
            { requestId: input.requestId, familyId: family._id, kind: input.kind, childId: input.childId ?? null, from: input.from, to: input.to, year: input.year, message: input.message },
            s,
            parisToday(now),
          ),
      },
      contextFor(user, now, input.requestId),
    );
    await this.projections.waitFor(outcome.position);
    return this.view(user.communeId, family._id, input.requestId);
  }

  async list(communeId: string, familyId: string) {
    const docs = await this.reads.inCommune(communeId).collection<AttestationDocument>(ATTESTATIONS).find({ familyId }, { sort: { requestedAt: -1 } });
    const references = await this.references(communeId, docs.map((d) => d._id));
    return docs.map((d) => this.describe(d, references.get(d._id) ?? ''));
  }

  async view(communeId: string, familyId: string, attestationId: string) {
    const doc = await this.attestation(communeId, familyId, attestationId);
    return this.describe(doc, (await this.references(communeId, [doc._id])).get(doc._id) ?? '');
  }

  /** What the PDF would state if issued now (staff check it before issuing). */
  async preview(communeId: string, family: FamilyDocument, attestationId: string) {
    const doc = await this.attestation(communeId, family._id, attestationId);
    const statement = await this.statement(communeId, family, doc, parisToday(this.clock.now()));
    return { statement, summaryText: summaryText(doc.kind, statement.summary, doc.year) };
  }

  async issue(user: SessionUser, family: FamilyDocument, attestationId: string, requestId: string) {
    const doc = await this.attestation(user.communeId, family._id, attestationId);
    const now = this.clock.now();
    const issuedOn = parisToday(now);
    const statement = await this.statement(user.communeId, family, doc, issuedOn);
    const [parties, reference] = await Promise.all([pdfParties(this.reads, user.communeId, family), this.references(user.communeId, [doc._id])]);
    const pdf = await attestationPdf({ issuer: parties.issuer, family: parties.family, statement, reference: reference.get(doc._id) ?? '', methodLabels: METHOD_LABELS });
    // A file per attempt: the event names the one it was decided with; any other is removed.
    const fileId = newId();
    await this.files.put(family._id, fileId, pdf);
    let outcome;
    try {
      outcome = await this.streams.handle<AttestationState, AttestationEvent>(
        {
          streamId: attestationStream(user.communeId, attestationId),
          initialState: initialAttestationState,
          evolve: evolveAttestation,
          decide: (s) =>
            decideIssueAttestation(
              { requestId: attestationId, familyId: family._id, fileId, sha256: createHash('sha256').update(pdf).digest('hex'), size: pdf.length, issuedOn, summary: statement.summary },
              s,
            ),
        },
        contextFor(user, now, requestId),
      );
    } catch (error) {
      await this.files.delete(fileId);
      throw error;
    }
    if (outcome.replayed) await this.files.delete(fileId);
    await this.projections.waitFor(outcome.position);
    return this.view(user.communeId, family._id, attestationId);
  }

  async refuse(user: SessionUser, familyId: string, attestationId: string, requestId: string, reason: string) {
    await this.attestation(user.communeId, familyId, attestationId);
    const outcome = await this.streams.handle<AttestationState, AttestationEvent>(
      {
        streamId: attestationStream(user.communeId, attestationId),
        initialState: initialAttestationState,
        evolve: evolveAttestation,
        decide: (s) => decideRefuseAttestation({ requestId: attestationId, familyId, reason }, s),
      },
      contextFor(user, this.clock.now(), requestId),
    );
    await this.projections.waitFor(outcome.position);
    return this.view(user.communeId, familyId, attestationId);
  }

  /** The issued PDF, opened with the family's key. */
  async pdf(communeId: string, familyId: string, attestationId: string): Promise<{ bytes: Buffer; fileName: string }> {
    const doc = await this.attestation(communeId, familyId, attestationId);
    const bytes = doc.status === 'issued' && doc.fileId ? await this.files.open(familyId, doc.fileId) : null;
    if (!bytes) throw notFound('ATTESTATION_FILE_NOT_FOUND', 'Cette attestation n’a pas encore été émise.');
    const reference = (await this.references(communeId, [doc._id])).get(doc._id) ?? doc._id;
    return { bytes, fileName: `attestation-${doc.kind === 'enrolment' ? 'inscription' : doc.kind === 'payment' ? 'paiement' : 'presence'}-${reference}.pdf` };
  }

  /** The family's attestation in the caller's commune, or 404. */
  private async attestation(communeId: string, familyId: string, attestationId: string): Promise<AttestationDocument> {
    const doc = await this.reads.inCommune(communeId).collection<AttestationDocument>(ATTESTATIONS).get(attestationId);
    if (!doc || doc.familyId !== familyId) throw notFound('ATTESTATION_NOT_FOUND', 'Demande d’attestation introuvable.');
    return doc;
  }

  private async references(communeId: string, ids: string[]): Promise<Map<string, string>> {
    if (ids.length === 0) return new Map();
    // The requests read model by its name: a value import of @pf/requests would close a cycle (requests composes attestations).
    const docs = await this.reads.inCommune(communeId).collection<RequestDocument>('requests').find({ _id: { $in: ids } });
    return new Map(docs.map((d) => [d._id, d.reference]));
  }

  private async statement(communeId: string, family: FamilyDocument, doc: AttestationDocument, asOf: string): Promise<AttestationStatement> {
    const reads = this.reads.inCommune(communeId);
    const [activities, planning, payments, invoices, enrolments] = await Promise.all([
      reads.collection<ActivityDocument>(ACTIVITIES).find(),
      doc.kind === 'presence' ? reads.collection<PlanningDocument>(PLANNING).find({ familyId: family._id, day: { $gte: doc.from!, $lte: doc.to! } }) : Promise.resolve([]),
      doc.kind === 'payment' ? reads.collection<PaymentDocument>(BILLING_PAYMENTS).find({ familyId: family._id }) : Promise.resolve([]),
      doc.kind === 'payment' ? reads.collection<BillingDocument>(BILLING_DOCUMENTS).find({ familyId: family._id }) : Promise.resolve([]),
      doc.kind === 'enrolment' ? reads.collection<EnrolmentDocument>(ENROLMENTS).find({ familyId: family._id }) : Promise.resolve([]),
    ]);
    const facts: StatementFacts = {
      children: family.children.map((c) => ({ childId: c.childId, firstName: c.firstName, lastName: c.lastName, birthDate: c.birthDate })),
      activities: activities.map((a) => ({ activityId: a._id, name: a.name, periods: a.periods ?? [] })),
      planning,
      payments,
      invoices,
      enrolments,
    };
    return attestationStatement(doc, facts, asOf);
  }

  private describe(d: AttestationDocument, reference: string) {
    return {
      attestationId: d._id,
      reference,
      kind: d.kind,
      kindLabel: ATTESTATION_KIND_LABELS[d.kind],
      childId: d.childId,
      from: d.from,
      to: d.to,
      year: d.year,
      message: d.message || null,
      status: d.status,
      statusLabel: ATTESTATION_STATUS_LABELS[d.status],
      requestedAt: d.requestedAt,
      decidedAt: d.decidedAt,
      reason: d.reason,
      issuedOn: d.issuedOn,
      size: d.size,
      summary: d.summary,
      summaryText: d.summary ? summaryText(d.kind, d.summary, d.year) : null,
      pdfUrl: d.status === 'issued' ? `/api/families/${d.familyId}/attestations/${d._id}/pdf` : null,
    };
  }
}
