import {
  decideAbsence,
  decideAttendance,
  decideBooking,
  decideCancellation,
  decideCertificateRefusal,
  decidePeriodCancellation,
  decidePeriodDays,
  decideStaffDecision,
  bookingOn,
  evolveMonth,
  initialMonthState,
  placesOn,
  type BookingRequest,
  type CancellationRules,
  type DayRules,
  type MonthState,
} from './reservation.decider';
import type { ChildGroup } from '@pf/activities';
import { daysDecidedAsDayEvents, type ReservationDaysDecided, type ReservationEvent } from './reservation.events';

const DAY = '2026-12-03';
const key = (childId: string, requestId = `r-${childId}`) => ({ requestId, familyId: `f-${childId}`, childId, activityId: 'canteen', day: DAY });
const ask = (childId = 'emma', over: Partial<BookingRequest> = {}): BookingRequest => ({
  key: key(childId),
  group: 'elementaire',
  eligibility: { ok: true },
  late: false,
  period: false,
  ...over,
});
const open: DayRules = {
  closed: null,
  onTime: true,
  deadlineText: 'au plus tard 48 heures avant',
  capacity: { total: 2, groups: {} },
  processing: 'automatic',
  late: null,
};
const LATE_MEAL = { activityId: 'late-meal', name: 'Repas non prévu (majoration)', onTime: true, deadlineText: 'au plus tard le jour même, avant 9h00' };

/** given(past events) → the state of the day's month. */
const given = (...events: ReservationEvent[]): MonthState => events.reduce(evolveMonth, initialMonthState);
const booked = (childId: string, group: ChildGroup | null = 'elementaire', rules: DayRules = open): ReservationEvent[] =>
  decideBooking(ask(childId, { group }), initialMonthState, rules);
/** The state after these children booked the day one after the other (accepted or waiting-listed as the rules said). */
const dayWith = (children: Array<[string, ChildGroup | null]>, rules: DayRules = open): MonthState =>
  children.reduce((state, [childId, group]) => decideBooking(ask(childId, { group }), state, rules).reduce(evolveMonth, state), initialMonthState);
const places = (state: MonthState) => placesOn(state, DAY);
const types = (events: ReservationEvent[]) => events.map((e) => e.type);
const decision = (events: ReservationEvent[]) => events[events.length - 1];

