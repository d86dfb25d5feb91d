import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { SessionStore } from '../auth/session.store';
import { AttestationRequestPage, periodEndProblem } from './attestation-request.page';
import { Attestation } from './attestations.api';

const family = {
  familyId: 'fam-1',
  name: 'Famille NGUYEN',
  guardians: [],
  children: [
    { childId: 'c-minh', firstName: 'Minh', lastName: 'Nguyen', birthDate: '2019-06-30' },
    { childId: 'c-anh', firstName: 'Anh', lastName: 'Nguyen', birthDate: '2023-01-17' },
  ],
};
const answer = (over: Partial<Attestation> = {}): Attestation => ({
  attestationId: 'att-1',
  reference: 'D-2026-000042',
  kind: 'presence',
  kindLabel: 'Attestation de présence',
  childId: 'c-minh',
  from: '2025-09-01',
  to: '2025-09-30',
  year: null,
  message: null,
  status: 'pending',
  statusLabel: 'En cours',
  requestedAt: '2026-12-01T08:00:00Z',
  decidedAt: null,
  reason: null,
  issuedOn: null,
  size: null,
  summary: null,
  summaryText: null,
  pdfUrl: null,
  ...over,
});

describe('« Demander une attestation »: the family chooses what to certify, for whom, over which period', () => {
  let fixture: ComponentFixture<AttestationRequestPage>;
  let http: HttpTestingController;
  let page: HTMLElement;
  const text = (el: Element | null) => (el?.textContent ?? '').replace(/\s+/g, ' ').trim();
  const submit = () => Array.from(page.querySelectorAll('button')).find((b) => text(b).startsWith('Envoyer') || text(b).startsWith('Réessayer'))!;
  const alerts = () => Array.from(page.querySelectorAll('[role="alert"]')).map(text);
  const set = async (selector: string, value: string | boolean) => {
    const el = page.querySelector<HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement>(selector)!;
    if (typeof value === 'boolean') {
      (el as HTMLInputElement).checked = value;
      el.dispatchEvent(new Event('change'));
    } else {
      el.value = value;
      el.dispatchEvent(new Event(el instanceof HTMLSelectElement ? 'change' : 'input'));
    }
    await fixture.whenStable();
  };
  const send = async () => {
    submit().click();
    await fixture.whenStable();
  };

  beforeEach(async () => {
    TestBed.configureTestingModule({ imports: [AttestationRequestPage], providers: [provideHttpClient(), provideHttpClientTesting(), provideRouter([])] });
    TestBed.inject(SessionStore).signedInAs({ accountId: 'acc-1', role: 'guardian', communeId: 'shb', communeName: 'SHB', familyId: 'fam-1', displayName: 'Linh Nguyen' });
    http = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(AttestationRequestPage);
    page = fixture.nativeElement as HTMLElement;
    await fixture.whenStable();
    http.expectOne('/api/families/fam-1').flush(family);
    await fixture.whenStable();
  });

  afterEach(() => http.verify());

  it('offers the three attestations, each explained, and the family’s children or the whole family', () => {
    expect(Array.from(page.querySelectorAll('input[name="kind"] + label')).map(text)).toEqual(['Attestation de présence', 'Attestation de paiement', "Attestation d'inscription"]);
    expect(text(page.querySelector('#att-kind-presence-hint'))).toContain('employeur');
    expect(Array.from(page.querySelectorAll('#att-child option')).map(text)).toEqual(['Toute la famille', 'Minh', 'Anh']);
  });

  it('sends nothing until the attestation is chosen, and says so next to the choice', async () => {
    await send();
    expect(alerts()).toContain('!Choisissez l’attestation à demander.');
    http.expectNone('/api/families/fam-1/attestations');
  });

  it('asks for a past period in the right order, in French, before sending anything', async () => {
    await set('#att-kind-presence', true);
    await send();
    expect(alerts()).toEqual(expect.arrayContaining(['!Indiquez le premier jour de la période.', '!Indiquez le dernier jour de la période.']));
    await set('#att-from', '2025-09-30');
    await set('#att-to', '2025-09-01');
    await send();
    expect(alerts()).toContain('!Le dernier jour de la période suit le premier.');
    await set('#att-to', '2999-01-01');
    await send();
    expect(alerts()).toContain('!Une présence ne s’atteste qu’une fois passée : choisissez un dernier jour au plus tard aujourd’hui.');
    http.expectNone('/api/families/fam-1/attestations');
  });

  it('sends a presence request for one child with its message, then links to the request to follow', async () => {
    await set('#att-kind-presence', true);
    await set('#att-child', 'c-minh');
    await set('#att-from', '2025-09-01');
    await set('#att-to', '2025-09-30');
    await set('#att-message', '  Pour mon employeur.  ');
    await send();
    const req = http.expectOne('/api/families/fam-1/attestations');
    expect(req.request.method).toBe('POST');
    expect(req.request.body).toEqual({ requestId: expect.stringMatching(/^[0-9a-f-]{36}$/), kind: 'presence', childId: 'c-minh', from: '2025-09-01', to: '2025-09-30', message: 'Pour mon employeur.' });
    req.flush(answer());
    await fixture.whenStable();
    expect(text(page.querySelector('[role="status"]'))).toContain('demande D-2026-000042');
    expect(page.querySelector('a[href="/demandes/att-1"]')?.textContent).toContain('Suivre la demande');
  });

  it('sends a payment request with its year only, and retries a lost request with the same id', async () => {
    await set('#att-kind-payment', true);
    const year = page.querySelectorAll<HTMLOptionElement>('#att-year option')[1]!.value;
    await set('#att-year', year);
    await send();
    const first = http.expectOne('/api/families/fam-1/attestations');
    expect(first.request.body).toEqual({ requestId: expect.any(String), kind: 'payment', year: Number(year) });
    first.error(new ProgressEvent('error'), { status: 0 });
    await fixture.whenStable();
    expect(alerts().join(' ')).toContain('injoignable');
    await send();
    const retry = http.expectOne('/api/families/fam-1/attestations');
    expect(retry.request.body.requestId).toBe(first.request.body.requestId);
    retry.flush(answer({ kind: 'payment', year: Number(year) }));
    await fixture.whenStable();
  });

  it('shows the API’s rule next to its field', async () => {
    await set('#att-kind-presence', true);
    await set('#att-from', '2025-01-01');
    await set('#att-to', '2025-01-31');
    await send();
    http.expectOne('/api/families/fam-1/attestations').flush(
      { statusCode: 422, code: 'PERIOD_IN_FUTURE', message: 'Une présence ne s’atteste qu’une fois passée.', details: [{ field: 'to', code: 'PERIOD_IN_FUTURE', message: 'Choisissez un dernier jour passé.' }] },
      { status: 422, statusText: 'Unprocessable Entity' },
    );
    await fixture.whenStable();
    expect(text(page.querySelector('#att-to-error'))).toBe('!Choisissez un dernier jour passé.');
  });
});

describe('the period rule shared with the API', () => {
  it('allows up to a year less a day, as the API does', () => {
    expect(periodEndProblem('2025-12-01', '2026-11-30', '2026-12-01')).toBeNull();
    expect(periodEndProblem('2025-11-30', '2026-11-30', '2026-12-01')).toEqual({ tooLong: expect.anything() });
  });
});
