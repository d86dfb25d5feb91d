import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { SessionStore } from '../auth/session.store';
import { endOfMonth } from '../shared/calendar';
import { todayInParis } from '../shared/french-format';
import { PlanningPage } from './planning.page';
import { Planning, PlanningDay } from './planning.models';

const [year, month] = todayInParis().split('-');
const day = (d: number) => `${year}-${month}-${String(d).padStart(2, '0')}`;
const entry = (d: number, status: PlanningDay['status'], statusLabel: string, extra: Partial<PlanningDay> = {}): PlanningDay => ({
  childId: 'c-lea',
  activityId: 'a-cantine',
  day: day(d),
  status,
  statusLabel,
  actions: [],
  ...extra,
});

const planning: Planning = {
  from: day(1),
  to: endOfMonth(day(1)),
  children: [
    { childId: 'c-lea', firstName: 'Léa', colour: '#7c3aed' },
    { childId: 'c-tom', firstName: 'Tom', colour: '#0f766e' },
  ],
  activities: [
    { activityId: 'a-cantine', name: 'Restaurant scolaire' },
    { activityId: 'a-garderie', name: 'Garderie du soir' },
  ],
  days: [
    entry(3, 'free', 'Libre', { actions: ['book'] }),
    entry(4, 'reserved', 'Réservé', { actions: ['cancel'] }),
    entry(5, 'unavailable', 'Indisponible', { reasonText: 'Délai de réservation dépassé' }),
    entry(6, 'waitlisted', "En liste d'attente"),
    entry(6, 'free', 'Libre', { childId: 'c-tom', activityId: 'a-garderie', actions: ['book'] }),
    entry(7, 'unavailable', 'Indisponible', {
      reasonText: 'Délai dépassé : réservation tardive possible avec majoration',
      actions: ['late_book'],
      lateBooking: { activityId: 'a-repas-non-prevu', name: 'Repas non prévu (majoration)' },
    }),
  ],
};

