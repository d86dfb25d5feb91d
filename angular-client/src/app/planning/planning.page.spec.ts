import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { SessionStore } from '../auth/session.store';
import { addDays, endOfMonth, startOfWeek } from '../shared/calendar';
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
    // These tests look at a month the person chose earlier in this tab (the first opening is below).
    sessionStorage.setItem('pf-brouillon:acc-1:planning-affichage', JSON.stringify({ view: 'month', anchor: todayInParis() }));
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

    // The price before committing: the usual price, the surcharge on its own line, the total.
    const estimates = http.match('/api/families/fam-1/price-estimates');
    expect(estimates.map((r) => r.request.body.days)).toEqual([
      [{ activityId: 'a-cantine', day: day(7) }],
      [{ activityId: 'a-cantine', day: day(7), lateActivityId: 'a-repas-non-prevu' }],
    ]);
    const line = (kind: string, activityId: string, activityName: string, unitPriceCents: number) => ({ activityId, activityName, kind, quotient: null, unitPriceCents, days: [day(7)], quantity: 1, amountCents: unitPriceCents });
    estimates[0]!.flush({ childId: 'c-lea', lines: [line('booked', 'a-cantine', 'Restaurant scolaire', 320)], totalCents: 320, missing: [] });
    estimates[1]!.flush({ childId: 'c-lea', lines: [line('late_booking', 'a-repas-non-prevu', 'Repas non prévu (majoration)', 420)], totalCents: 420, missing: [] });
    await fixture.whenStable();
    const plain = (t: string) => t.replace(/[\u00a0\u202f]/g, ' ');
    expect(Array.from(dialog.querySelectorAll('.price-lines li')).map((li) => plain(text(li)))).toEqual([
      'Prix habituel (Restaurant scolaire) : 3,20 €',
      'Majoration (réservation tardive) : + 1,00 €',
      'Total : 4,20 €',
    ]);
    // No QF on file: the highest bracket applies, and the parent is told how to give the QF.
    expect(text(dialog.querySelector('.quotient-note'))).toContain("Aucun quotient familial n'est enregistré : le tarif de la tranche la plus haute s'applique.");
    expect(dialog.querySelector('.quotient-note a')!.getAttribute('href')).toBe('/documents');

    Array.from(dialog.querySelectorAll('button')).find((b) => text(b) === 'Oui, réserver')!.click();
    const booking = http.expectOne('/api/reservations');
    expect(booking.request.body).toMatchObject({ childId: 'c-lea', activityId: 'a-cantine', day: day(7), late: true });
    booking.flush({ requestId: booking.request.body.requestId, status: 'accepted' });
    await fixture.whenStable();
    expect(text(dialog.querySelector('h2'))).toBe('Réservation acceptée');
    await answerPlanning();
  });

  it('says a full day is full before booking it, with the rank on the waiting list a request would get', async () => {
    await answerPlanning({ ...planning, days: [entry(3, 'free', "Complet — liste d'attente (rang 2)", { actions: ['book'], waitingListRank: 2 })] });
    const full = page.querySelector<HTMLButtonElement>('.calendar button')!;
    expect(full.getAttribute('aria-label')).toMatch(/^\S+ 3 \S+ \d{4}, Restaurant scolaire, Léa : Complet — liste d'attente \(rang 2\) \(réserver en liste d'attente\)$/);
    expect(full.querySelector('.status')!.className).toContain('status--waitlisted');
    expect(text(page.querySelector('.legend'))).toContain("Complet — liste d'attente");
    full.click();
    await fixture.whenStable();
    const dialog = page.querySelector('dialog')!;
    expect(text(dialog)).toContain("Ce jour est complet : votre demande sera inscrite sur la liste d'attente, au rang 2.");
    Array.from(dialog.querySelectorAll('button')).find((b) => text(b) === 'Oui, inscrire en liste d’attente')!.click();
    const booking = http.expectOne('/api/reservations');
    booking.flush({ requestId: booking.request.body.requestId, status: 'waitlisted', rank: 2 });
    await fixture.whenStable();
    expect(text(dialog.querySelector('h2'))).toBe("Inscription en liste d'attente");
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

  it('asks the reason of an absence, takes the medical certificate of an illness as a file, and retries with the same request id after a network error', async () => {
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
    const choose = (file: File) => {
      const input = dialog.querySelector<HTMLInputElement>('#medical-certificate')!;
      Object.defineProperty(input, 'files', { value: [file], configurable: true });
      input.dispatchEvent(new Event('change'));
    };
    choose(new File(['MZ'], 'virus.exe', { type: 'application/x-msdownload' }));
    await fixture.whenStable();
    submit();
    await fixture.whenStable();
    http.expectNone('/api/reservations/absences/with-certificate');
    expect(text(dialog)).toContain('Formats acceptés : PDF, JPEG ou PNG.');

    choose(new File(['%PDF-1.4'], 'certificat.pdf', { type: 'application/pdf' }));
    await fixture.whenStable();
    submit();
    const first = http.expectOne('/api/reservations/absences/with-certificate');
    const sent = first.request.body as FormData;
    expect([sent.get('childId'), sent.get('day'), (sent.get('file') as File).name]).toEqual(['c-lea', day(4), 'certificat.pdf']);
    first.error(new ProgressEvent('error'), { status: 0 });
    await fixture.whenStable();
    expect(text(dialog)).toContain('injoignable');

    submit();
    const second = http.expectOne('/api/reservations/absences/with-certificate');
    expect((second.request.body as FormData).get('requestId')).toBe(sent.get('requestId'));
    second.flush({ requestId: sent.get('requestId'), status: 'accepted', justified: true, certificate: { documentId: 'doc-1', status: 'pending' } });
    await fixture.whenStable();
    expect(text(dialog.querySelector('h2'))).toBe('Absence enregistrée');
    expect(text(dialog)).toContain('ne sera pas facturé. Le service vérifie le certificat');
    await answerPlanning(withAbsence);
  });
});