describe('booking a canteen day', () => {
  it('accepts an on-time request for an open day with free places', () => {
    expect(types(decideBooking(ask(), given(), open))).toEqual(['ReservationRequested', 'ReservationAccepted']);
  });

  it('says the rules decided, not the parent', () => {
    expect(decision(decideBooking(ask(), given(), open)).actor).toMatchObject({ kind: 'rule' });
  });

  it('refuses a closed day and says why', () => {
    const refused = decision(decideBooking(ask(), given(), { ...open, closed: { label: 'Vacances de Noël' } }));
    expect(refused).toMatchObject({ type: 'ReservationRefused', data: { reasonCode: 'DAY_CLOSED', reasonText: expect.stringContaining('Vacances de Noël') } });
  });

  it('refuses a late request and tells the parent the rule', () => {
    const refused = decision(decideBooking(ask(), given(), { ...open, onTime: false }));
    expect(refused.data).toMatchObject({ reasonCode: 'PAST_DEADLINE', reasonText: expect.stringContaining('48 heures') });
  });

  it('checks the closed day before the deadline', () => {
    const refused = decision(decideBooking(ask(), given(), { ...open, onTime: false, closed: { label: 'jour férié' } }));
    expect(refused.data).toMatchObject({ reasonCode: 'DAY_CLOSED' });
  });

  it('refuses a child who is not enrolled in the activity, and says for which period', () => {
    const request = ask('emma', { eligibility: { ok: false, reasonCode: 'NOT_ENROLLED', reasonText: "Cet enfant n'est pas inscrit à cette activité pour la période « Année scolaire 2026-2027 »." } });
    expect(decision(decideBooking(request, given(), open)).data).toMatchObject({ reasonCode: 'NOT_ENROLLED', reasonText: expect.stringContaining('2026-2027') });
  });

  it('refuses while the enrolment still waits for the service', () => {
    const request = ask('emma', { eligibility: { ok: false, reasonCode: 'ENROLMENT_PENDING', reasonText: "L'inscription attend la décision du service." } });
    expect(decision(decideBooking(request, given(), open)).data).toMatchObject({ reasonCode: 'ENROLMENT_PENDING' });
  });

  it('refuses a second booking of the same day for the same child', () => {
    const refused = decision(decideBooking(ask('emma', { key: key('emma', 'r-2') }), given(...booked('emma')), open));
    expect(refused.data).toMatchObject({ reasonCode: 'ALREADY_BOOKED', reasonText: 'Ce jour est déjà réservé pour cet enfant.' });
  });

  it('puts the request on the waiting list when the day is full, in arrival order', () => {
    const full = dayWith([['a', 'elementaire'], ['b', 'elementaire']]);
    const first = decideBooking(ask('c'), full, open);
    expect(decision(first)).toMatchObject({ type: 'ReservationWaitlisted', data: { rank: 1 } });
    const second = decideBooking(ask('d'), first.reduce(evolveMonth, full), open);
    expect(decision(second)).toMatchObject({ type: 'ReservationWaitlisted', data: { rank: 2 } });
  });

  it('never limits an activity without capacity', () => {
    const unlimited = { ...open, capacity: { total: null, groups: {} } };
    const many = dayWith(Array.from({ length: 200 }, (_, i): [string, ChildGroup] => [`c${i}`, 'elementaire']), unlimited);
    expect(places(many).accepted).toBe(200);
    expect(types(decideBooking(ask(), many, unlimited))).toContain('ReservationAccepted');
  });

  it('counts the places of each group: 35 maternelle are full while élémentaire still has room', () => {
    const groups: DayRules = { ...open, capacity: { total: 99, groups: { maternelle: 1, elementaire: 2 } } };
    const day = dayWith([['m1', 'maternelle']], groups);
    expect(decision(decideBooking(ask('m2', { group: 'maternelle' }), day, groups)).type).toBe('ReservationWaitlisted');
    expect(decision(decideBooking(ask('e1', { group: 'elementaire' }), day, groups)).type).toBe('ReservationAccepted');
  });

  it('also stops at the total when the groups still have room', () => {
    const groups: DayRules = { ...open, capacity: { total: 2, groups: { maternelle: 35, elementaire: 64 } } };
    const day = dayWith([['m1', 'maternelle'], ['e1', 'elementaire']], groups);
    expect(decision(decideBooking(ask('e2'), day, groups)).type).toBe('ReservationWaitlisted');
  });

  it('leaves a request of a manual activity waiting for the service, holding no place', () => {
    const manual = { ...open, processing: 'manual' as const };
    const events = decideBooking(ask(), given(), manual);
    expect(types(events)).toEqual(['ReservationRequested']);
    expect(places(given(...events)).accepted).toBe(0);
    expect(bookingOn(given(...events), 'emma', DAY)).toMatchObject({ status: 'pending' });
  });

  it('still refuses at once what the rules refuse in a manual activity', () => {
    expect(decision(decideBooking(ask(), given(), { ...open, processing: 'manual', onTime: false })).type).toBe('ReservationRefused');
  });
});

describe('late booking with surcharge (« repas non prévu, majoration »)', () => {
  const late: DayRules = { ...open, onTime: false, late: LATE_MEAL };

  it('books past the deadline on the late-booking activity when the parent agreed to the surcharge', () => {
    const events = decideBooking(ask('emma', { late: true }), given(), late);
    expect(types(events)).toEqual(['ReservationRequested', 'ReservationAccepted']);
    expect(decision(events).data).toMatchObject({ lateActivityId: 'late-meal' });
  });

  it('tells a parent who did not ask for it that a late booking is still possible', () => {
    const refused = decision(decideBooking(ask(), given(), late));
    expect(refused.data).toMatchObject({ reasonCode: 'PAST_DEADLINE', reasonText: expect.stringContaining('Repas non prévu (majoration)') });
  });

  it('books an on-time day normally, without surcharge, even when the parent accepted one', () => {
    const accepted = decision(decideBooking(ask('emma', { late: true }), given(), { ...open, late: LATE_MEAL }));
    expect(accepted.type).toBe('ReservationAccepted');
    expect(accepted.data).not.toHaveProperty('lateActivityId');
  });

  it('refuses once the late booking itself is closed, and says until when it was open', () => {
    const closed = { ...late, late: { ...LATE_MEAL, onTime: false } };
    expect(decision(decideBooking(ask('emma', { late: true }), given(), closed)).data).toMatchObject({
      reasonCode: 'LATE_BOOKING_CLOSED',
      reasonText: expect.stringContaining('avant 9h00'),
    });
  });

  it('refuses a late booking where the activity offers none', () => {
    expect(decision(decideBooking(ask('emma', { late: true }), given(), { ...open, onTime: false })).data).toMatchObject({ reasonCode: 'PAST_DEADLINE' });
  });

  it('takes one of the day’s places: a full day puts the late booking on the waiting list', () => {
    const full = dayWith([['a', 'elementaire'], ['b', 'elementaire']]);
    expect(decision(decideBooking(ask('c', { late: true }), full, late)).type).toBe('ReservationWaitlisted');
  });
});

