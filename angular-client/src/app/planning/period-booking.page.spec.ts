import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { SessionStore } from '../auth/session.store';
import { PeriodBookingPage } from './period-booking.page';
import { PeriodPreview } from './planning.models';

const family = {
  familyId: 'fam-1',
  name: 'Famille NGUYEN',
  guardians: [],
  children: [
    { childId: 'c-minh', firstName: 'Minh', lastName: 'Nguyen', birthDate: '2019-06-30', colour: '#1d4ed8' },
    { childId: 'c-anh', firstName: 'Anh', lastName: 'Nguyen', birthDate: '2023-01-17', colour: '#b91c1c' },
  ],
};
const canteen = {
  activityId: 'a-cantine',
  name: 'Restaurant scolaire',
  kind: 'canteen',
  facilityName: 'Restaurant Jules-Ferry',
  deadlineText: 'Réservation au plus tard 48 heures avant',
  periods: [{ periodId: 'annee', label: 'Année scolaire', kind: 'school_year', from: '2026-09-01', to: '2027-07-03', openWeekdays: [1, 2, 4, 5] }],
  enrolment: 'open',
  lateBooking: { activityId: 'a-tardif', name: 'Repas non prévu (majoration)', deadlineText: 'Réservation tardive le jour même avant 9h00' },
};
const preview = (accepted: number, refused: number): PeriodPreview => ({
  counts: { accepted, waitlisted: 0, refused, pending: 0, skipped: 0 },
  days: [
    ...Array.from({ length: accepted }, (_, i) => ({ day: `2026-12-${String(3 + i).padStart(2, '0')}`, status: 'accepted' as const })),
    ...Array.from({ length: refused }, () => ({ day: '2026-12-01', status: 'refused' as const, reasonCode: 'PAST_DEADLINE', reasonText: 'Le délai de réservation est dépassé.' })),
  ],
  skipped: [],
  lateBooking: { activityId: 'a-tardif', name: 'Repas non prévu (majoration)' },
});

