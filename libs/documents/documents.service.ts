import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { notFound, type Clock } from '@pf/domain';
import { BLOB_STORE, type BlobStore } from '@pf/blob-store';
import { CLOCK, EventSourcedStreams, idFromRequest, READ_STORE, type DomainEvent, type StreamDecision } from '@pf/event-sourcing';
import { KEY_STORE, SealedFamilyFiles, type KeyStore } from '@pf/personal-data';
import { ProjectionRunner } from '@pf/projections';
import type { ReadStore } from '@pf/read-store';
import { contextFor } from '@pf/identity';
import type { SessionUser } from '@pf/identity';
import { FAMILIES, type FamilyDocument, FamilyFileService } from '@pf/families';
import { decideCertificateRefusal, evolveMonth, initialMonthState, activityMonthStream } from '@pf/reservations';
import { checkUploadedFile, type UploadedFile } from './content-type';
import { decideAccept, decidePublish, decideRefuse, decideUpload, decideWithdraw, evolveDocument, initialDocumentState, type DocumentState } from './document.decider';
import { documentStream, type CertifiedAbsence, type DocumentEvent, type DocumentKind, type StoredFile } from './document.events';
import { DOCUMENT_BLOBS, DOCUMENTS, type DocumentDocument } from './documents.projection';

export type { UploadedFile } from './content-type';

/**
 * Documents families send (checked by their content, sealed with the family's key in the blob
 * store) and documents staff publish for every family.
 */
@Injectable()
export class DocumentsService implements OnModuleInit {
  /** Families' files; the commune's published documents are public and stored in clear. */
  private readonly familyFiles: SealedFamilyFiles;