describe('a day of a period booking', () => {
  it('records only the decision: the request was received once for the whole period', () => {
    const events = decideBooking(ask('emma', { period: true }), given(), open);
    expect(types(events)).toEqual(['ReservationAccepted']);
    expect(events[0].data).toMatchObject({ period: true, childId: 'emma', day: DAY, group: 'elementaire' });
  });

  it('is refused, waiting-listed or left to the service on its own', () => {
    expect(types(decideBooking(ask('emma', { period: true }), given(), { ...open, onTime: false }))).toEqual(['ReservationRefused']);
    expect(types(decideBooking(ask('c', { period: true }), dayWith([['a', 'elementaire'], ['b', 'elementaire']]), open))).toEqual(['ReservationWaitlisted']);
    expect(types(decideBooking(ask('emma', { period: true }), given(), { ...open, processing: 'manual' }))).toEqual(['ReservationRequested']);
  });
});

describe('cancelling a booked day', () => {
  const rules: CancellationRules = { onTime: true, deadlineText: 'au plus tard 48 heures avant', processing: 'automatic', capacity: open.capacity };
  const cancel = (childId: string, over: Partial<Parameters<typeof decideCancellation>[0]> = {}) => ({
    requestId: `cancel-${childId}`,
    childId,
    activityId: 'canteen',
    day: DAY,
    familyId: `f-${childId}`,
    reason: 'rendez-vous médical',
    ...over,
  });

  it('releases the place before the deadline', () => {
    const events = decideCancellation(cancel('a'), dayWith([['a', 'elementaire']]), rules);
    expect(types(events)).toEqual(['CancellationRequested', 'ReservationCancelled']);
    expect(events[1].data).toMatchObject({ reservationRequestId: 'r-a', previousStatus: 'accepted', reason: 'rendez-vous médical' });
    expect(places(given(...booked('a'), ...events)).accepted).toBe(0);
  });

  it('gives the freed place to the first waiting child in the same decision, and says who still waits', () => {
    const full = dayWith([['a', 'elementaire'], ['b', 'elementaire'], ['c', 'elementaire'], ['d', 'elementaire']]);
    expect(places(full).waiting).toEqual(['c', 'd']);
    const events = decideCancellation(cancel('a'), full, rules);
    expect(types(events)).toEqual(['CancellationRequested', 'ReservationCancelled', 'ReservationPromoted']);
    expect(events[2]).toMatchObject({ data: { childId: 'c', requestId: 'r-c', waitlist: ['d'] }, actor: { kind: 'rule' } });
    const after = events.reduce(evolveMonth, full);
    expect(places(after)).toMatchObject({ accepted: 2, waiting: ['d'] });
    expect(bookingOn(after, 'c', DAY)).toMatchObject({ status: 'accepted' });
  });

  it('promotes the first waiting child of the group whose place was freed', () => {
    const groups = { ...rules, capacity: { total: 10, groups: { maternelle: 1, elementaire: 1 } } };
    const dayRules = { ...open, capacity: groups.capacity };
    const day = dayWith([['m1', 'maternelle'], ['e1', 'elementaire'], ['e2', 'elementaire'], ['m2', 'maternelle']], dayRules);
    expect(places(day).waiting).toEqual(['e2', 'm2']);
    const events = decideCancellation(cancel('m1'), day, groups);
    expect(events[2].data).toMatchObject({ childId: 'm2', waitlist: ['e2'] });
  });

  it('refuses a cancellation past the deadline: the day stays booked and billed', () => {
    const events = decideCancellation(cancel('a'), dayWith([['a', 'elementaire']]), { ...rules, onTime: false });
    expect(types(events)).toEqual(['CancellationRequested', 'CancellationRefused']);
    expect(events[1].data).toMatchObject({ reasonCode: 'PAST_DEADLINE', reasonText: expect.stringContaining('facturé') });
    expect(places(given(...booked('a'), ...events)).accepted).toBe(1);
    expect(bookingOn(given(...booked('a'), ...events), 'a', DAY)).toMatchObject({ status: 'accepted' });
  });

  it('lets a waiting child leave the list at any time, and the others move up', () => {
    const full = dayWith([['a', 'elementaire'], ['b', 'elementaire'], ['c', 'elementaire'], ['d', 'elementaire']]);
    const events = decideCancellation(cancel('c'), full, { ...rules, onTime: false });
    expect(types(events)).toEqual(['CancellationRequested', 'ReservationCancelled']);
    expect(events[1].data).toMatchObject({ previousStatus: 'waitlisted', waitlist: ['d'] });
  });

  it('leaves the cancellation of a manual activity to the service', () => {
    const events = decideCancellation(cancel('a'), dayWith([['a', 'elementaire']]), { ...rules, processing: 'manual' });
    expect(types(events)).toEqual(['CancellationRequested']);
    expect(() => decideCancellation(cancel('a', { requestId: 'again' }), given(...booked('a'), ...events), rules)).toThrow(
      expect.objectContaining({ code: 'CANCELLATION_PENDING' }),
    );
  });

  it("refuses to cancel a day that is not booked, or another family's booking", () => {
    expect(() => decideCancellation(cancel('a'), given(), rules)).toThrow(expect.objectContaining({ code: 'RESERVATION_NOT_FOUND', kind: 'conflict' }));
    expect(() => decideCancellation(cancel('a', { familyId: 'f-other' }), dayWith([['a', 'elementaire']]), rules)).toThrow(
      expect.objectContaining({ code: 'RESERVATION_NOT_FOUND' }),
    );
  });

  it('cannot cancel a day whose attendance is taken', () => {
    const day = given(...booked('a'), ...decideAttendance([{ childId: 'a', familyId: 'f-a', status: 'present' }], dayWith([['a', 'elementaire']]), { activityId: 'canteen', day: DAY, today: DAY }));
    expect(() => decideCancellation(cancel('a'), day, rules)).toThrow(expect.objectContaining({ code: 'ATTENDANCE_TAKEN' }));
  });
});

