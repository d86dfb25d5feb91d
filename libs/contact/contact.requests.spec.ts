import { REQUESTS, requestsProjection, type RequestDocument } from '@pf/requests';
import { AGENT, ProjectionHarness } from '@pf/testing';
import { contactRequestSteps } from './contact.requests';

describe('a contact message in "Mes demandes"', () => {
  let h: ProjectionHarness;
  beforeEach(async () => (h = await ProjectionHarness.start([requestsProjection([contactRequestSteps])])));
  afterEach(() => h.stop());

  it('is a request whose thread holds the parent’s message and the service’s answer, unread until read', async () => {
    await h.given(
      { type: 'ContactMessageSent', data: { requestId: 'r1', familyId: 'f1', topic: 'billing', text: 'Ma facture ?' } },
      { type: 'ContactMessageAnswered', data: { requestId: 'r1', familyId: 'f1', text: 'Elle part demain.' }, actor: AGENT, channel: 'back-office', at: '2026-12-02T09:00:00.000Z' },
    );
    const doc = (await h.get<RequestDocument>(REQUESTS, 'r1'))!;
    expect(doc).toMatchObject({ kind: 'contact', description: 'Message au service — Facturation et paiement', status: 'answered', unread: true });
    expect(doc.messages.map(({ from, text, authorName }) => ({ from, text, authorName }))).toEqual([
      { from: 'family', text: 'Ma facture ?', authorName: 'Claire Martin' },
      { from: 'staff', text: 'Elle part demain.', authorName: 'Agent Enfance' },
    ]);
    expect(doc.timeline.map((t) => t.label)).toEqual(['Message envoyé au service', 'Réponse du service']);
  });

  it('waits for the service again when the parent writes back', async () => {
    await h.given(
      { type: 'ContactMessageSent', data: { requestId: 'r1', familyId: 'f1', topic: 'other', text: 'Question' } },
      { type: 'ContactMessageAnswered', data: { requestId: 'r1', familyId: 'f1', text: 'Réponse' }, actor: AGENT },
      { type: 'ContactMessageFollowedUp', data: { requestId: 'r1', familyId: 'f1', text: 'Merci, et pour mars ?' } },
    );
    expect((await h.get<RequestDocument>(REQUESTS, 'r1'))!.status).toBe('pending');
  });
});
