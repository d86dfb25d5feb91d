import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { QueueItem } from '../back-office.api';
import { QueuePage } from './queue.page';

const KIND_LABELS: Record<string, string> = { enrolment: 'Inscription', contact: 'Message au service', document: 'Document', family_change: 'Modification du dossier' };
const DESCRIPTIONS: Record<string, string> = { enrolment: 'Inscription Mercredi loisirs', contact: 'Message', document: 'Document transmis — Attestation CAF', family_change: 'Modification du dossier famille' };
const item = (id: string, kind: string, child: string, status = 'pending'): QueueItem => ({
  requestId: id,
  reference: `D-2026-00000${id.slice(-1)}`,
  kind,
  kindLabel: KIND_LABELS[kind]!,
  submittedAt: '2026-12-01T07:00:00Z',
  description: `${DESCRIPTIONS[kind]} — ${child}`,
  status: status as QueueItem['status'],
  statusLabel: 'En cours',
  unread: false,
  timeline: [],
  familyId: 'fam-1',
  familyName: 'Famille PERRIN',
});

describe('Request queue: the service decides in bulk', () => {
  let fixture: ComponentFixture<QueuePage>;
  let http: HttpTestingController;
  let page: HTMLElement;
  const text = (el: Element | null) => (el?.textContent ?? '').replace(/\s+/g, ' ').trim();
  const button = (label: string) => Array.from(page.querySelectorAll('button')).find((b) => text(b) === label)!;

  beforeEach(async () => {
    TestBed.configureTestingModule({ imports: [QueuePage], providers: [provideHttpClient(), provideHttpClientTesting(), provideRouter([])] });
    http = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(QueuePage);
    page = fixture.nativeElement as HTMLElement;
    await fixture.whenStable();
    http.expectOne('/api/staff/activities').flush({ items: [] });
    const queue = http.expectOne((r) => r.url === '/api/requests');
    expect(queue.request.params.get('status')).toBe('pending');
    queue.flush({
      total: 5,
      limit: 50,
      offset: 0,
      items: [item('r-1', 'enrolment', 'Jules'), item('r-2', 'enrolment', 'Lina'), item('r-3', 'contact', 'Karim'), item('r-4', 'document', 'Lina'), item('r-5', 'family_change', 'Jules')],
    });
    await fixture.whenStable();
  });

  afterEach(() => http.verify());

  it('offers a checkbox on every request the service accepts or refuses, whatever its kind, each named after its request and family', () => {
    const boxes = Array.from(page.querySelectorAll<HTMLInputElement>('.queue__check'));
    expect(boxes.map((b) => b.getAttribute('aria-label'))).toEqual([
      'Sélectionner : Inscription Mercredi loisirs — Jules (Famille PERRIN)',
      'Sélectionner : Inscription Mercredi loisirs — Lina (Famille PERRIN)',
      'Sélectionner : Document transmis — Attestation CAF — Lina (Famille PERRIN)',
      'Sélectionner : Modification du dossier famille — Jules (Famille PERRIN)',
    ]);
    expect(text(page.querySelector('label[for="select-all"]'))).toBe('Sélectionner toutes les demandes à décider affichées (4)');
  });

  it('decides a document and a change to the file together, and says which one did not go through, and why', async () => {
    page.querySelector<HTMLInputElement>('#sel-r-4')!.click();
    page.querySelector<HTMLInputElement>('#sel-r-5')!.click();
    await fixture.whenStable();
    button('Accepter la sélection').click();
    const decision = http.expectOne('/api/staff/bulk-decisions');
    expect(decision.request.body.targets).toEqual([{ requestId: 'r-4' }, { requestId: 'r-5' }]);
    decision.flush({
      decided: 1,
      failed: 1,
      results: [
        { requestId: 'r-4', kind: 'document', kindLabel: 'Document', description: 'Document transmis — Attestation CAF — Lina', outcome: 'decided', status: 'accepted', statusLabel: 'Acceptée' },
        { requestId: 'r-5', kind: 'family_change', kindLabel: 'Modification du dossier', description: 'Modification du dossier famille — Jules', outcome: 'failed', status: 'accepted', statusLabel: 'Acceptée', code: 'REQUEST_NOT_PENDING', message: "Cette demande n'est plus en attente de décision." },
      ],
    });
    http.expectOne((r) => r.url === '/api/requests').flush({ total: 0, limit: 50, offset: 0, items: [] });
    await fixture.whenStable();
    const notice = page.querySelector('#decided-notice')!;
    expect(text(notice.querySelector('h2'))).toBe('Décision enregistrée en partie');
    expect(text(notice)).toContain('1 demande acceptée : les familles sont prévenues. 1 demande n’a pas pu être traitée : voir ci-dessous.');
    expect(Array.from(notice.querySelectorAll('li')).map(text)).toEqual([
      'Document transmis — Attestation CAF — Lina : Acceptée',
      "Modification du dossier famille — Jules : Non traitée — Cette demande n'est plus en attente de décision.",
    ]);
  });

  it('refuses nothing without a message to the families, then accepts the selection with the message', async () => {
    page.querySelector<HTMLInputElement>('#select-all')!.click();
    await fixture.whenStable();
    expect(text(page.querySelector('#bulk-title'))).toBe('4 demandes sélectionnées');

    button('Refuser la sélection').click();
    await fixture.whenStable();
    http.expectNone('/api/staff/bulk-decisions');
    expect(text(page)).toContain('Indiquez aux familles le motif du refus.');

    const message = page.querySelector<HTMLTextAreaElement>('#bulk-message')!;
    message.value = 'Bienvenue au centre de loisirs.';
    message.dispatchEvent(new Event('input'));
    button('Accepter la sélection').click();
    const decision = http.expectOne('/api/staff/bulk-decisions');
    expect(decision.request.body).toEqual({
      requestId: expect.stringMatching(/^[0-9a-f-]{36}$/),
      decision: 'accept',
      message: 'Bienvenue au centre de loisirs.',
      targets: [{ requestId: 'r-1' }, { requestId: 'r-2' }, { requestId: 'r-4' }, { requestId: 'r-5' }],
    });
    const decided = (id: string) => ({ requestId: id, kind: 'enrolment', kindLabel: 'Inscription', description: id, outcome: 'decided', status: 'accepted', statusLabel: 'Acceptée' });
    decision.flush({ decided: 4, failed: 0, results: ['r-1', 'r-2', 'r-4', 'r-5'].map(decided) });
    http.expectOne((r) => r.url === '/api/requests').flush({ total: 1, limit: 50, offset: 0, items: [item('r-3', 'contact', 'Karim')] });
    await fixture.whenStable();
    expect(text(page)).toContain('4 demandes acceptées : les familles sont prévenues.');
    expect(page.querySelector('#bulk-title')).toBeNull();
  });

  it('asks the server again with the filters chosen', async () => {
    const kind = page.querySelector<HTMLSelectElement>('#q-kind')!;
    kind.value = 'enrolment';
    kind.dispatchEvent(new Event('change'));
    const filtered = http.expectOne((r) => r.url === '/api/requests');
    expect(filtered.request.params.get('kind')).toBe('enrolment');
    filtered.flush({ total: 0, limit: 50, offset: 0, items: [] });
    await fixture.whenStable();
    expect(text(page)).toContain('Aucune demande à traiter.');
  });
});