describe('Planning page', () => {
  let fixture: ComponentFixture<PlanningPage>;
  let http: HttpTestingController;
  let page: HTMLElement;

  beforeEach(async () => {
    sessionStorage.clear();
    TestBed.configureTestingModule({
      imports: [PlanningPage],
      providers: [provideHttpClient(), provideHttpClientTesting(), provideRouter([])],
    });
    TestBed.inject(SessionStore).signedInAs({
      accountId: 'acc-1',
      role: 'guardian',
      communeId: 'shb',
      communeName: 'Saint-Hilaire-du-Bois',
      familyId: 'fam-1',
      displayName: 'Marie Martin',
    });
    http = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(PlanningPage);
    page = fixture.nativeElement as HTMLElement;
    await fixture.whenStable();
  });

  afterEach(() => http.verify());

  async function answerPlanning(body: Planning = planning) {
    const request = http.expectOne((r) => r.url === '/api/families/fam-1/planning');
    expect(request.request.params.get('from')).toBe(day(1));
    request.flush(body);
    await fixture.whenStable();
  }

  const text = (el: Element | null) => (el?.textContent ?? '').replace(/\s+/g, ' ').trim();

  it('says it is loading, then shows each day with its status in words', async () => {
    expect(text(page.querySelector('[role="status"]'))).toContain('Chargement du planning');
    await answerPlanning();

    const reserved = page.querySelector('#day-' + day(4))!.closest('li')!;
    expect(text(reserved)).toContain('Restaurant scolaire');
    expect(text(reserved)).toContain('Léa');
    expect(text(reserved.querySelector('.status'))).toBe('Réservé');

    const unavailable = page.querySelector('#day-' + day(5))!.closest('li')!;
    expect(text(unavailable)).toContain('Indisponible');
    expect(text(unavailable)).toContain('Délai de réservation dépassé');
  });

  it('makes « Libre » days bookable and booked days changeable, with names that say the day, the activity, the child and the status', async () => {
    await answerPlanning();
    const buttons = Array.from(page.querySelectorAll<HTMLButtonElement>('.calendar button')).filter(
      (b) => !text(b).includes('majoration'),
    );
    expect(buttons.map((b) => b.getAttribute('aria-label'))).toEqual([
      expect.stringMatching(/^\S+ 3 \S+ \d{4}, Restaurant scolaire, Léa : Libre \(réserver\)$/),
      expect.stringMatching(/^\S+ 4 \S+ \d{4}, Restaurant scolaire, Léa : Réservé \(annuler\)$/),
      expect.stringMatching(/^\S+ 6 \S+ \d{4}, Garderie du soir, Tom : Libre \(réserver\)$/),
    ]);
  });

  it('shows a legend of children and statuses', async () => {
    await answerPlanning();
    const legend = page.querySelector('.legend')!;
    expect(text(legend)).toContain('Léa');
    expect(text(legend)).toContain('Tom');
    expect(text(legend)).toContain('Libre');
    expect(text(legend)).toContain('Réservé');
    expect(text(legend)).toContain("En liste d'attente");
  });

  it('filters by child', async () => {
    await answerPlanning();
    const select = page.querySelector<HTMLSelectElement>('#filter-child')!;
    select.value = select.options[2]!.value; // Tom
    select.dispatchEvent(new Event('change'));
    await fixture.whenStable();
    const statuses = Array.from(page.querySelectorAll('.calendar .status')).map(text);
    expect(statuses).toEqual(['Libre']);
  });

  it('asks before booking, sends the booking and shows the refusal with its French reason', async () => {
    await answerPlanning();
    page.querySelector<HTMLButtonElement>('.calendar button')!.click();
    await fixture.whenStable();
    const dialog = page.querySelector('dialog')!;
    expect(text(dialog.querySelector('h2'))).toBe('Souhaitez-vous réserver ?');
    expect(text(dialog)).toContain('Restaurant scolaire pour Léa');

    Array.from(dialog.querySelectorAll('button')).find((b) => text(b) === 'Oui, réserver')!.click();
    const booking = http.expectOne('/api/reservations');
    expect(booking.request.method).toBe('POST');
    expect(booking.request.body).toEqual({
      requestId: expect.stringMatching(/^[0-9a-f-]{36}$/),
      childId: 'c-lea',
      activityId: 'a-cantine',
      day: day(3),
    });
    booking.flush({ requestId: booking.request.body.requestId, status: 'refused', reasonCode: 'PAST_DEADLINE', reasonText: 'Le délai de 48 heures est dépassé.' });
    await fixture.whenStable();

    expect(text(dialog.querySelector('h2'))).toBe('Réservation refusée');
    expect(text(dialog)).toContain('Le délai de 48 heures est dépassé.');
    // …and the planning is refreshed.
    await answerPlanning();
  });

  it('offers a late booking at a surcharge past the deadline, says so, and sends it as late', async () => {
    await answerPlanning();
    const late = Array.from(page.querySelectorAll<HTMLButtonElement>('.calendar button')).find(
      (b) => text(b) === 'Réserver avec majoration',
    )!;
    expect(late.getAttribute('aria-label')).toMatch(/^Réserver avec majoration : \S+ 7 \S+ \d{4}, Restaurant scolaire, Léa$/);
    late.click();
    await fixture.whenStable();
    const dialog = page.querySelector('dialog')!;
    expect(text(dialog)).toContain('« Repas non prévu (majoration) », facturé avec une majoration');

    Array.from(dialog.querySelectorAll('button')).find((b) => text(b) === 'Oui, réserver')!.click();
    const booking = http.expectOne('/api/reservations');
    expect(booking.request.body).toMatchObject({ childId: 'c-lea', activityId: 'a-cantine', day: day(7), late: true });
    booking.flush({ requestId: booking.request.body.requestId, status: 'accepted' });
    await fixture.whenStable();
    expect(text(dialog.querySelector('h2'))).toBe('Réservation acceptée');
    await answerPlanning();
  });

  it('switches to the week, the 5-day week and the day, loading the days it needs', async () => {
    await answerPlanning();
    const viewButton = (name: string) =>
      Array.from(page.querySelectorAll<HTMLButtonElement>('.view-switch button')).find((b) => text(b) === name)!;
    viewButton('Semaine').click();
    await fixture.whenStable();
    // The month is loaded; a week crossing into another month needs its days.
    for (const request of http.match((r) => r.url === '/api/families/fam-1/planning')) request.flush(planning);
    await fixture.whenStable();
    expect(viewButton('Semaine').getAttribute('aria-pressed')).toBe('true');
    expect(page.querySelectorAll('.calendar > li')).toHaveLength(7);
    expect(text(page.querySelector('.month-nav h2'))).toMatch(/^Semaine du /);

    viewButton('Semaine 5 jours').click();
    await fixture.whenStable();
    for (const request of http.match((r) => r.url === '/api/families/fam-1/planning')) request.flush(planning);
    await fixture.whenStable();
    expect(page.querySelectorAll('.calendar > li')).toHaveLength(5);

    viewButton('Jour').click();
    await fixture.whenStable();
    for (const request of http.match((r) => r.url === '/api/families/fam-1/planning')) request.flush(planning);
    await fixture.whenStable();
    expect(page.querySelectorAll('.calendar > li')).toHaveLength(1);
    expect(Array.from(page.querySelectorAll('.month-nav button')).map(text)).toEqual(['‹ Jour précédent', 'Jour suivant ›']);
  });

  it('lists only the days with a booking or a request in the list view', async () => {
    await answerPlanning();
    Array.from(page.querySelectorAll<HTMLButtonElement>('.view-switch button')).find((b) => text(b) === 'Liste')!.click();
    await fixture.whenStable();
    const items = Array.from(page.querySelectorAll('.agenda > li'));
    expect(items.map((li) => text(li.querySelector('.status')))).toEqual(['Réservé', "En liste d'attente"]);
  });

  it('cancels a booked day with its reason, and says the outcome', async () => {
    await answerPlanning();
    Array.from(page.querySelectorAll<HTMLButtonElement>('.calendar button')).find((b) => /Réservé \(annuler\)/.test(b.getAttribute('aria-label') ?? ''))!.click();
    await fixture.whenStable();
    const dialog = page.querySelector('dialog')!;
    expect(text(dialog.querySelector('h2'))).toBe('Annuler la réservation ?');
    const reason = dialog.querySelector<HTMLTextAreaElement>('#cancel-reason')!;
    reason.value = 'Sortie scolaire';
    reason.dispatchEvent(new Event('input'));
    Array.from(dialog.querySelectorAll('button')).find((b) => text(b) === 'Confirmer l’annulation')!.click();
    const cancel = http.expectOne('/api/reservations/cancellations');
    expect(cancel.request.body).toEqual({ requestId: expect.stringMatching(/^[0-9a-f-]{36}$/), childId: 'c-lea', activityId: 'a-cantine', day: day(4), reason: 'Sortie scolaire' });
    cancel.flush({ requestId: cancel.request.body.requestId, status: 'accepted' });
    await fixture.whenStable();
    expect(text(dialog.querySelector('h2'))).toBe('Réservation annulée');
    await answerPlanning();
  });

  it('asks the reason of an absence, offers the medical certificate for an illness, and retries with the same request id after a network error', async () => {
    const withAbsence: Planning = { ...planning, days: [entry(4, 'reserved', 'Réservé', { actions: ['declare_absence'], reasonText: 'Annulation impossible : délai dépassé' })] };
    await answerPlanning(withAbsence);
    page.querySelector<HTMLButtonElement>('.calendar button')!.click();
    await fixture.whenStable();
    const dialog = page.querySelector('dialog')!;
    expect(text(dialog.querySelector('h2'))).toBe('Signaler une absence');
    expect(text(dialog)).toContain('Annulation impossible : délai dépassé');
    const submit = () => Array.from(dialog.querySelectorAll('button')).find((b) => /Signaler l’absence|Réessayer/.test(text(b)))!.click();

    submit(); // no reason chosen
    await fixture.whenStable();
    http.expectNone('/api/reservations/absences');
    expect(text(dialog)).toContain('Choisissez le motif de l’absence.');

    dialog.querySelector<HTMLInputElement>('#absence-illness')!.click();
    await fixture.whenStable();
    dialog.querySelector<HTMLInputElement>('#medical-certificate')!.click();
    submit();
    const first = http.expectOne('/api/reservations/absences');
    expect(first.request.body).toMatchObject({ childId: 'c-lea', day: day(4), reason: 'illness', medicalCertificate: true });
    first.error(new ProgressEvent('error'), { status: 0 });
    await fixture.whenStable();
    expect(text(dialog)).toContain('injoignable');

    submit();
    const second = http.expectOne('/api/reservations/absences');
    expect(second.request.body.requestId).toBe(first.request.body.requestId);
    second.flush({ requestId: second.request.body.requestId, status: 'accepted', justified: true });
    await fixture.whenStable();
    expect(text(dialog.querySelector('h2'))).toBe('Absence enregistrée');
    expect(text(dialog)).toContain('ne sera pas facturé');
    await answerPlanning(withAbsence);
  });
});