describe('Planning page, first opened in this tab', () => {
  let fixture: ComponentFixture<PlanningPage>;
  let http: HttpTestingController;
  let page: HTMLElement;
  const today = todayInParis();
  const monday = startOfWeek(today);
  const text = (el: Element | null) => (el?.textContent ?? '').replace(/\s+/g, ' ').trim();
  /** A week of the planning where every day is as `status` says, from `from`. */
  const week = (from: string, status: 'unavailable' | 'free' | 'reserved'): Planning => ({
    from,
    to: addDays(from, 6),
    children: [{ childId: 'c-lea', firstName: 'Léa', colour: '#7c3aed' }],
    activities: [{ activityId: 'a-cantine', name: 'Restaurant scolaire' }],
    days: [0, 1, 3, 4].map((i) => ({
      childId: 'c-lea',
      activityId: 'a-cantine',
      day: addDays(from, i),
      status,
      statusLabel: status === 'free' ? 'Libre' : status === 'reserved' ? 'Réservé' : 'Indisponible',
      actions: status === 'free' ? ['book'] : [],
      ...(status === 'unavailable' ? { reasonText: 'Fermé : vacances scolaires' } : {}),
    })),
  });
  /** Answers the next planning request, checking it asks for the week starting `from`. */
  async function answerWeek(from: string, status: 'unavailable' | 'free' | 'reserved') {
    const request = http.expectOne((r) => r.url === '/api/families/fam-1/planning');
    expect([request.request.params.get('from'), request.request.params.get('to')]).toEqual([from, addDays(from, 6)]);
    request.flush(week(from, status));
    await fixture.whenStable();
  }

  beforeEach(async () => {
    sessionStorage.clear();
    TestBed.configureTestingModule({ imports: [PlanningPage], providers: [provideHttpClient(), provideHttpClientTesting(), provideRouter([])] });
    TestBed.inject(SessionStore).signedInAs({ accountId: 'acc-1', role: 'guardian', communeId: 'shb', communeName: 'Saint-Hilaire-du-Bois', familyId: 'fam-1', displayName: 'Marie Martin' });
    http = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(PlanningPage);
    page = fixture.nativeElement as HTMLElement;
    await fixture.whenStable();
  });

  afterEach(() => http.verify());

  it('opens on the first week with a day to book rather than on weeks of « Indisponible » days, and says so', async () => {
    await answerWeek(monday, 'unavailable');
    expect(text(page.querySelector('[role="status"]'))).toContain('Chargement du planning');
    await answerWeek(addDays(monday, 7), 'unavailable');
    await answerWeek(addDays(monday, 14), 'free');
    expect(page.querySelector('.view-switch button[aria-pressed="true"]')!.textContent!.trim()).toBe('Semaine');
    expect(page.querySelector('.calendar')!.getAttribute('aria-label')).toMatch(/^Jours de la semaine du /);
    expect(Array.from(page.querySelectorAll('.calendar .status')).map(text)).toContain('Libre');
    expect(text(page.querySelector('.planning-opening'))).toBe("Aucun jour n'est réservable avant cette semaine : le planning s'ouvre sur la première semaine réservable.");
    // Today is one tap away.
    Array.from(page.querySelectorAll<HTMLButtonElement>('button')).find((b) => text(b) === "Revenir à aujourd'hui")!.click();
    await fixture.whenStable();
    await answerWeek(monday, 'unavailable');
    expect(page.querySelector('.planning-opening')).toBeNull();
  });

  it('opens on the current week when the family has something there', async () => {
    await answerWeek(monday, 'reserved');
    expect(page.querySelector('.planning-opening')).toBeNull();
    expect(page.querySelector('.today-link')).toBeNull();
  });

  it('stays on the current week when nothing can be booked for months (the summer holidays)', async () => {
    for (let w = 0; w <= 12; w++) await answerWeek(addDays(monday, 7 * w), 'unavailable');
    expect(page.querySelector('.today-link')).toBeNull();
    expect(page.querySelector('.planning-opening')).toBeNull();
    expect(page.querySelector('#day-' + monday)).not.toBeNull();
    expect(text(page.querySelector('.not-bookable'))).toContain('Restaurant scolaire pour Léa — Fermé : vacances scolaires');
  });
});