  constructor(
    private readonly streams: EventSourcedStreams,
    private readonly projections: ProjectionRunner,
    private readonly families: FamilyFileService,
    @Inject(BLOB_STORE) private readonly blobs: BlobStore,
    @Inject(KEY_STORE) keys: KeyStore,
    @Inject(READ_STORE) private readonly reads: ReadStore,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {
    this.familyFiles = new SealedFamilyFiles(blobs, keys);
  }

  onModuleInit(): void {
    // An erased family's files go too (their key is destroyed already: this is hygiene).
    this.families.onErased(async (familyId, communeId) => {
      for (const blob of await this.reads.inCommune(communeId).collection(DOCUMENT_BLOBS).find({ familyId })) await this.familyFiles.delete(blob._id);
    });
  }

  async upload(user: SessionUser, familyId: string, input: { requestId: string; kind: DocumentKind; childId?: string }, file: UploadedFile | undefined) {
    const stored = this.checkFile(file);
    const family = await this.reads.inCommune(user.communeId).collection<FamilyDocument>(FAMILIES).get(familyId);
    if (!family) throw notFound('FAMILY_NOT_FOUND', 'Dossier famille introuvable.');
    if (input.childId && !family.children.some((c) => c.childId === input.childId)) throw notFound('CHILD_NOT_FOUND', 'Enfant introuvable dans ce dossier.');
    const ctx = contextFor(user, this.clock.now(), input.requestId);
    // The blob store is the deployment's: the id carries the commune, so no commune can name another's file.
    const documentId = idFromRequest(ctx, 'document');
    await this.familyFiles.put(familyId, documentId, file!.buffer);
    const outcome = await this.streams.handle<DocumentState, DocumentEvent>(
      {
        streamId: documentStream(user.communeId, documentId),
        initialState: initialDocumentState,
        evolve: evolveDocument,
        decide: (s) => decideUpload({ documentId, familyId, kind: input.kind, childId: input.childId ?? null, ...stored }, s),
      },
      ctx,
    );
    await this.projections.waitFor(outcome.position);
    return this.describe((await this.documents(user.communeId).get(documentId))!);
  }

  async decide(user: SessionUser, familyId: string, documentId: string, requestId: string, refusal?: string) {
    const outcome = await this.decideOnly(user, familyId, documentId, requestId, refusal);
    await this.projections.waitFor(outcome.position);
    return this.describe((await this.documents(user.communeId).get(documentId))!);
  }

  /**
   * Accepts or refuses a family's document, without waiting for the read models. Refusing the
   * medical certificate of an absence also takes the justification off that absence (the day is
   * billed), in the same atomic append.
   */
  async decideOnly(user: SessionUser, familyId: string, documentId: string, requestId: string, refusal?: string): Promise<{ position: number }> {
    const ctx = contextFor(user, this.clock.now(), requestId);
    const document: StreamDecision<DocumentState, DocumentEvent> = {
      streamId: documentStream(user.communeId, documentId),
      initialState: initialDocumentState,
      evolve: evolveDocument,
      decide: (s) => (refusal === undefined ? decideAccept({ documentId, familyId }, s) : decideRefuse({ documentId, familyId, reason: refusal.trim() }, s)),
    };
    const absence = refusal === undefined ? undefined : (await this.streams.load(document.streamId, initialDocumentState, evolveDocument)).state.absence;
    if (!absence) return this.streams.handle(document, ctx);
    const certified = {
      streamId: activityMonthStream(user.communeId, absence.activityId, absence.day),
      initialState: initialMonthState,
      evolve: evolveMonth,
      decide: (state: typeof initialMonthState) =>
        decideCertificateRefusal({ absenceRequestId: absence.requestId, documentId, childId: absence.childId, activityId: absence.activityId, day: absence.day, reason: refusal!.trim() }, state),
    };
    return this.streams.handleMany([document, certified] as unknown as StreamDecision<unknown, DomainEvent>[], ctx);
  }

  /**
   * A medical certificate sent with an absence: checked like any document (`checkUploadedFile`
   * first), stored sealed with the family's key, and the decision recording it, for the caller to
   * append together with the absence.
   */
  async certificateDecision(
    communeId: string,
    familyId: string,
    documentId: string,
    childId: string,
    absence: CertifiedAbsence,
    file: UploadedFile,
    stored: StoredFile,
  ): Promise<StreamDecision<DocumentState, DocumentEvent>> {
    await this.familyFiles.put(familyId, documentId, file.buffer);
    return {
      streamId: documentStream(communeId, documentId),
      initialState: initialDocumentState,
      evolve: evolveDocument,
      decide: (s) => decideUpload({ documentId, familyId, kind: 'certificat_medical', childId, ...stored, absence }, s),
    };
  }

  async familyDocuments(communeId: string, familyId: string) {
    const docs = await this.documents(communeId).find({ familyId }, { sort: { uploadedAt: -1 } });
    return docs.map((d) => this.describe(d));
  }

  async familyContent(communeId: string, familyId: string, documentId: string): Promise<{ doc: DocumentDocument; bytes: Buffer }> {
    const doc = await this.documents(communeId).get(documentId);
    if (!doc || doc.familyId !== familyId) throw notFound('DOCUMENT_NOT_FOUND', 'Document introuvable.');
    const bytes = await this.familyFiles.open(familyId, documentId);
    if (!bytes) throw notFound('DOCUMENT_NOT_FOUND', 'Document introuvable.');
    return { doc, bytes };
  }

  async publish(user: SessionUser, input: { requestId: string; title: string }, file: UploadedFile | undefined) {
    const stored = this.checkFile(file);
    const ctx = contextFor(user, this.clock.now(), input.requestId);
    const documentId = idFromRequest(ctx, 'public-document');
    await this.blobs.put(documentId, file!.buffer);
    const outcome = await this.streams.handle<DocumentState, DocumentEvent>(
      { streamId: documentStream(user.communeId, documentId), initialState: initialDocumentState, evolve: evolveDocument, decide: (s) => decidePublish({ documentId, title: input.title.trim(), ...stored }, s) },
      ctx,
    );
    await this.projections.waitFor(outcome.position);
    return this.describe((await this.documents(user.communeId).get(documentId))!);
  }

  async withdraw(user: SessionUser, documentId: string, requestId: string) {
    const outcome = await this.streams.handle<DocumentState, DocumentEvent>(
      { streamId: documentStream(user.communeId, documentId), initialState: initialDocumentState, evolve: evolveDocument, decide: (s) => decideWithdraw({ documentId }, s) },
      contextFor(user, this.clock.now(), requestId),
    );
    await this.projections.waitFor(outcome.position);
  }

  async publicDocuments(communeId: string) {
    const docs = await this.documents(communeId).find({ status: 'published' }, { sort: { uploadedAt: -1 } });
    return docs.filter((d) => d.familyId === null).map((d) => this.describe(d));
  }

  async publicContent(communeId: string, documentId: string): Promise<{ doc: DocumentDocument; bytes: Buffer }> {
    const doc = await this.documents(communeId).get(documentId);
    const bytes = doc && doc.familyId === null && doc.status === 'published' ? await this.blobs.get(documentId) : null;
    if (!doc || !bytes) throw notFound('DOCUMENT_NOT_FOUND', 'Document introuvable.');
    return { doc, bytes };
  }

  private documents(communeId: string) {
    return this.reads.inCommune(communeId).collection<DocumentDocument>(DOCUMENTS);
  }

  private checkFile(file: UploadedFile | undefined): StoredFile {
    return checkUploadedFile(file);
  }

  private describe(d: DocumentDocument) {
    const { communeId: _c, ...rest } = d;
    return { documentId: d._id, ...rest };
  }
}
