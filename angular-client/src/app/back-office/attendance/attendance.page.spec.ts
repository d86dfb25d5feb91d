import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { SessionStore } from '../../auth/session.store';
import { todayInParis } from '../../shared/french-format';
import { AttendancePage } from './attendance.page';

const today = todayInParis();
const sheet = {
  activityId: 'a-cantine',
  name: 'Restaurant scolaire',
  day: today,
  items: [
    { childId: 'c-jules', familyId: 'f', firstName: 'Jules', lastName: 'Perrin', group: 'elementaire', expected: true, attendance: null, absence: null, lateBooking: false },
    { childId: 'c-lina', familyId: 'f', firstName: 'Lina', lastName: 'Perrin', group: 'maternelle', expected: true, attendance: 'present', absence: null, lateBooking: true },
  ],
};

describe('Attendance register: one tap per child', () => {
  let fixture: ComponentFixture<AttendancePage>;
  let http: HttpTestingController;
  let page: HTMLElement;
  const text = (el: Element | null) => (el?.textContent ?? '').replace(/\s+/g, ' ').trim();
  const tap = (name: string) => Array.from(page.querySelectorAll<HTMLButtonElement>('.register__button')).find((b) => text(b) === name)!;

  beforeEach(async () => {
    sessionStorage.clear();
    TestBed.configureTestingModule({ imports: [AttendancePage], providers: [provideHttpClient(), provideHttpClientTesting()] });
    TestBed.inject(SessionStore).signedInAs({ accountId: 'staff-1', role: 'staff', communeId: 'shb', communeName: 'SHB', displayName: 'Sandrine' });
    http = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(AttendancePage);
    page = fixture.nativeElement as HTMLElement;
    await fixture.whenStable();
    http.expectOne('/api/staff/activities').flush({ items: [{ activityId: 'a-cantine', name: 'Restaurant scolaire', lateBookingOf: null }] });
    await fixture.whenStable();
    const select = page.querySelector<HTMLSelectElement>('#att-activity')!;
    select.value = 'a-cantine';
    select.dispatchEvent(new Event('change'));
    const load = http.expectOne((r) => r.url === '/api/staff/attendance');
    expect(load.request.params.get('day')).toBe(today);
    load.flush(sheet);
    await fixture.whenStable();
  });

  afterEach(() => http.verify());

  it('shows who is expected and what is already pointed, in words', () => {
    expect(text(page.querySelector('.register__summary'))).toBe('2 attendu(s) · 1 présent(s) · 0 absent(s) · 1 à pointer.');
    expect(tap('Présent : Lina Perrin').getAttribute('aria-pressed')).toBe('true');
    expect(text(page)).toContain('réservation tardive');
  });

  it('records a tap at once, and a tap lost with the connection is sent again with the same request id', async () => {
    tap('Absent : Jules Perrin').click();
    const first = http.expectOne('/api/staff/attendance');
    expect(first.request.body).toEqual({ requestId: expect.any(String), activityId: 'a-cantine', day: today, marks: [{ childId: 'c-jules', status: 'absent' }] });
    first.error(new ProgressEvent('error'), { status: 0 });
    await fixture.whenStable();
    expect(text(page)).toContain('Non enregistré');

    tap('Absent : Jules Perrin').click();
    const again = http.expectOne('/api/staff/attendance');
    expect(again.request.body.requestId).toBe(first.request.body.requestId);
    again.flush({ recorded: 1 });
    await fixture.whenStable();
    expect(tap('Absent : Jules Perrin').getAttribute('aria-pressed')).toBe('true');
    expect(text(page.querySelector('.register__summary'))).toBe('2 attendu(s) · 1 présent(s) · 1 absent(s) · 0 à pointer.');
  });

  it('adds a child who came without a booking: found by name, pointed present, then on the register as « non réservé »', async () => {
    const search = page.querySelector<HTMLInputElement>('#add-search')!;
    search.value = 'ma';
    search.dispatchEvent(new Event('input'));
    http.expectOne('/api/families').flush({
      items: [
        { familyId: 'f', name: 'PERRIN', status: 'active', children: [{ childId: 'c-jules', firstName: 'Jules', lastName: 'Perrin' }] },
        { familyId: 'g', name: 'MARTIN', status: 'active', children: [{ childId: 'c-lea', firstName: 'Léa', lastName: 'Martin' }, { childId: 'c-hugo', firstName: 'Hugo', lastName: 'Martin' }] },
        { familyId: 'h', name: 'MARCEAU', status: 'archived', children: [{ childId: 'c-ines', firstName: 'Inès', lastName: 'Marceau' }] },
      ],
    });
    await fixture.whenStable();
    search.value = 'lea mar';
    search.dispatchEvent(new Event('input'));
    await fixture.whenStable();
    expect(text(page.querySelector('#add-count'))).toBe('1 enfant trouvé.');
    const add = Array.from(page.querySelectorAll<HTMLButtonElement>('.register__candidates button'));
    expect(add.map(text)).toEqual(['Pointer présent : Léa Martin']);
    add[0]!.click();
    const recorded = http.expectOne((r) => r.method === 'POST' && r.url === '/api/staff/attendance');
    expect(recorded.request.body).toEqual({ requestId: expect.any(String), activityId: 'a-cantine', day: today, marks: [{ childId: 'c-lea', status: 'present' }] });
    recorded.flush({ recorded: 1 });
    http.expectOne((r) => r.method === 'GET' && r.url === '/api/staff/attendance').flush({
      ...sheet,
      items: [...sheet.items, { childId: 'c-lea', familyId: 'g', firstName: 'Léa', lastName: 'Martin', group: 'elementaire', expected: false, attendance: 'present', absence: null, lateBooking: false }],
    });
    await fixture.whenStable();
    expect(text(page.querySelector('#added-notice'))).toBe('Léa Martin est pointé(e) présent(e), sans réservation.');
    expect(text(page)).toContain('non réservé');
    expect(tap('Présent : Léa Martin').getAttribute('aria-pressed')).toBe('true');
  });
});