describe('Period booking: several children, a preview, then one request per child', () => {
  let fixture: ComponentFixture<PeriodBookingPage>;
  let http: HttpTestingController;
  let page: HTMLElement;
  const text = (el: Element | null) => (el?.textContent ?? '').replace(/\s+/g, ' ').trim();
  const button = (label: string) => Array.from(page.querySelectorAll('button')).find((b) => text(b) === label)!;
  const input = (selector: string, value: string | boolean) => {
    const el = page.querySelector<HTMLInputElement | HTMLSelectElement>(selector)!;
    if (typeof value === 'boolean') {
      (el as HTMLInputElement).checked = value;
      el.dispatchEvent(new Event('change'));
    } else {
      el.value = value;
      el.dispatchEvent(new Event(el instanceof HTMLSelectElement ? 'change' : 'input'));
    }
  };

  async function start() {
    fixture = TestBed.createComponent(PeriodBookingPage);
    page = fixture.nativeElement as HTMLElement;
    await fixture.whenStable();
    http.expectOne('/api/families/fam-1').flush(family);
    http.expectOne('/api/activities').flush({ items: [canteen] });
    await fixture.whenStable();
  }

  async function fill() {
    input('#child-c-minh', true);
    input('#child-c-anh', true);
    input('#activityId', 'a-cantine');
    input('#from', '2026-12-01');
    input('#to', '2026-12-18');
    await fixture.whenStable();
  }

  beforeEach(() => {
    sessionStorage.clear();
    TestBed.configureTestingModule({ imports: [PeriodBookingPage], providers: [provideHttpClient(), provideHttpClientTesting(), provideRouter([])] });
    TestBed.inject(SessionStore).signedInAs({ accountId: 'acc-1', role: 'guardian', communeId: 'shb', communeName: 'SHB', familyId: 'fam-1', displayName: 'Linh Nguyen' });
    http = TestBed.inject(HttpTestingController);
  });

  afterEach(() => http.verify());

  it('says what is missing next to each field, and sends nothing', async () => {
    await start();
    button('Voir l’aperçu').click();
    await fixture.whenStable();
    expect(text(page)).toContain('Choisissez au moins un enfant.');
    expect(text(page)).toContain('Choisissez une activité.');
    expect(text(page)).toContain('Indiquez le premier jour.');
    http.expectNone('/api/reservations/preview');
  });

  it('proposes the days the activity opens, refuses an end before the start, as the server does', async () => {
    await start();
    await fill();
    const checked = Array.from(page.querySelectorAll<HTMLInputElement>('.weekdays input')).filter((i) => i.checked).map((i) => i.id);
    expect(checked).toEqual(['weekday-1', 'weekday-2', 'weekday-4', 'weekday-5']);
    input('#to', '2026-11-30');
    page.querySelector('#to')!.dispatchEvent(new Event('blur'));
    await fixture.whenStable();
    expect(text(page)).toContain('La date de fin doit suivre la date de début.');
  });

  it('previews each child, then sends one request per child and retries a lost one with the same request id', async () => {
    await start();
    await fill();
    button('Voir l’aperçu').click();
    const previews = http.match('/api/reservations/preview');
    expect(previews.map((r) => r.request.body)).toEqual([
      { childId: 'c-minh', activityId: 'a-cantine', from: '2026-12-01', to: '2026-12-18', weekdays: [1, 2, 4, 5] },
      { childId: 'c-anh', activityId: 'a-cantine', from: '2026-12-01', to: '2026-12-18', weekdays: [1, 2, 4, 5] },
    ]);
    previews.forEach((r) => r.flush(preview(10, 1)));
    // Then the price of the days each preview would book (an estimate that fails hides the price, not the preview).
    const estimates = http.match('/api/families/fam-1/price-estimates');
    expect(estimates.map((r) => [r.request.body.childId, r.request.body.days.length])).toEqual([
      ['c-minh', 10],
      ['c-anh', 10],
    ]);
    estimates[0]!.flush({
      childId: 'c-minh',
      lines: [
        { activityId: 'a-cantine', activityName: 'Restaurant scolaire', kind: 'booked', quotient: 650, unitPriceCents: 250, days: [], quantity: 9, amountCents: 2250 },
        { activityId: 'a-tardif', activityName: 'Repas non prévu (majoration)', kind: 'late_booking', quotient: 650, unitPriceCents: 313, days: [], quantity: 1, amountCents: 313 },
      ],
      totalCents: 2563,
      missing: [],
    });
    estimates[1]!.error(new ProgressEvent('error'), { status: 0 });
    await fixture.whenStable();
    expect(text(page.querySelector('.preview'))).toContain('10 jours seront réservés, 1 jour sera refusé.');
    expect(text(page.querySelector('.preview'))).toContain('Le délai de réservation est dépassé.');
    const prices = Array.from(page.querySelectorAll('.preview__price')).map(text);
    expect(prices).toHaveLength(1);
    expect(prices[0]).toContain('Coût estimé : 25,63 €');
    expect(prices[0]).toContain('1 jour × 3,13 € — réservation tardive « Repas non prévu (majoration) », majoration comprise = 3,13 €');
    // A QF on file: the price is the family's, no warning about the highest bracket.
    expect(prices[0]).toContain('Au tarif de votre quotient familial.');
    expect(prices[0]).not.toContain('Aucun quotient familial');

    button('Envoyer la demande').click();
    const [minh, anh] = http.match('/api/reservations/period');
    expect(minh!.request.body.requestId).not.toBe(anh!.request.body.requestId);
    minh!.flush({ requestId: minh!.request.body.requestId, status: 'accepted', counts: { accepted: 10, waitlisted: 0, refused: 1, pending: 0, skipped: 0 }, days: [], skipped: [] });
    anh!.error(new ProgressEvent('error'), { status: 0 });
    await fixture.whenStable();
    expect(text(page)).toContain('Demande envoyée en partie');
    expect(text(page)).toContain('injoignable');

    button('Réessayer pour Anh').click();
    const again = http.expectOne('/api/reservations/period');
    expect(again.request.body.childId).toBe('c-anh');
    expect(again.request.body.requestId).toBe(anh!.request.body.requestId);
    again.flush({ requestId: again.request.body.requestId, status: 'accepted', counts: { accepted: 10, waitlisted: 0, refused: 1, pending: 0, skipped: 0 }, days: [], skipped: [] });
    await fixture.whenStable();
    expect(Array.from(page.querySelectorAll('.status')).map(text)).toEqual(['Acceptée', 'Acceptée']);
    expect(sessionStorage.length).toBe(0); // nothing left to keep once everything is sent
  });

  it('says a full day is full before sending, with its rank, and that without a QF the highest bracket applies', async () => {
    await start();
    input('#child-c-minh', true);
    input('#activityId', 'a-cantine');
    input('#from', '2026-12-03');
    input('#to', '2026-12-04');
    await fixture.whenStable();
    button('Voir l’aperçu').click();
    http.expectOne('/api/reservations/preview').flush({
      counts: { accepted: 1, waitlisted: 1, refused: 0, pending: 0, skipped: 0 },
      days: [
        { day: '2026-12-03', status: 'accepted' },
        { day: '2026-12-04', status: 'waitlisted', rank: 1 },
      ],
      skipped: [],
      lateBooking: null,
    } satisfies PeriodPreview);
    http.expectOne('/api/families/fam-1/price-estimates').flush({
      childId: 'c-minh',
      lines: [{ activityId: 'a-cantine', activityName: 'Restaurant scolaire', kind: 'booked', quotient: null, unitPriceCents: 480, days: ['2026-12-03'], quantity: 1, amountCents: 480 }],
      totalCents: 480,
      missing: [],
    });
    await fixture.whenStable();
    const shown = text(page.querySelector('.preview'));
    expect(shown).toMatch(/vendredi 4 décembre 2026 ?Complet — liste d'attente \(rang 1\)/);
    expect(shown).toContain("1 jour ira en liste d'attente");
    expect(shown).not.toContain('au tarif de votre quotient familial');
    expect(text(page.querySelector('.quotient-note'))).toContain(
      "Aucun quotient familial n'est enregistré : le tarif de la tranche la plus haute s'applique. Pour un tarif selon vos revenus, envoyez votre attestation CAF (ou de quotient familial) depuis la page Documents",
    );
  });

  it('keeps what was typed for the next visit of the page (a reload, a lost session)', async () => {
    await start();
    await fill();
    fixture.destroy();
    await start();
    expect(page.querySelector<HTMLSelectElement>('#activityId')!.value).toBe('a-cantine');
    expect(page.querySelector<HTMLInputElement>('#to')!.value).toBe('2026-12-18');
    expect(page.querySelector<HTMLInputElement>('#child-c-anh')!.checked).toBe(true);
    expect(text(page)).toContain('Nous avons gardé ce que vous aviez saisi.');
  });
});