describe('declaring an absence', () => {
  const absence = (over: Partial<Parameters<typeof decideAbsence>[0]> = {}) => ({
    requestId: 'abs-1',
    childId: 'a',
    activityId: 'canteen',
    day: DAY,
    familyId: 'f-a',
    reason: 'illness' as const,
    medicalCertificate: true,
    ...over,
  });

  it('is justified for an illness with a medical certificate (not billed)', () => {
    const [declared] = decideAbsence(absence(), dayWith([['a', 'elementaire']]));
    expect(declared).toMatchObject({ type: 'AbsenceDeclared', data: { justified: true, reason: 'illness', reservationRequestId: 'r-a' } });
  });

  it('is not justified for an illness without certificate, nor for another reason', () => {
    expect(decideAbsence(absence({ medicalCertificate: false }), dayWith([['a', 'elementaire']]))[0].data).toMatchObject({ justified: false });
    expect(decideAbsence(absence({ reason: 'family' }), dayWith([['a', 'elementaire']]))[0].data).toMatchObject({ justified: false });
  });

  it('keeps the place: the day is still booked', () => {
    const day = dayWith([['a', 'elementaire']]);
    const after = decideAbsence(absence(), day).reduce(evolveMonth, day);
    expect(places(after).accepted).toBe(1);
    expect(bookingOn(after, 'a', DAY)).toMatchObject({ status: 'accepted', absence: { justified: true } });
  });

  it('needs a booked day, declared once, for a child not already pointed present', () => {
    expect(() => decideAbsence(absence(), given())).toThrow(expect.objectContaining({ code: 'RESERVATION_NOT_FOUND' }));
    const day = dayWith([['a', 'elementaire']]);
    expect(() => decideAbsence(absence(), decideAbsence(absence(), day).reduce(evolveMonth, day))).toThrow(expect.objectContaining({ code: 'ABSENCE_ALREADY_DECLARED' }));
    const present = decideAttendance([{ childId: 'a', familyId: 'f-a', status: 'present' }], day, { activityId: 'canteen', day: DAY, today: DAY }).reduce(evolveMonth, day);
    expect(() => decideAbsence(absence(), present)).toThrow(expect.objectContaining({ code: 'ALREADY_PRESENT' }));
  });
});

