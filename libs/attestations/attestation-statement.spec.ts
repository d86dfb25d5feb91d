import { attestationStatement, type StatementFacts } from './attestation-statement';

const lea = { childId: 'lea', firstName: 'Léa', lastName: 'Martin', birthDate: '2018-04-12' };
const hugo = { childId: 'hugo', firstName: 'Hugo', lastName: 'Martin', birthDate: '2021-09-03' };
const facts = (over: Partial<StatementFacts> = {}): StatementFacts => ({
  children: [lea, hugo],
  activities: [
    { activityId: 'canteen', name: 'Restaurant scolaire', periods: [{ periodId: 'y26', label: 'Année scolaire 2026-2027', from: '2026-09-01', to: '2027-07-03' }] },
    { activityId: 'evening', name: 'Garderie du soir', periods: [{ periodId: 'y25', label: 'Année scolaire 2025-2026', from: '2025-09-01', to: '2026-07-03' }, { periodId: 'y26', label: 'Année scolaire 2026-2027', from: '2026-09-01', to: '2027-07-03' }] },
  ],
  planning: [],
  payments: [],
  invoices: [],
  enrolments: [],
  ...over,
});
const present = (childId: string, activityId: string, day: string, attendance: 'present' | 'absent' | null = 'present') => ({ childId, activityId, day, attendance });

describe('attestation de présence', () => {
  const planning = [
    present('lea', 'canteen', '2026-09-03'),
    present('lea', 'evening', '2026-09-03'),
    present('lea', 'canteen', '2026-09-04'),
    present('lea', 'canteen', '2026-09-07', 'absent'),
    present('lea', 'canteen', '2026-09-08', null),
    present('lea', 'canteen', '2026-10-01'),
    present('hugo', 'evening', '2026-09-03'),
  ];

  it('counts each day a child was pointed present once, whatever the number of activities that day, within the period only', () => {
    const s = attestationStatement({ kind: 'presence', childId: 'lea', from: '2026-09-01', to: '2026-09-30', year: null }, facts({ planning }), '2026-12-01');
    expect(s.child).toEqual(lea);
    expect(s.presence).toEqual([
      {
        childId: 'lea',
        childName: 'Léa Martin',
        days: 2,
        activities: [
          { activityId: 'evening', activityName: 'Garderie du soir', days: ['2026-09-03'] },
          { activityId: 'canteen', activityName: 'Restaurant scolaire', days: ['2026-09-03', '2026-09-04'] },
        ],
      },
    ]);
    expect(s.summary).toEqual({ days: 2, amountCents: null, enrolments: null });
  });

  it('covers every child of the family when no child is named, and leaves out a child never present', () => {
    const s = attestationStatement({ kind: 'presence', childId: null, from: '2026-09-01', to: '2026-10-31', year: null }, facts({ planning }), '2026-12-01');
    expect(s.presence.map((l) => [l.childName, l.days])).toEqual([['Léa Martin', 3], ['Hugo Martin', 1]]);
    expect(s.summary.days).toBe(4);
    const none = attestationStatement({ kind: 'presence', childId: 'hugo', from: '2026-10-01', to: '2026-10-31', year: null }, facts({ planning }), '2026-12-01');
    expect(none.presence).toEqual([]);
    expect(none.summary.days).toBe(0);
  });
});

describe('attestation de paiement', () => {
  const invoices = [
    { _id: 'i1', type: 'invoice' as const, invoiceId: null, totalCents: 3000, creditedCents: 0, lines: [{ childId: 'lea', amountCents: 2000 }, { childId: 'hugo', amountCents: 1000 }] },
    { _id: 'i2', type: 'invoice' as const, invoiceId: null, totalCents: 1000, creditedCents: 500, lines: [{ childId: 'lea', amountCents: 1000 }] },
    { _id: 'c1', type: 'credit_note' as const, invoiceId: 'i2', totalCents: 500, creditedCents: 0, lines: [{ childId: 'lea', amountCents: 500 }] },
  ];
  const payments = [
    { invoiceId: 'i1', invoiceNumber: 'FA-2026-000001', amountCents: 3000, method: 'cash', receivedOn: '2026-10-05' },
    { invoiceId: 'i2', invoiceNumber: 'FA-2026-000002', amountCents: 500, method: 'online_card', receivedOn: '2026-11-20' },
    { invoiceId: 'i0', invoiceNumber: 'FA-2025-000042', amountCents: 700, method: 'cheque', receivedOn: '2025-12-30' },
    { invoiceId: 'i1', invoiceNumber: 'FA-2026-000001', amountCents: 100, method: 'cash', receivedOn: '2026-12-02' },
  ];

  it('adds up what the family paid in the year, up to the day of issue, in date order', () => {
    const s = attestationStatement({ kind: 'payment', childId: null, from: null, to: null, year: 2026 }, facts({ payments, invoices }), '2026-12-01');
    expect(s.payments.map((p) => [p.receivedOn, p.invoiceNumber, p.amountCents])).toEqual([
      ['2026-10-05', 'FA-2026-000001', 3000],
      ['2026-11-20', 'FA-2026-000002', 500],
    ]);
    expect(s.summary).toEqual({ days: null, amountCents: 3500, enrolments: null });
  });

  it("for one child, counts the child's share of each payment, credit notes taken off", () => {
    const s = attestationStatement({ kind: 'payment', childId: 'hugo', from: null, to: null, year: 2026 }, facts({ payments, invoices }), '2026-12-01');
    expect(s.payments.map((p) => p.amountCents)).toEqual([1000]);
    const lea = attestationStatement({ kind: 'payment', childId: 'lea', from: null, to: null, year: 2026 }, facts({ payments, invoices }), '2026-12-01');
    expect(lea.summary.amountCents).toBe(2000 + 500);
  });
});

describe("attestation d'inscription", () => {
  it('lists the accepted enrolments whose period has not ended on the day of issue', () => {
    const enrolments = [
      { childId: 'lea', activityId: 'canteen', periodId: 'y26', periodLabel: 'Année scolaire 2026-2027', status: 'accepted' as const },
      { childId: 'lea', activityId: 'evening', periodId: 'y25', periodLabel: 'Année scolaire 2025-2026', status: 'accepted' as const },
      { childId: 'hugo', activityId: 'evening', periodId: 'y26', periodLabel: 'Année scolaire 2026-2027', status: 'pending' as const },
      { childId: 'hugo', activityId: 'canteen', periodId: 'y26', periodLabel: 'Année scolaire 2026-2027', status: 'accepted' as const },
    ];
    const s = attestationStatement({ kind: 'enrolment', childId: null, from: null, to: null, year: null }, facts({ enrolments }), '2026-12-01');
    expect(s.enrolments.map((e) => `${e.childName} — ${e.activityName} — ${e.periodLabel} (${e.from} → ${e.to})`)).toEqual([
      'Hugo Martin — Restaurant scolaire — Année scolaire 2026-2027 (2026-09-01 → 2027-07-03)',
      'Léa Martin — Restaurant scolaire — Année scolaire 2026-2027 (2026-09-01 → 2027-07-03)',
    ]);
    expect(s.summary.enrolments).toBe(2);
  });
});
