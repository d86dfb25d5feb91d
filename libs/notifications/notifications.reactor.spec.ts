import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteEventStore, type Actor } from '@pf/event-store';
import { MAIL_OUTBOX, MailOutbox, type MailToSend } from '@pf/mail';
import { ProjectionRunner } from '@pf/projections';
import { communeScoped, SqliteReadStore, type ReadStore } from '@pf/read-store';
import { communesProjection } from '@pf/communes';
import { contactRequestSteps } from '@pf/contact';
import { familiesProjection } from '@pf/families';
import type { RequestSteps } from '@pf/requests';
import { REQUESTS, requestsProjection } from '@pf/requests';
import { NotificationsReactor, REACTOR_CHECKPOINTS } from './notifications.reactor';

const RULES: Actor = { kind: 'rule', id: 'booking-rules', name: 'Règles de réservation' };
const steps: RequestSteps = {
  BookingAsked: (e) => [{ requestId: e.data.requestId, familyId: e.data.familyId, opened: { kind: 'reservation', description: 'Réservation Restaurant scolaire — Léa — jeudi 03/12/2026' }, label: 'Demande reçue' }],
  BookingRefused: (e) => [
    { requestId: e.data.requestId, familyId: e.data.familyId, status: 'refused', label: 'Réservation refusée', reason: { code: 'PAST_DEADLINE', text: 'Le délai de réservation est dépassé.' }, notifiesFamily: true },
  ],
};
const ALL_STEPS = [steps, contactRequestSteps];

