import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { StaffActivity } from '../back-office.api';
import { ActivitiesPage } from './activities.page';

const evening: StaffActivity = {
  activityId: 'a-soir',
  name: 'Garderie du soir',
  kind: 'evening_care',
  facilityId: 'f-peri',
  facilityName: 'Accueil périscolaire Les Écureuils',
  startTime: '16:30',
  endTime: '18:45',
  openWeekdays: [1, 2, 4, 5],
  opensDuringSchoolHolidays: false,
  deadline: { kind: 'workingDaysBefore', days: 1, time: '12:00' },
  deadlineText: 'au plus tard 1 jour ouvré avant, à 12:00',
  capacity: 40,
  processing: 'automatic',
  periods: [{ periodId: 'annee-2026-2027', label: 'Année scolaire 2026-2027', kind: 'school_year', from: '2026-09-01', to: '2027-07-03', openWeekdays: [1, 2, 4, 5] }],
  groups: [
    { group: 'maternelle', capacity: 14 },
    { group: 'elementaire', capacity: 26 },
  ],
  closedDays: [],
  enrolment: 'automatic',
  lateBookingOf: null,
};

describe('Activities page: a capacity typed in a number field', () => {
  let fixture: ComponentFixture<ActivitiesPage>;
  let http: HttpTestingController;
  let page: HTMLElement;
  const text = (el: Element | null) => (el?.textContent ?? '').replace(/\s+/g, ' ').trim();
  const button = (name: string) => Array.from(page.querySelectorAll<HTMLButtonElement>('button')).find((b) => text(b) === name)!;
  /** What a person does in an `<input type="number">`: the browser gives the typed text, Angular's accessor a number. */
  const type = (selector: string, value: string) => {
    const input = page.querySelector<HTMLInputElement>(selector)!;
    expect(input.type).toBe('number');
    input.value = value;
    input.dispatchEvent(new Event('input'));
  };

  beforeEach(async () => {
    TestBed.configureTestingModule({ imports: [ActivitiesPage], providers: [provideHttpClient(), provideHttpClientTesting()] });
    http = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(ActivitiesPage);
    page = fixture.nativeElement as HTMLElement;
    await fixture.whenStable();
    http.expectOne('/api/staff/activities').flush({ items: [evening] });
    http.expectOne('/api/staff/facilities').flush({ items: [{ facilityId: 'f-peri', name: 'Accueil périscolaire Les Écureuils', address: null }] });
    http.expectOne('/api/billing/tariffs').flush({ items: [] });
    await fixture.whenStable();
    button('Modifier : Garderie du soir').click();
    await fixture.whenStable();
  });

  afterEach(() => http.verify());

  it('sends the typed capacities as numbers (total and per group) and says the activity is saved', async () => {
    type('#act-capacity', '3');
    type('#group-1-capacity', '2');
    button('Enregistrer l’activité').click();
    await fixture.whenStable();

    const save = http.expectOne('/api/staff/activities');
    expect(save.request.method).toBe('POST');
    expect(save.request.body).toMatchObject({
      activityId: 'a-soir',
      capacity: 3,
      groups: [
        { group: 'maternelle', capacity: 14 },
        { group: 'elementaire', capacity: 2 },
      ],
      deadline: { kind: 'workingDaysBefore', days: 1, time: '12:00' },
    });
    save.flush({ activityId: 'a-soir' });
    await fixture.whenStable();
    expect(text(page.querySelector('[role="status"]'))).toContain('« Garderie du soir » est enregistrée.');
    http.expectOne('/api/staff/activities').flush({ items: [{ ...evening, capacity: 3 }] });
    http.expectOne('/api/staff/facilities').flush({ items: [] });
    http.expectOne('/api/billing/tariffs').flush({ items: [] });
  });

  it('sends an emptied capacity as « no limit » (null)', async () => {
    type('#act-capacity', '');
    button('Enregistrer l’activité').click();
    await fixture.whenStable();
    const save = http.expectOne('/api/staff/activities');
    expect(save.request.body.capacity).toBeNull();
    save.flush({ activityId: 'a-soir' });
    await fixture.whenStable();
    http.expectOne('/api/staff/activities').flush({ items: [evening] });
    http.expectOne('/api/staff/facilities').flush({ items: [] });
    http.expectOne('/api/billing/tariffs').flush({ items: [] });
  });

  it('stops a capacity that is not a whole number of places, next to its field, and sends nothing', async () => {
    type('#act-capacity', '2.5');
    button('Enregistrer l’activité').click();
    await fixture.whenStable();
    expect(text(page.querySelector('#act-capacity-error'))).toContain('Un nombre entier de places.');
    type('#act-capacity', '0');
    await fixture.whenStable();
    expect(text(page.querySelector('#act-capacity-error'))).toContain('Au moins 1 place');
    http.expectNone('/api/staff/activities');
  });
});
