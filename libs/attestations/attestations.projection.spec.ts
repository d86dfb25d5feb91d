import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteEventStore } from '@pf/event-store';
import { PersonalDataEventStore, SqliteKeyStore } from '@pf/personal-data';
import { REQUESTS, requestsProjection, type RequestDocument } from '@pf/requests';
import { AGENT, HARNESS_COMMUNE, ProjectionHarness } from '@pf/testing';
import { attestationPersonalData } from './attestation.personal-data';
import { attestationRequestSteps } from './attestation.requests';
import { ATTESTATION_FILES, ATTESTATIONS, attestationsProjection, type AttestationDocument } from './attestations.projection';

const opened = {
  type: 'FamilyFileOpened',
  data: { familyId: 'f1', name: 'MARTIN', guardians: [], children: [{ childId: 'c1', firstName: 'Léa', lastName: 'Martin', birthDate: '2018-04-12' }] },
  actor: AGENT,
};
const requested = (over: Record<string, unknown> = {}) => ({
  type: 'AttestationRequested',
  data: { requestId: 'r1', familyId: 'f1', kind: 'presence', childId: 'c1', from: '2026-09-01', to: '2026-11-30', year: null, message: 'Pour le comité d’entreprise', ...over },
});
const issued = {
  type: 'AttestationIssued',
  data: { requestId: 'r1', familyId: 'f1', fileId: 'file-1', sha256: 'abc', size: 2048, issuedOn: '2026-12-02', summary: { days: 41, amountCents: null, enrolments: null } },
  actor: AGENT,
  channel: 'back-office' as const,
  at: '2026-12-02T09:00:00.000Z',
};

describe('an attestation request in « Mes demandes » and in the attestations read model', () => {
  let h: ProjectionHarness;
  beforeEach(async () => (h = await ProjectionHarness.start([requestsProjection([attestationRequestSteps]), attestationsProjection])));
  afterEach(() => h.stop());

  it('opens a request of kind certificate named after the child and the period, with the parent’s message, waiting for the service', async () => {
    await h.given(opened, requested());
    const doc = (await h.get<RequestDocument>(REQUESTS, 'r1'))!;
    expect(doc).toMatchObject({ kind: 'certificate', description: 'Attestation de présence — Léa — du 01/09/2026 au 30/11/2026', status: 'pending', childId: 'c1', firstDay: '2026-09-01', lastDay: '2026-11-30' });
    expect(doc.messages.map((m) => [m.from, m.text])).toEqual([['family', 'Pour le comité d’entreprise']]);
    expect(await h.get<AttestationDocument>(ATTESTATIONS, 'r1')).toMatchObject({ status: 'pending', kind: 'presence', familyId: 'f1', message: 'Pour le comité d’entreprise', fileId: null });
  });

  it('names a payment request after its year and the whole family, without a message thread when none was written', async () => {
    await h.given(opened, requested({ kind: 'payment', childId: null, from: null, to: null, year: 2025, message: '' }));
    const doc = (await h.get<RequestDocument>(REQUESTS, 'r1'))!;
    expect(doc).toMatchObject({ description: 'Attestation de paiement — toute la famille — année 2025', firstDay: null, lastDay: null, messages: [] });
  });

  it('turns accepted and unread once issued, and keeps which family the PDF belongs to', async () => {
    await h.given(opened, requested(), issued);
    expect(await h.get<RequestDocument>(REQUESTS, 'r1')).toMatchObject({ status: 'accepted', unread: true });
    expect((await h.get<RequestDocument>(REQUESTS, 'r1'))!.timeline.map((t) => t.label)).toEqual(['Demande d’attestation reçue', 'Attestation émise : elle se télécharge depuis la demande']);
    expect(await h.get<AttestationDocument>(ATTESTATIONS, 'r1')).toMatchObject({ status: 'issued', fileId: 'file-1', issuedOn: '2026-12-02', summary: { days: 41 } });
    expect(await h.find(ATTESTATION_FILES)).toEqual([{ _id: 'file-1', communeId: HARNESS_COMMUNE, familyId: 'f1', attestationId: 'r1' }]);
  });

  it('shows a refusal with the service’s message as its reason', async () => {
    await h.given(opened, requested(), { type: 'AttestationRefused', data: { requestId: 'r1', familyId: 'f1', reason: 'Aucun pointage sur la période.' }, actor: AGENT });
    expect(await h.get<RequestDocument>(REQUESTS, 'r1')).toMatchObject({ status: 'refused', reasonCode: 'REFUSED_BY_STAFF', reasonText: 'Aucun pointage sur la période.', unread: true });
    expect(await h.get<AttestationDocument>(ATTESTATIONS, 'r1')).toMatchObject({ status: 'refused', reason: 'Aucun pointage sur la période.' });
  });

  it('forgets an erased family’s attestations but keeps the ids of its files, so they can be deleted', async () => {
    await h.given(opened, requested(), issued, { type: 'FamilyErased', data: { familyId: 'f1', childIds: ['c1'] }, actor: AGENT });
    expect(await h.find(ATTESTATIONS)).toEqual([]);
    expect(await h.find(ATTESTATION_FILES)).toHaveLength(1);
  });

  it('gives the same documents when rebuilt from the first event', async () => {
    await h.given(opened, requested(), issued);
    const live = await h.snapshot([ATTESTATIONS, ATTESTATION_FILES]);
    await h.rebuild('attestations');
    expect(await h.snapshot([ATTESTATIONS, ATTESTATION_FILES])).toBe(live);
  });
});

describe('an attestation request in the event store', () => {
  it('keeps the parent’s message and the refusal sealed with the family’s key, blank once the family is erased', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pf-attestation-pd-'));
    const keys = SqliteKeyStore.open(dir, { keyEncryptionKey: randomBytes(32) });
    const inner = SqliteEventStore.open({ dataDir: dir, synchronous: 'NORMAL' });
    const store = new PersonalDataEventStore(inner, keys, attestationPersonalData);
    const meta = { communeId: 'shb', actor: { kind: 'guardian' as const, id: 'a1' }, correlationId: 'c', causationId: 'c', occurredAt: '2026-12-01T08:00:00.000Z', schemaVersion: 1 };
    try {
      const ask = { requestId: 'r1', familyId: 'f1', kind: 'presence', childId: 'c1', from: '2026-09-01', to: '2026-11-30', year: null, message: 'Pour l’employeur de Zéphyrine Quintavalle' };
      const refusal = { requestId: 'r1', familyId: 'f1', reason: 'Quintavalle : aucun pointage' };
      await store.append('attestation-shb.r1', [
        { id: '00000000-0000-4000-8000-000000000001', type: 'AttestationRequested', data: ask, metadata: meta },
        { id: '00000000-0000-4000-8000-000000000002', type: 'AttestationRefused', data: refusal, metadata: meta },
      ], 'no_stream');
      expect(JSON.stringify(await inner.readStream('attestation-shb.r1'))).not.toContain('Quintavalle');
      expect((await store.readStream('attestation-shb.r1')).map((e) => e.data)).toEqual([ask, refusal]);
      await keys.destroy('family:f1');
      expect((await store.readStream('attestation-shb.r1')).map((e) => e.data)).toEqual([{ ...ask, message: '' }, { ...refusal, reason: '' }]);
    } finally {
      await store.close();
      await keys.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
