import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { QueueItem } from '../back-office.api';
import { QueuePage } from './queue.page';

const item = (id: string, kind: string, child: string, status = 'pending'): QueueItem => ({
  requestId: id,
  reference: `D-2026-00000${id.slice(-1)}`,
  kind,
  kindLabel: kind === 'enrolment' ? 'Inscription' : 'Message au service',
  submittedAt: '2026-12-01T07:00:00Z',
  description: `${kind === 'enrolment' ? 'Inscription Mercredi loisirs' : 'Message'} — ${child}`,
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
    queue.flush({ total: 3, limit: 50, offset: 0, items: [item('r-1', 'enrolment', 'Jules'), item('r-2', 'enrolment', 'Lina'), item('r-3', 'contact', 'Karim')] });
    await fixture.whenStable();
  });

  afterEach(() => http.verify());

  it('offers a checkbox only on requests decided in bulk, each named after its request and family', () => {
    const boxes = Array.from(page.querySelectorAll<HTMLInputElement>('.queue__check'));
    expect(boxes.map((b) => b.getAttribute('aria-label'))).toEqual([
      'Sélectionner : Inscription Mercredi loisirs — Jules (Famille PERRIN)',
      'Sélectionner : Inscription Mercredi loisirs — Lina (Famille PERRIN)',
    ]);
  });

  it('refuses nothing without a message to the families, then accepts the selection with the message', async () => {
    page.querySelector<HTMLInputElement>('#select-all')!.click();
    await fixture.whenStable();
    expect(text(page.querySelector('#bulk-title'))).toBe('2 demandes sélectionnées');

    button('Refuser la sélection').click();
    await fixture.whenStable();
    http.expectNone('/api/staff/decisions');
    expect(text(page)).toContain('Indiquez aux familles le motif du refus.');

    const message = page.querySelector<HTMLTextAreaElement>('#bulk-message')!;
    message.value = 'Bienvenue au centre de loisirs.';
    message.dispatchEvent(new Event('input'));
    button('Accepter la sélection').click();
    const decision = http.expectOne('/api/staff/decisions');
    expect(decision.request.body).toEqual({
      requestId: expect.stringMatching(/^[0-9a-f-]{36}$/),
      decision: 'accept',
      message: 'Bienvenue au centre de loisirs.',
      targets: [{ requestId: 'r-1' }, { requestId: 'r-2' }],
    });
    decision.flush({ decided: 2 });
    http.expectOne((r) => r.url === '/api/requests').flush({ total: 1, limit: 50, offset: 0, items: [item('r-3', 'contact', 'Karim')] });
    await fixture.whenStable();
    expect(text(page)).toContain('2 demandes acceptées : les familles sont prévenues.');
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
