import { EventSourcedStreams, type CommandContext } from '@pf/event-sourcing';
import { REQUESTS, requestsProjection, type RequestDocument } from '@pf/requests';
import { HARNESS_COMMUNE, ProjectionHarness } from '@pf/testing';
import { ContactCommand, ContactHandler } from './contact.handlers';
import { contactRequestSteps } from './contact.requests';

const OTHER_COMMUNE = 'autre-commune';
const FAMILY = '6f1c2a9e-3b7d-5e4f-8a21-0c9d8e7f6a5b';
const CONTACT = '5d4c3b2a-1f0e-4d9c-8b7a-6f5e4d3c2b1a';

const ctx = (communeId: string, requestId: string, kind: 'guardian' | 'staff' = 'staff'): CommandContext => ({
  communeId,
  actor: { kind, id: `${kind}-${communeId}`, name: kind === 'staff' ? 'Agent' : 'Parent' },
  channel: kind === 'staff' ? 'back-office' : 'web',
  requestId,
  now: '2026-12-01T09:00:00.000Z',
});

describe('contact commands', () => {
  let h: ProjectionHarness;
  let handler: ContactHandler;
  beforeEach(async () => {
    h = await ProjectionHarness.start([requestsProjection([contactRequestSteps])]);
    handler = new ContactHandler(new EventSourcedStreams(h.events));
  });
  afterEach(() => h.stop());

  it('answers a conversation of the caller’s commune only: another commune naming it gets a 404 and the thread stays as it was', async () => {
    const sent = await handler.execute(new ContactCommand(CONTACT, FAMILY, { kind: 'send', topic: 'billing', text: 'Ma facture ?' }, ctx(HARNESS_COMMUNE, CONTACT, 'guardian')));
    await h.waitFor(sent.position);
    const before = await h.get<RequestDocument>(REQUESTS, CONTACT);
    expect(before).toMatchObject({ kind: 'contact', status: 'pending', messages: [{ from: 'family', text: 'Ma facture ?' }] });

    for (const action of [{ kind: 'answer', text: 'Réponse' }, { kind: 'follow_up', text: 'Encore moi' }] as const) {
      await expect(handler.execute(new ContactCommand(CONTACT, FAMILY, action, ctx(OTHER_COMMUNE, '0e1f2a3b-4c5d-4e6f-8a7b-9c0d1e2f3a4b')))).rejects.toMatchObject({
        code: 'CONTACT_NOT_FOUND',
      });
    }
    // A message of the other commune with the same id opens that commune's own conversation.
    const theirs = await handler.execute(new ContactCommand(CONTACT, FAMILY, { kind: 'send', topic: 'other', text: 'Bonjour' }, ctx(OTHER_COMMUNE, CONTACT, 'guardian')));
    await h.waitFor(theirs.position);

    expect(await h.get<RequestDocument>(REQUESTS, CONTACT)).toEqual(before);
    expect(await h.get<RequestDocument>(REQUESTS, CONTACT, OTHER_COMMUNE)).toMatchObject({ communeId: OTHER_COMMUNE, messages: [{ from: 'family', text: 'Bonjour' }] });
  });
});
