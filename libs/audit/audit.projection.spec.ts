import { AGENT, HARNESS_COMMUNE, PARENT, ProjectionHarness, RULES } from '@pf/testing';
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

  const queryIn = (communeId: string) => new AuditQuery(h.reads.inCommune(communeId), h.events);
  /** A subject's history as the audit screen of a commune asks for it. */
  const history = async (subject: string, communeId = HARNESS_COMMUNE) => {
    const [kind, id] = subject.split(':');
    const query = queryIn(communeId);
    return (await query.page(await query.subjectFilter(kind as AuditSubjectKind, id), 1000, 0)).items.map((e) => e.type);
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
    // Paged and exported across its two parts (before and after its family was learnt), in order.
    const query = queryIn(HARNESS_COMMUNE);
    const c1 = await query.subjectFilter('child', 'c1');
    expect(c1).toHaveLength(2);
    expect(await query.page(c1, 1, 1)).toMatchObject({ total: 2, items: [{ type: 'FamilyFileOpened' }] });
    const exported: string[] = [];
    for await (const item of query.all(c1, 1)) exported.push(item.type);
    expect(exported).toEqual(['SomethingAboutTheChildOnly', 'FamilyFileOpened']);
    for (const subject of ['child:c2', 'request:r1', 'family:f1']) {
      const [kind, id] = subject.split(':');
      for (const filter of await queryIn(HARNESS_COMMUNE).subjectFilter(kind as AuditSubjectKind, id)) {
        // As the commune view asks the store: the commune first, then the subject.
        const plan = h.documents.explainFind(AUDIT_INDEX, { communeId: HARNESS_COMMUNE, ...filter }, { sort: { position: 1 } }).join(' ');
        expect(plan).toMatch(/USING INDEX ix:audit_index:communeId,family,position \(<expr>=\? AND <expr>[=>]/);
        expect(plan).not.toMatch(/SCAN c_audit_index/);
      }
    }
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
    expect(await h.find(AUDIT_LINKS)).toEqual([{ _id: 'request:r9', family: 'family:f1', communeId: HARNESS_COMMUNE }]);
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
    const query = queryIn(HARNESS_COMMUNE);
    const f1 = await query.subjectFilter('family', 'f1');
    const page = (filters: Parameters<AuditQuery['filterFor']>[1]) => query.page(query.filterFor(f1, filters, 'Europe/Paris'), 10, 0).then((p) => p.items.map((i) => i.type));
    // 30/11 at 23:30 UTC is already 1 December in Paris.
    expect(await page({ from: '2026-12-01', to: '2026-12-01' })).toEqual(['ReservationRequested', 'ReservationAccepted']);
    expect(await page({ types: ['ReservationRefused', 'ReservationAccepted'] })).toEqual(['ReservationAccepted', 'ReservationRefused']);
    expect(await page({ actorKind: 'staff' })).toEqual(['ReservationRefused']);
    const second = await query.page(query.filterFor(f1, {}, 'Europe/Paris'), 3, 3);
    expect(second).toMatchObject({ total: 4, items: [{ type: 'ReservationRefused', data: { requestId: 'r2', reasonCode: 'FULL' }, actor: { kind: 'staff', name: 'Agent Enfance' } }] });
    const elsewhere = queryIn('another-commune');
    expect((await elsewhere.page(elsewhere.filterFor(await elsewhere.subjectFilter('family', 'f1'), {}, 'Europe/Paris'), 10, 0)).total).toBe(0);
  });

  it('keeps each commune’s histories and links apart when another commune names the same ids', async () => {
    await h.given(
      { type: 'FamilyFileOpened', data: { familyId: 'f1', children: [{ childId: 'c1' }] }, actor: AGENT },
      { type: 'ReservationRequested', data: { requestId: 'r1', familyId: 'f1', childId: 'c1' } },
    );
    const before = await h.find<AuditEntry>(AUDIT_INDEX, {}, { sort: { position: 1 } });
    const links = await h.find(AUDIT_LINKS);
    await h.given(
      { type: 'ReservationRequested', data: { requestId: 'r1', familyId: 'f2', childId: 'c1' }, communeId: 'another-commune' },
      { type: 'SomethingAboutTheRequestOnly', data: { requestId: 'r1' }, actor: AGENT, communeId: 'another-commune' },
    );
    expect(await h.find<AuditEntry>(AUDIT_INDEX, {}, { sort: { position: 1 } })).toEqual(before);
    expect(await h.find(AUDIT_LINKS)).toEqual(links);
    expect(await history('request:r1')).toEqual(['ReservationRequested']);
    expect(await history('family:f2')).toEqual([]);
    expect(await history('request:r1', 'another-commune')).toEqual(['ReservationRequested', 'SomethingAboutTheRequestOnly']);
    expect(await history('family:f1', 'another-commune')).toEqual([]);
    await expect(queryIn('another-commune').assertKnown(await queryIn('another-commune').subjectFilter('family', 'f1'))).rejects.toMatchObject({ code: 'AUDIT_SUBJECT_NOT_FOUND' });
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