describe('the service decides pending requests of a manual activity', () => {
  const manual: DayRules = { ...open, processing: 'manual' };
  const pending = (...children: string[]) => dayWith(children.map((c): [string, ChildGroup] => [c, 'elementaire']), manual);

  it('accepts a pending booking, and the staff member is the one who decided', () => {
    const [accepted] = decideStaffDecision({ requestId: 'r-a', childId: 'a', decision: 'accept' }, pending('a'), open.capacity, 'canteen', DAY);
    expect(accepted).toMatchObject({ type: 'ReservationAccepted', data: { requestId: 'r-a' } });
    expect(accepted.actor).toBeUndefined();
  });

  it('refuses with the message written to the family', () => {
    const [refused] = decideStaffDecision({ requestId: 'r-a', childId: 'a', decision: 'refuse', message: 'Sortie scolaire ce jour-là.' }, pending('a'), open.capacity, 'canteen', DAY);
    expect(refused.data).toMatchObject({ reasonCode: 'REFUSED_BY_STAFF', reasonText: 'Sortie scolaire ce jour-là.' });
  });

  it('needs a message to refuse', () => {
    expect(() => decideStaffDecision({ requestId: 'r-a', childId: 'a', decision: 'refuse', message: ' ' }, pending('a'), open.capacity, 'canteen', DAY)).toThrow(
      expect.objectContaining({ code: 'MESSAGE_REQUIRED' }),
    );
  });

  it('puts an accepted request on the waiting list when the day is already full', () => {
    let day = pending('a', 'b', 'c');
    for (const child of ['a', 'b']) day = decideStaffDecision({ requestId: `r-${child}`, childId: child, decision: 'accept' }, day, open.capacity, 'canteen', DAY).reduce(evolveMonth, day);
    expect(decideStaffDecision({ requestId: 'r-c', childId: 'c', decision: 'accept' }, day, open.capacity, 'canteen', DAY)[0]).toMatchObject({ type: 'ReservationWaitlisted', data: { rank: 1 } });
  });

  it('refuses to decide twice the same request', () => {
    const day = pending('a');
    const decided = decideStaffDecision({ requestId: 'r-a', childId: 'a', decision: 'accept' }, day, open.capacity, 'canteen', DAY).reduce(evolveMonth, day);
    expect(() => decideStaffDecision({ requestId: 'r-a', childId: 'a', decision: 'refuse', message: 'Non.' }, decided, open.capacity, 'canteen', DAY)).toThrow(
      expect.objectContaining({ code: 'REQUEST_NOT_PENDING' }),
    );
  });

  it('accepts a cancellation request, which frees the place for the first waiting child', () => {
    let day = dayWith([['a', 'elementaire'], ['b', 'elementaire'], ['c', 'elementaire']]);
    day = decideCancellation({ requestId: 'cancel-a', childId: 'a', activityId: 'canteen', day: DAY, familyId: 'f-a', reason: null }, day, {
      onTime: true,
      deadlineText: '',
      processing: 'manual',
      capacity: open.capacity,
    }).reduce(evolveMonth, day);
    const events = decideStaffDecision({ requestId: 'cancel-a', childId: 'a', decision: 'accept' }, day, open.capacity, 'canteen', DAY);
    expect(types(events)).toEqual(['ReservationCancelled', 'ReservationPromoted']);
    const refused = decideStaffDecision({ requestId: 'cancel-a', childId: 'a', decision: 'refuse', message: 'Repas déjà commandé.' }, day, open.capacity, 'canteen', DAY);
    expect(refused[0]).toMatchObject({ type: 'CancellationRefused', data: { reasonCode: 'REFUSED_BY_STAFF' } });
    expect(bookingOn(refused.reduce(evolveMonth, day), 'a', DAY)).not.toHaveProperty('cancellationRequestId');
  });
});

describe('taking attendance (pointage)', () => {
  const on = { activityId: 'canteen', day: DAY, today: DAY };

  it('marks booked children present or absent', () => {
    const events = decideAttendance(
      [
        { childId: 'a', familyId: 'f-a', status: 'present' },
        { childId: 'b', familyId: 'f-b', status: 'absent' },
      ],
      dayWith([['a', 'elementaire'], ['b', 'elementaire']]),
      on,
    );
    expect(events.map((e) => e.data)).toEqual([
      expect.objectContaining({ childId: 'a', status: 'present', expected: true }),
      expect.objectContaining({ childId: 'b', status: 'absent', expected: true }),
    ]);
  });

  it('records a child present without a booking as an unexpected presence', () => {
    expect(decideAttendance([{ childId: 'z', familyId: 'f-z', status: 'present' }], given(), on)[0].data).toMatchObject({ expected: false, familyId: 'f-z' });
  });

  it('cannot mark absent a child who was not expected', () => {
    expect(() => decideAttendance([{ childId: 'z', familyId: 'f-z', status: 'absent' }], given(), on)).toThrow(expect.objectContaining({ code: 'RESERVATION_NOT_FOUND' }));
  });

  it('writes nothing when the register says again what it said', () => {
    const day = dayWith([['a', 'elementaire']]);
    const once = decideAttendance([{ childId: 'a', familyId: 'f-a', status: 'present' }], day, on).reduce(evolveMonth, day);
    expect(decideAttendance([{ childId: 'a', familyId: 'f-a', status: 'present' }], once, on)).toEqual([]);
    expect(decideAttendance([{ childId: 'a', familyId: 'f-a', status: 'absent' }], once, on)).toHaveLength(1);
  });

  it('is taken on the day or later, never in advance', () => {
    expect(() => decideAttendance([{ childId: 'a', familyId: 'f-a', status: 'present' }], given(), { ...on, today: '2026-12-02' })).toThrow(
      expect.objectContaining({ code: 'ATTENDANCE_TOO_EARLY' }),
    );
  });
});

