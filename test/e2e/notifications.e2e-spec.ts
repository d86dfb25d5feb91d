import { rmSync } from 'node:fs';
import { FixedClock } from '@pf/domain';
import { ApiClient, requestId } from '../support/api-client';
import { startMailbox, type Mailbox } from '../support/mailbox';
import { openStoppedPortal } from '../support/offline-stores';
import { startPortal, type RunningPortal } from '../support/portal';

// Tuesday 1 December 2026, 08:30 in Paris: Thursday 3rd is bookable at the canteen, today is past its deadline.
const clock = new FixedClock('2026-12-01T07:30:00Z');
const CLAIRE = 'claire.martin@example.fr';

describe('mails about a request, over a real SMTP server', () => {
  let mailbox: Mailbox;
  let portal: RunningPortal;
  let dataDir: string;
  let martin: ApiClient;
  let familyId: string;
  let lea: string;
  let canteen: string;

  const start = async () => {
    portal = await startPortal({ clock, smtpUrl: mailbox.smtpUrl, dataDir });
    martin = new ApiClient(portal.baseUrl);
    familyId = (await martin.signIn(CLAIRE, 'Famille-2026')).body.familyId;
  };
  const book = (day: string, id = requestId()) => martin.post('/api/reservations', { requestId: id, childId: lea, activityId: canteen, day });
  const mailsTo = (address: string) => mailbox.received.filter((m) => m.to.includes(address));

  beforeAll(async () => {
    mailbox = await startMailbox();
    portal = await startPortal({ clock, smtpUrl: mailbox.smtpUrl, keepData: true });
    dataDir = portal.dataDir;
    martin = new ApiClient(portal.baseUrl);
    familyId = (await martin.signIn(CLAIRE, 'Famille-2026')).body.familyId;
    lea = (await martin.get(`/api/families/${familyId}`)).body.children[0].childId;
    canteen = (await martin.get('/api/activities')).body.items.find((a: any) => a.kind === 'canteen').activityId;
  });
  afterAll(async () => {
    await portal?.close();
    await mailbox?.close();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('sends the parent one mail on receipt and one with the decision, in French', async () => {
    const booking = await book('2026-12-03');
    expect(booking.body.status).toBe('accepted');
    const reference = (await martin.get(`/api/families/${familyId}/requests/${booking.body.requestId}`)).body.reference;
    const receipt = await mailbox.waitFor(CLAIRE, (m) => m.subject.includes(reference) && m.subject.includes('bien reçue'));
    expect(receipt.text).toContain(`Nous avons bien reçu votre demande ${reference} du 01/12/2026 à 08h30`);
    expect(receipt.text).toContain('jeudi 03/12/2026');
    const decision = await mailbox.waitFor(CLAIRE, (m) => m.subject === `Demande ${reference} acceptée`);
    expect(decision.text).toContain('Statut de la demande : Acceptée.');
    expect(decision.links.some((l) => l.endsWith(`/demandes/${booking.body.requestId}`))).toBe(true);
  });

  it('tells the reason of a refusal', async () => {
    const booking = await book('2026-12-01');
    expect(booking.body.status).toBe('refused');
    const reference = (await martin.get(`/api/families/${familyId}/requests/${booking.body.requestId}`)).body.reference;
    const refusal = await mailbox.waitFor(CLAIRE, (m) => m.subject === `Demande ${reference} refusée`);
    expect(refusal.text).toContain('Motif : Le délai de réservation est dépassé');
  });

  it('delays the mails while the mail server is down, and delivers them once it is back', async () => {
    mailbox.setFailing(true);
    const booking = await book('2026-12-04');
    const reference = (await martin.get(`/api/families/${familyId}/requests/${booking.body.requestId}`)).body.reference;
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(mailbox.received.filter((m) => m.subject.includes(reference))).toEqual([]);
    mailbox.setFailing(false);
    await mailbox.waitFor(CLAIRE, (m) => m.subject === `Demande ${reference} bien reçue`, 15_000);
    await mailbox.waitFor(CLAIRE, (m) => m.subject === `Demande ${reference} acceptée`, 15_000);
  });

  it('sends nothing more after every read model is rebuilt from the first event and the portal restarts', async () => {
    const before = mailsTo(CLAIRE).length;
    expect(before).toBeGreaterThanOrEqual(6);
    await portal.close();
    const stopped = await openStoppedPortal(dataDir);
    try {
      await stopped.rebuildAll();
    } finally {
      await stopped.close();
    }

    await start();
    // A new request after the restart is mailed as usual: the notifications went on from where they were.
    const booking = await book('2026-12-07');
    const reference = (await martin.get(`/api/families/${familyId}/requests/${booking.body.requestId}`)).body.reference;
    await mailbox.waitFor(CLAIRE, (m) => m.subject === `Demande ${reference} acceptée`);
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(mailsTo(CLAIRE).length).toBe(before + 2);
    expect(new Set(mailbox.received.map((m) => `${m.to}|${m.subject}`)).size).toBe(mailbox.received.length);
  });
});
