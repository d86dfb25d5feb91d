import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { AttestationDecisionComponent } from './attestation-decision.component';
import { AttestationPreview } from './attestations.api';

const preview: AttestationPreview = {
  summaryText: '3 jours de présence',
  statement: {
    kind: 'presence',
    child: { childId: 'c-lea', firstName: 'Léa', lastName: 'Martin' },
    from: '2026-11-01',
    to: '2026-11-30',
    year: null,
    asOf: '2026-12-01',
    presence: [{ childName: 'Léa Martin', days: 3, activities: [{ activityName: 'Restaurant scolaire', days: ['2026-11-05', '2026-11-06', '2026-11-09'] }] }],
    payments: [],
    enrolments: [],
    summary: { days: 3, amountCents: null, enrolments: null },
  },
};

describe('The service decides an attestation request after seeing what it will state', () => {
  let fixture: ComponentFixture<AttestationDecisionComponent>;
  let http: HttpTestingController;
  let page: HTMLElement;
  let decided: string[];
  const text = (el: Element | null) => (el?.textContent ?? '').replace(/\s+/g, ' ').trim();
  const button = (label: string) => Array.from(page.querySelectorAll('button')).find((b) => text(b) === label)!;
  const base = '/api/families/fam-1/attestations/att-1';

  beforeEach(async () => {
    TestBed.configureTestingModule({ imports: [AttestationDecisionComponent], providers: [provideHttpClient(), provideHttpClientTesting()] });
    http = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(AttestationDecisionComponent);
    fixture.componentRef.setInput('familyId', 'fam-1');
    fixture.componentRef.setInput('attestationId', 'att-1');
    fixture.componentRef.setInput('status', 'pending');
    decided = [];
    fixture.componentInstance.decided.subscribe((m) => decided.push(m));
    page = fixture.nativeElement as HTMLElement;
    await fixture.whenStable();
    http.expectOne(`${base}/preview`).flush(preview);
    await fixture.whenStable();
  });

  afterEach(() => http.verify());

  it('shows the days the PDF will state, for whom and over which period', () => {
    expect(text(page.querySelector('.attestation-headline'))).toBe('3 jours de présence pour Léa, du 01/11/2026 au 30/11/2026.');
    expect(text(page.querySelector('h3'))).toBe('Léa Martin : 3 jours');
    expect(text(page.querySelector('li'))).toBe('Restaurant scolaire : 3 jours');
  });

  it('refuses nothing without a message to the family', async () => {
    button('Refuser').click();
    await fixture.whenStable();
    expect(text(page.querySelector('#attestation-refusal-error'))).toBe('!Indiquez à la famille le motif du refus.');
    http.expectNone(`${base}/refuse`);
    expect(decided).toEqual([]);
  });

  it('issues the attestation in one click and says the family is told', async () => {
    button('Émettre l’attestation').click();
    await fixture.whenStable();
    const req = http.expectOne(`${base}/issue`);
    expect(req.request.body).toEqual({ requestId: expect.stringMatching(/^[0-9a-f-]{36}$/) });
    req.flush({ status: 'issued' });
    await fixture.whenStable();
    expect(decided).toEqual(['Attestation émise : la famille est prévenue par e-mail et la télécharge depuis sa demande.']);
  });

  it('refuses with the message typed, and shows an error the API gives', async () => {
    const area = page.querySelector<HTMLTextAreaElement>('#attestation-refusal')!;
    area.value = 'Aucun pointage ce mois-là.';
    area.dispatchEvent(new Event('input'));
    button('Refuser').click();
    await fixture.whenStable();
    const req = http.expectOne(`${base}/refuse`);
    expect(req.request.body).toEqual({ requestId: expect.any(String), reason: 'Aucun pointage ce mois-là.' });
    req.flush({ statusCode: 409, code: 'ATTESTATION_ALREADY_DECIDED', message: 'Cette demande d’attestation a déjà été traitée.' }, { status: 409, statusText: 'Conflict' });
    await fixture.whenStable();
    expect(text(page.querySelector('[role="alert"]'))).toBe('Cette demande d’attestation a déjà été traitée.');
    expect(decided).toEqual([]);
  });
});