describe('a period booking: the days of one month decided together', () => {
  const DAYS = ['2026-12-03', '2026-12-04', '2026-12-07', '2026-12-08'];
  const periodDay = (day: string, childId = 'emma', rules: DayRules = open, over: Partial<BookingRequest> = {}) => ({
    request: { ...ask(childId, { period: true, ...over }), key: { ...key(childId, 'period-1'), day } },
    rules,
  });
  const decidedOf = (events: ReturnType<typeof decidePeriodDays>) => events[0] as ReservationDaysDecided;

  it('decides each day on its own and records them all as one fact, decided by the rules', () => {
    const full = ['x', 'y'].reduce(
      (state, childId) => decideBooking({ ...ask(childId), key: { ...key(childId), day: '2026-12-07' } }, state, open).reduce(evolveMonth, state),
      initialMonthState,
    );
    const events = decidePeriodDays(
      [periodDay('2026-12-03'), periodDay('2026-12-04', 'emma', { ...open, closed: { label: 'Grève' } }), periodDay('2026-12-07'), periodDay('2026-12-08')],
      full,
    );
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ type: 'ReservationDaysDecided', actor: { kind: 'rule' } });
    expect(decidedOf(events).data).toMatchObject({
      requestId: 'period-1',
      childId: 'emma',
      accepted: ['2026-12-03', '2026-12-08'],
      waitlisted: [{ day: '2026-12-07', rank: 1 }],
      refused: [{ day: '2026-12-04', reasonCode: 'DAY_CLOSED', reasonText: expect.stringContaining('Grève') }],
      pending: [],
    });
  });

  it('holds the places of the accepted days only, day by day', () => {
    const after = decidePeriodDays(DAYS.map((d) => periodDay(d)), initialMonthState).reduce(evolveMonth, initialMonthState);
    for (const day of DAYS) {
      expect(placesOn(after, day).accepted).toBe(1);
      expect(bookingOn(after, 'emma', day)).toMatchObject({ status: 'accepted', requestId: 'period-1', period: true });
    }
    expect(placesOn(after, '2026-12-10').accepted).toBe(0);
  });

  it('refuses the days the child already has, and books the others', () => {
    const before = decideBooking({ ...ask('emma'), key: { ...key('emma'), day: '2026-12-04' } }, initialMonthState, open).reduce(evolveMonth, initialMonthState);
    const data = decidedOf(decidePeriodDays(DAYS.map((d) => periodDay(d)), before)).data;
    expect(data.refused).toEqual([{ day: '2026-12-04', reasonCode: 'ALREADY_BOOKED', reasonText: expect.any(String) }]);
    expect(data.accepted).toEqual(['2026-12-03', '2026-12-07', '2026-12-08']);
  });

  it('marks as late bookings (with surcharge) only the days past the deadline', () => {
    const late = { ...open, onTime: false, late: LATE_MEAL };
    const data = decidedOf(decidePeriodDays([periodDay('2026-12-03', 'emma', late, { late: true }), periodDay('2026-12-07', 'emma', open, { late: true })], initialMonthState)).data;
    expect(data.accepted).toEqual(['2026-12-03', '2026-12-07']);
    expect(data.late).toEqual({ activityId: 'late-meal', days: ['2026-12-03'] });
  });

  it('leaves every day waiting for the service in a manual activity', () => {
    const manual = { ...open, processing: 'manual' as const };
    const events = decidePeriodDays(DAYS.map((d) => periodDay(d, 'emma', manual)), initialMonthState);
    expect(decidedOf(events).data.pending).toEqual(DAYS);
    const after = events.reduce(evolveMonth, initialMonthState);
    expect(placesOn(after, DAYS[0]).accepted).toBe(0);
    // The service then decides one of those days on its own.
    const [accepted] = decideStaffDecision({ requestId: 'period-1', childId: 'emma', decision: 'accept' }, after, open.capacity, 'canteen', DAYS[1]);
    expect(accepted).toMatchObject({ type: 'ReservationAccepted', data: { day: DAYS[1], period: true } });
  });

  it('stands for the same day-by-day facts a single-day booking of each day would have recorded', () => {
    const [event] = decidePeriodDays(DAYS.map((d) => periodDay(d)), initialMonthState) as ReservationDaysDecided[];
    const dayByDay = daysDecidedAsDayEvents(event.data);
    expect(dayByDay.map((e) => [e.type, e.data.day])).toEqual(DAYS.map((d) => ['ReservationAccepted', d]));
    expect(dayByDay.reduce(evolveMonth, initialMonthState)).toEqual(evolveMonth(initialMonthState, event));
  });

  it('a cancellation of one day of the period frees that day only, and promotes who waited for it', () => {
    const full = ['x', 'y'].reduce(
      (state, childId) => decideBooking({ ...ask(childId), key: { ...key(childId), day: '2026-12-07' } }, state, open).reduce(evolveMonth, state),
      initialMonthState,
    );
    const waitingAfter = decideBooking({ ...ask('zoe'), key: { ...key('zoe'), day: '2026-12-07' } }, full, open).reduce(evolveMonth, full);
    const events = decideCancellation(
      { requestId: 'cancel-x', childId: 'x', activityId: 'canteen', day: '2026-12-07', familyId: 'f-x', reason: null },
      decidePeriodDays(DAYS.map((d) => periodDay(d)), waitingAfter).reduce(evolveMonth, waitingAfter),
      { onTime: true, deadlineText: '', processing: 'automatic', capacity: open.capacity },
    );
    expect(events[2]).toMatchObject({ type: 'ReservationPromoted', data: { childId: 'zoe', day: '2026-12-07', waitlist: ['emma'] } });
  });
});

