import { AGENT, PARENT, ProjectionHarness, RULES } from '../requests/testing/projection-harness';
import { AUDIT_INDEX, AUDIT_LINKS, auditProjection, subjectsNamedIn, type AuditEntry, type AuditSubjectKind } from './audit.projection';
import { AuditQuery } from './audit.query';

describe('subjects named in an event', () => {
  it('are found by their id fields, nested objects and lists included', () => {
    expect(
      [...subjectsNamedIn({ familyId: 'f1', children: [{ childId: 'c1' }, { childId: 'c2' }], seen: [{ requestId: 'r1' }], invoiceIds: ['i1'], periodId: 'p' })].sort(),
    ).toEqual(['child:c1', 'child:c2', 'family:f1', 'invoice:i1', 'request:r1']);
  });
});

describe('the audit index', () => {
  let h: ProjectionHarness;
  beforeEach(async () => (h = await ProjectionHarness.start([auditProjection])));
  afterEach(() => h.stop());

  /** A subject's history as the audit screen asks for it. */
  const history = async (subject: string) => {
    const [kind, id] = subject.split(':');
    const filter = await new AuditQuery(h.reads, h.events).subjectFilter('saint-hilaire', kind as AuditSubjectKind, id);
    return (await h.find<AuditEntry>(AUDIT_INDEX, filter, { sort: { position: 1 } })).map((e) => e.type);
  };

  it('files every event under each family, child, request or invoice it names, whatever its type', async () => {
    await h.given(
      { type: 'FamilyFileOpened', data: { familyId: 'f1', name: 'Famille MARTIN', children: [{ childId: 'c1' }] }, actor: AGENT, channel: 'back-office' },
      { type: 'ReservationRequested', data: { requestId: 'r1', familyId: 'f1', childId: 'c1', activityId: 'a1', day: '2026-12-03' } },
      { type: 'ReservationAccepted', data: { requestId: 'r1', familyId: 'f1', childId: 'c1', activityId: 'a1', day: '2026-12-03' }, actor: RULES },
      { type: 'SomeFutureBillingFact', data: { invoiceId: 'i1', familyId: 'f1' }, actor: AGENT },
      { type: 'CommuneRegistered', data: { communeId: 'saint-hilaire' }, actor: AGENT },
    );
    expect(await history('family:f1')).toEqual(['FamilyFileOpened', 'ReservationRequested', 'ReservationAccepted', 'SomeFutureBillingFact']);
    expect(await history('child:c1')).toEqual(['FamilyFileOpened', 'ReservationRequested', 'ReservationAccepted']);
    expect(await history('request:r1')).toEqual(['ReservationRequested', 'ReservationAccepted']);
    expect(await history('invoice:i1')).toEqual(['SomeFutureBillingFact']);
  });

  it('counts an event naming two children once in the family’s history and once in each child’s', async () => {
    await h.given({ type: 'FamilyFileOpened', data: { familyId: 'f1', children: [{ childId: 'c1' }, { childId: 'c2' }] }, actor: AGENT });
    expect(await history('family:f1')).toEqual(['FamilyFileOpened']);
    expect(await history('child:c1')).toEqual(['FamilyFileOpened']);
    expect(await history('child:c2')).toEqual(['FamilyFileOpened']);
    expect(await history('news:n1')).toEqual([]);
  });

  it('finds a child’s and a request’s history among their family’s entries, through its index, and one whose family is never named too', async () => {
    await h.given(
      { type: 'SomethingAboutTheChildOnly', data: { childId: 'c1' }, actor: AGENT },
      { type: 'FamilyFileOpened', data: { familyId: 'f1', children: [{ childId: 'c1' }, { childId: 'c2' }] }, actor: AGENT },
      { type: 'ReservationRequested', data: { requestId: 'r1', familyId: 'f1', childId: 'c2' } },
      { type: 'SomethingAboutTheChildOnly', data: { childId: 'c2' }, actor: AGENT },
      { type: 'SomethingAboutAnOrphan', data: { childId: 'c9', requestId: 'r9' }, actor: AGENT },
    );
    // c1 was named before its family was learnt: that entry has no family, and is still found.
    expect(await history('child:c1')).toEqual(['SomethingAboutTheChildOnly', 'FamilyFileOpened']);
    expect(await history('child:c2')).toEqual(['FamilyFileOpened', 'ReservationRequested', 'SomethingAboutTheChildOnly']);
    expect(await history('request:r1')).toEqual(['ReservationRequested']);
    expect(await history('child:c9')).toEqual(['SomethingAboutAnOrphan']);
    expect(await history('request:r9')).toEqual(['SomethingAboutAnOrphan']);
    expect(await history('family:f1')).toEqual(['FamilyFileOpened', 'ReservationRequested', 'SomethingAboutTheChildOnly']);
    const filter = await new AuditQuery(h.reads, h.events).subjectFilter('saint-hilaire', 'child', 'c2');
    const plan = h.reads.explainFind(AUDIT_INDEX, filter, { sort: { position: 1 } }).join(' ');
    expect(plan).toMatch(/USING INDEX ix:audit_index:family,position/);
    expect(plan).not.toMatch(/SCAN c_audit_index/);
  });

  it('keeps who, when and through which channel on each entry', async () => {
    const [event] = await h.given({ type: 'ReservationAccepted', data: { requestId: 'r1', familyId: 'f1' }, actor: RULES, at: '2026-12-01T08:00:01.000Z' });
    expect(await h.get<AuditEntry>(AUDIT_INDEX, event.id)).toEqual({
      _id: event.id,
      family: 'f1',
      child: null,
      request: 'r1',
      invoice: null,
      other: null,
      extraOf: null,
      communeId: 'saint-hilaire',
      position: event.position,
      eventId: event.id,
      streamId: event.streamId,
      revision: 0,
      type: 'ReservationAccepted',
      occurredAt: '2026-12-01T08:00:01.000Z',
      actorKind: 'rule',
      actorId: 'booking-rules',
      actorName: 'Règles de réservation',
      channel: 'web',
    });
  });

  it('files under the family a later event that names only the request', async () => {
    await h.given(
      { type: 'ContactMessageSent', data: { requestId: 'r9', familyId: 'f1', text: 'Bonjour' } },
      { type: 'SomethingAboutTheRequestOnly', data: { requestId: 'r9' }, actor: AGENT },
    );
    expect(await history('family:f1')).toEqual(['ContactMessageSent', 'SomethingAboutTheRequestOnly']);
    expect(await h.find(AUDIT_LINKS)).toEqual([{ _id: 'request:r9', family: 'family:f1' }]);
  });

  it('forgets the guardians’ names when the family is erased, and keeps the facts', async () => {
    await h.given(
      { type: 'ContactMessageSent', data: { requestId: 'r9', familyId: 'f1', text: '' }, actor: PARENT },
      { type: 'FamilyErased', data: { familyId: 'f1', reasonCode: 'RIGHT_TO_ERASURE', childIds: [], guardianIds: [], accountIds: [PARENT.id] }, actor: AGENT },
    );
    const entries = await h.find<AuditEntry>(AUDIT_INDEX, { family: 'f1' }, { sort: { position: 1 } });
    expect(entries.map((e) => [e.type, e.actorKind, e.actorName])).toEqual([
      ['ContactMessageSent', 'guardian', null],
      ['FamilyErased', 'staff', 'Agent Enfance'],
    ]);
  });

  it('reads the events themselves from the store, filtered by type, dates and actor, page by page', async () => {
    await h.given(
      { type: 'ReservationRequested', data: { requestId: 'r1', familyId: 'f1', day: '2026-12-03' }, at: '2026-11-30T23:30:00.000Z' },
      { type: 'ReservationAccepted', data: { requestId: 'r1', familyId: 'f1', day: '2026-12-03' }, actor: RULES, at: '2026-11-30T23:30:01.000Z' },
      { type: 'ReservationRequested', data: { requestId: 'r2', familyId: 'f1', day: '2026-12-04' }, at: '2026-12-02T10:00:00.000Z' },
      { type: 'ReservationRefused', data: { requestId: 'r2', familyId: 'f1', reasonCode: 'FULL' }, actor: AGENT, at: '2026-12-02T11:00:00.000Z' },
    );
    const query = new AuditQuery(h.reads, h.events);
    const f1 = await query.subjectFilter('saint-hilaire', 'family', 'f1');
    const page = (filters: Parameters<AuditQuery['filterFor']>[1]) => query.page(query.filterFor(f1, filters, 'Europe/Paris'), 10, 0).then((p) => p.items.map((i) => i.type));
    // 30/11 at 23:30 UTC is already 1 December in Paris.
    expect(await page({ from: '2026-12-01', to: '2026-12-01' })).toEqual(['ReservationRequested', 'ReservationAccepted']);
    expect(await page({ types: ['ReservationRefused', 'ReservationAccepted'] })).toEqual(['ReservationAccepted', 'ReservationRefused']);
    expect(await page({ actorKind: 'staff' })).toEqual(['ReservationRefused']);
    const second = await query.page(query.filterFor(f1, {}, 'Europe/Paris'), 3, 3);
    expect(second).toMatchObject({ total: 4, items: [{ type: 'ReservationRefused', data: { requestId: 'r2', reasonCode: 'FULL' }, actor: { kind: 'staff', name: 'Agent Enfance' } }] });
    expect((await query.page(query.filterFor(await query.subjectFilter('another-commune', 'family', 'f1'), {}, 'Europe/Paris'), 10, 0)).total).toBe(0);
  });

  it('gives the very same index when rebuilt from the first event', async () => {
    await h.given(
      { type: 'FamilyFileOpened', data: { familyId: 'f1', children: [{ childId: 'c1' }] }, actor: AGENT },
      { type: 'ReservationRequested', data: { requestId: 'r1', familyId: 'f1', childId: 'c1' } },
      { type: 'ReservationAccepted', data: { requestId: 'r1' }, actor: RULES },
    );
    const live = await h.snapshot([AUDIT_INDEX, AUDIT_LINKS]);
    await h.rebuild('audit');
    expect(await h.snapshot([AUDIT_INDEX, AUDIT_LINKS])).toBe(live);
  });
});