describe('mails about requests', () => {
  let dir: string;
  let events: SqliteEventStore;
  let reads: ReadStore;
  let runner: ProjectionRunner;
  let reactor: NotificationsReactor;
  let outbox: MailOutbox;
  const queued: MailToSend[] = [];

  const append = async (type: string, data: unknown, actor: Actor = { kind: 'guardian', id: 'acc-claire', name: 'Claire Martin' }, communeId = 'shb') => {
    const id = randomUUID();
    const result = await events.append(`test-${communeId}.${id}`, [
      { id, type, data, metadata: { communeId, actor, channel: 'web', correlationId: id, causationId: id, occurredAt: '2026-12-01T08:00:00.000Z', schemaVersion: 1 } },
    ], 'any');
    await runner.waitFor(result.position);
    return result.position;
  };
  const settle = async () => {
    const head = await events.headPosition();
    for (let i = 0; i < 200 && reactor.checkpoint < head; i++) await new Promise((r) => setTimeout(r, 10));
  };
  const startReactor = async () => {
    reactor = new NotificationsReactor(events, reads, runner, { enqueue: async (m) => (await outbox.enqueue(m)) && (queued.push(m), true) }, ALL_STEPS, { link: (p) => `https://portail.example${p}` });
    await reactor.start();
  };

  beforeEach(async () => {
    queued.length = 0;
    dir = mkdtempSync(join(tmpdir(), 'pf-notifications-'));
    events = SqliteEventStore.open({ dataDir: dir, synchronous: 'NORMAL' });
    reads = communeScoped(await SqliteReadStore.open({ dataDir: dir }));
    runner = new ProjectionRunner(events, reads, [communesProjection, familiesProjection, requestsProjection(ALL_STEPS)]);
    await runner.start();
    outbox = new MailOutbox(reads);
    await outbox.init();
    await append('CommuneRegistered', { communeId: 'shb', name: 'Saint-Hilaire', timeZone: 'Europe/Paris', schoolZone: 'B', subscriberCodePrefix: 'SHB', serviceName: 'Service enfance de Saint-Hilaire', serviceEmail: 'enfance@example.fr' });
    await append('FamilyFileOpened', {
      familyId: 'f1',
      name: 'Famille MARTIN',
      guardians: [
        { guardianId: 'g1', civility: 'Mme', lastName: 'Martin', firstName: 'Claire', email: 'claire.martin@example.fr' },
        { guardianId: 'g2', civility: 'M', lastName: 'Martin', firstName: 'Paul', email: 'paul.martin@example.fr' },
      ],
      children: [{ childId: 'c1', firstName: 'Léa', lastName: 'Martin', birthDate: '2018-04-12' }],
    });
    await append('GuardianAccountLinked', { familyId: 'f1', guardianId: 'g1', accountId: 'acc-claire', subscriberCode: 'SHB-1' });
    await startReactor();
  });

  afterEach(async () => {
    await reactor.stop();
    await runner.stop();
    await reads.close();
    await events.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('sends the guardian with an account a receipt and then the refusal with its reason, in French', async () => {
    await append('BookingAsked', { requestId: 'r1', familyId: 'f1' });
    await append('BookingRefused', { requestId: 'r1', familyId: 'f1' }, RULES);
    await settle();
    expect(queued.map((m) => [m.to, m.subject])).toEqual([
      ['claire.martin@example.fr', 'Demande D-2026-000001 bien reçue'],
      ['claire.martin@example.fr', 'Demande D-2026-000001 refusée'],
    ]);
    expect(queued[0].text).toContain('Nous avons bien reçu votre demande D-2026-000001 du 01/12/2026 à 09h00 : Réservation Restaurant scolaire — Léa — jeudi 03/12/2026.');
    expect(queued[1].text).toContain('Motif : Le délai de réservation est dépassé.');
    // The link opens the request's page of the client (its route: /demandes/:requestId).
    expect(queued[1].text).toContain('https://portail.example/demandes/r1');
    expect(readFileSync(join(__dirname, '../../angular-client/src/app/app.routes.ts'), 'utf8')).toMatch(/path: 'demandes',[\s\S]*?path: ':requestId'/);
    expect(queued[1].dataSubject).toBe('family:f1');
    expect(queued.map((m) => m.communeId)).toEqual(['shb', 'shb']);
  });

  it('mails each commune’s own family when another commune reuses the same family and request ids', async () => {
    await append('BookingAsked', { requestId: 'r1', familyId: 'f1' });
    await settle();
    const other = { kind: 'guardian', id: 'acc-jean', name: 'Jean Durand' } as const;
    await append('CommuneRegistered', { communeId: 'autre', name: 'Autre', timeZone: 'Europe/Paris', schoolZone: 'A', subscriberCodePrefix: 'AUT', serviceName: 'Service enfance d’Autre', serviceEmail: 'enfance@autre.example.fr' }, other, 'autre');
    await append('FamilyFileOpened', {
      familyId: 'f1',
      name: 'Famille DURAND',
      guardians: [{ guardianId: 'g1', civility: 'M', lastName: 'Durand', firstName: 'Jean', email: 'jean.durand@example.fr' }],
      children: [{ childId: 'c1', firstName: 'Hugo', lastName: 'Durand', birthDate: '2019-02-03' }],
    }, other, 'autre');
    await append('GuardianAccountLinked', { familyId: 'f1', guardianId: 'g1', accountId: 'acc-jean', subscriberCode: 'AUT-1' }, other, 'autre');
    await append('BookingAsked', { requestId: 'r1', familyId: 'f1' }, other, 'autre');
    await append('BookingRefused', { requestId: 'r1', familyId: 'f1' }, RULES, 'autre');
    await settle();
    expect(queued.map((m) => [m.communeId, m.to, m.subject])).toEqual([
      ['shb', 'claire.martin@example.fr', 'Demande D-2026-000001 bien reçue'],
      ['autre', 'jean.durand@example.fr', 'Demande D-2026-000001 bien reçue'],
      ['autre', 'jean.durand@example.fr', 'Demande D-2026-000001 refusée'],
    ]);
    expect(queued[2].text).toContain('Service enfance d’Autre');
    // The first commune's request was not touched by the other's refusal.
    expect(await reads.inCommune('shb').collection(REQUESTS).get('r1')).toMatchObject({ status: 'pending', unread: false });
  });

  it('tells the parent when the service answered a message, with the answer', async () => {
    await append('ContactMessageSent', { requestId: 'r2', familyId: 'f1', topic: 'billing', text: 'Ma facture ?' });
    await append('ContactMessageAnswered', { requestId: 'r2', familyId: 'f1', text: 'Elle part demain.' }, { kind: 'staff', id: 'agent', name: 'Agent' });
    await settle();
    expect(queued.map((m) => m.subject)).toEqual(['Demande D-2026-000001 bien reçue', 'Réponse du service à votre message D-2026-000001']);
    expect(queued[1].text).toContain('« Elle part demain. »');
  });

  it('sends nothing more when the read models are rebuilt or the reactor replays from an older checkpoint', async () => {
    await append('BookingAsked', { requestId: 'r1', familyId: 'f1' });
    await append('BookingRefused', { requestId: 'r1', familyId: 'f1' }, RULES);
    await settle();
    expect(queued).toHaveLength(2);
    for (const name of runner.names) await runner.rebuild(name);
    await reactor.stop();
    await reads.unitOfWork((uow) => uow.collection(REACTOR_CHECKPOINTS).upsert({ _id: 'request-notifications', position: 0 }));
    await startReactor();
    await settle();
    expect(queued).toHaveLength(2);
    expect(await reads.collection(MAIL_OUTBOX).count({})).toBe(2);
  });

  it('does not mail the past when it first starts on a store with history', async () => {
    await reactor.stop();
    await reads.unitOfWork((uow) => uow.collection(REACTOR_CHECKPOINTS).delete('request-notifications'));
    await append('BookingAsked', { requestId: 'old', familyId: 'f1' });
    await startReactor();
    await append('BookingAsked', { requestId: 'new', familyId: 'f1' });
    await settle();
    expect(queued.map((m) => m.subject)).toEqual(['Demande D-2026-000002 bien reçue']);
  });
});