describe('cancelling a period: each booked day decided as a cancellation of that day alone', () => {
  const MONTH = ['2026-12-07', '2026-12-08', '2026-12-10', '2026-12-11'];
  const rules: CancellationRules = { onTime: true, deadlineText: 'au plus tard 48 heures avant', processing: 'automatic', capacity: { total: 2, groups: {} } };
  const bookedOn = (state: MonthState, childId: string, day: string) =>
    decideBooking({ ...ask(childId), key: { ...key(childId), day } }, state, open).reduce(evolveMonth, state);
  const emmaBooked = (days: string[]) => days.reduce((state, day) => bookedOn(state, 'emma', day), initialMonthState);
  const cancelDay = (day: string, over: Partial<CancellationRules> = {}) => ({
    request: { requestId: 'cancel-period', childId: 'emma', activityId: 'canteen', day, familyId: 'f-emma', reason: 'Déménagement', period: true as const },
    rules: { ...rules, ...over },
  });

  it('frees each booked day on time, and marks every fact as a day of the period', () => {
    const { events, outcomes } = decidePeriodCancellation(MONTH.map((d) => cancelDay(d)), emmaBooked(MONTH));
    expect(outcomes.map((o) => [o.day, o.status])).toEqual(MONTH.map((d) => [d, 'cancelled']));
    expect(types(events)).toEqual(MONTH.flatMap(() => ['CancellationRequested', 'ReservationCancelled']));
    expect(events.every((e) => (e.data as { period?: true }).period === true)).toBe(true);
  });

  it('keeps (and bills) a day past the deadline and says why, and frees the others', () => {
    const days = [cancelDay(MONTH[0], { onTime: false }), ...MONTH.slice(1).map((d) => cancelDay(d))];
    const { outcomes } = decidePeriodCancellation(days, emmaBooked(MONTH));
    expect(outcomes[0]).toMatchObject({ day: MONTH[0], status: 'refused', reasonCode: 'PAST_DEADLINE', reasonText: expect.stringContaining('facturé') });
    expect(outcomes.slice(1).every((o) => o.status === 'cancelled')).toBe(true);
  });

  it('takes in only the days the child holds: a day never booked is not part of the request', () => {
    const { outcomes } = decidePeriodCancellation(MONTH.map((d) => cancelDay(d)), emmaBooked([MONTH[1]]));
    expect(outcomes).toEqual([{ day: MONTH[1], status: 'cancelled', previousStatus: 'accepted' }]);
  });

  it('keeps a day with an absence declared, writing nothing for it, and says why', () => {
    const state = emmaBooked(MONTH);
    const withAbsence = decideAbsence(
      { requestId: 'abs', childId: 'emma', activityId: 'canteen', day: MONTH[2], familyId: 'f-emma', reason: 'family', medicalCertificate: false },
      state,
    ).reduce(evolveMonth, state);
    const { events, outcomes } = decidePeriodCancellation(MONTH.map((d) => cancelDay(d)), withAbsence);
    expect(outcomes[2]).toMatchObject({ status: 'kept', reasonCode: 'ABSENCE_DECLARED' });
    expect(events.some((e) => e.data.day === MONTH[2])).toBe(false);
  });

  it('gives each freed place to the first waiting child of that day', () => {
    const full = ['x', 'y'].reduce((state, c) => bookedOn(state, c, MONTH[0]), emmaBooked([]));
    const waiting = bookedOn(bookedOn(full, 'emma', MONTH[0]), 'zoe', MONTH[0]);
    const xCancels = { ...cancelDay(MONTH[0]), request: { ...cancelDay(MONTH[0]).request, childId: 'x', familyId: 'f-x' } };
    const { events } = decidePeriodCancellation([xCancels], waiting);
    expect(events[2]).toMatchObject({ type: 'ReservationPromoted', data: { childId: 'emma', waitlist: ['zoe'] } });
  });

  it('leaves the days of a manual activity to the service, whose decision stays a day of the period', () => {
    const { events, outcomes } = decidePeriodCancellation(MONTH.map((d) => cancelDay(d, { processing: 'manual' })), emmaBooked(MONTH));
    expect(outcomes.every((o) => o.status === 'pending')).toBe(true);
    const after = events.reduce(evolveMonth, emmaBooked(MONTH));
    const [accepted] = decideStaffDecision({ requestId: 'cancel-period', childId: 'emma', decision: 'accept' }, after, rules.capacity, 'canteen', MONTH[0]);
    expect(accepted).toMatchObject({ type: 'ReservationCancelled', data: { day: MONTH[0], period: true } });
  });

  it("never touches another family's bookings", () => {
    const other = { ...cancelDay(MONTH[0]), request: { ...cancelDay(MONTH[0]).request, familyId: 'f-other' } };
    expect(decidePeriodCancellation([other], emmaBooked(MONTH))).toEqual({ events: [], outcomes: [] });
  });
});

describe('an absence with its medical certificate', () => {
  const withCertificate = (state: MonthState) =>
    decideAbsence(
      { requestId: 'abs-1', childId: 'a', activityId: 'canteen', day: DAY, familyId: 'f-a', reason: 'illness', medicalCertificate: true, certificateDocumentId: 'doc-1' },
      state,
    );
  const refusal = { absenceRequestId: 'abs-1', documentId: 'doc-1', childId: 'a', activityId: 'canteen', day: DAY, reason: 'Certificat illisible.' };

  it('is justified and names the certificate the service will check', () => {
    const [declared] = withCertificate(dayWith([['a', 'elementaire']]));
    expect(declared.data).toMatchObject({ justified: true, certificateDocumentId: 'doc-1' });
  });

  it('is no longer justified once the service refuses the certificate, which says why: the day is billed', () => {
    const day = dayWith([['a', 'elementaire']]);
    const declared = withCertificate(day).reduce(evolveMonth, day);
    const [refused] = decideCertificateRefusal(refusal, declared);
    expect(refused).toMatchObject({ type: 'AbsenceCertificateRefused', data: { requestId: 'abs-1', familyId: 'f-a', documentId: 'doc-1', reason: 'Certificat illisible.' } });
    expect(bookingOn(evolveMonth(declared, refused), 'a', DAY)).toMatchObject({ status: 'accepted', absence: { justified: false } });
  });

  it('writes nothing for a certificate that justifies nothing (refused already, or another document)', () => {
    const day = dayWith([['a', 'elementaire']]);
    const declared = withCertificate(day).reduce(evolveMonth, day);
    expect(decideCertificateRefusal({ ...refusal, documentId: 'doc-2' }, declared)).toEqual([]);
    const refusedOnce = decideCertificateRefusal(refusal, declared).reduce(evolveMonth, declared);
    expect(decideCertificateRefusal(refusal, refusedOnce)).toEqual([]);
    expect(decideCertificateRefusal(refusal, day)).toEqual([]);
  });
});
