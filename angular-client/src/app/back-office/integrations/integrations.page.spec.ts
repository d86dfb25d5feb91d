import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, TestRequest, provideHttpClientTesting } from '@angular/common/http/testing';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { Catalogue, IntegratorKey, Webhook, failureText } from './integrations.api';
import { IntegrationsPage } from './integrations.page';
import { WebhookPage } from './webhook.page';

const catalogue: Catalogue = {
  scopes: [
    { scope: 'accounting', meaning: { fr: 'Logiciel de comptabilité : familles, réservations acceptées.' }, typeVersions: ['family.opened@1', 'reservation.accepted@1'] },
    { scope: 'caf-statistics', meaning: { fr: 'Statistiques pour la CAF, sans nom.' }, typeVersions: ['reservation.accepted@1'] },
    { scope: 'school-software', meaning: { fr: 'Logiciel scolaire.' }, typeVersions: ['family.opened@1', 'reservation.requested@1', 'reservation.accepted@1'] },
  ],
  types: [
    { typeVersion: 'family.opened@1', type: 'family.opened', version: 1, latest: true, deprecated: null, meaning: { fr: 'Un dossier famille est ouvert.' } },
    { typeVersion: 'reservation.requested@1', type: 'reservation.requested', version: 1, latest: true, deprecated: null, meaning: { fr: 'Une réservation est demandée.' } },
    { typeVersion: 'reservation.accepted@1', type: 'reservation.accepted', version: 1, latest: true, deprecated: null, meaning: { fr: 'Une réservation est acceptée.' } },
  ],
};
const key = (over: Partial<IntegratorKey> = {}): IntegratorKey => ({
  keyId: 'k-compta',
  label: 'Comptabilité',
  scope: 'accounting',
  keyPrefix: 'pfk_AbCdEfGh',
  status: 'active',
  statusLabel: 'Active',
  issuedAt: '2026-12-01T08:00:00.000Z',
  issuedBy: 'Sandrine Morel',
  revokedAt: null,
  revokedBy: null,
  ...over,
});
const webhook = (over: Partial<Webhook> = {}): Webhook => ({
  subscriptionId: 'w-1',
  keyId: 'k-compta',
  keyLabel: 'Comptabilité',
  url: 'https://compta.exemple.fr/portail',
  eventTypes: ['family.opened@1'],
  status: 'active',
  statusLabel: 'Actif',
  startAfter: 0,
  createdAt: '2026-12-01T08:00:00.000Z',
  previousSecretExpiresAt: null,
  delivery: { deliveredUpTo: 40, failedAttempts: 3, lastDeliveredAt: '2026-12-01T08:05:00.000Z', lastError: 'HTTP_500' },
  ...over,
});

const text = (el: Element | null) => (el?.textContent ?? '').replace(/\s+/g, ' ').trim();
/** A table row as its cells read: 'a | b | c'. */
const cells = (row: Element) => Array.from(row.querySelectorAll('th, td')).map(text).join(' | ');
/** A card as it reads: its title, each fact 'term : value', its buttons. */
const facts = (card: Element) =>
  [
    text(card.querySelector('h3')),
    ...Array.from(card.querySelectorAll('dt')).map((dt) => `${text(dt)} : ${text(dt.nextElementSibling)}`),
    ...Array.from(card.querySelectorAll('button')).map(text),
  ].join(' | ');

describe('Integrations: API keys and webhooks for the commune’s software', () => {
  let fixture: ComponentFixture<IntegrationsPage>;
  let http: HttpTestingController;
  let page: HTMLElement;
  const button = (label: string) => Array.from(page.querySelectorAll('button')).find((b) => text(b) === label)!;
  const errorOf = (id: string) => text(page.querySelector(`#${id}-error`));
  const input = (id: string, value: string) => {
    const el = page.querySelector<HTMLInputElement | HTMLSelectElement>(`#${id}`)!;
    if (el instanceof HTMLInputElement && (el.type === 'radio' || el.type === 'checkbox')) {
      el.click();
      return;
    }
    el.value = value;
    el.dispatchEvent(new Event(el instanceof HTMLSelectElement ? 'change' : 'input'));
    el.dispatchEvent(new Event('blur'));
  };
  const submit = async (formLabel: string) => {
    page.querySelector(`form[aria-labelledby="${formLabel}"]`)!.dispatchEvent(new Event('submit'));
    await fixture.whenStable();
  };
  const lists = (keys: IntegratorKey[], hooks: Webhook[]) => {
    http.expectOne('/api/integrations/keys').flush({ items: keys });
    http.expectOne('/api/integrations/webhooks').flush({ items: hooks });
  };

  beforeEach(async () => {
    TestBed.configureTestingModule({ imports: [IntegrationsPage], providers: [provideHttpClient(), provideHttpClientTesting(), provideRouter([])] });
    http = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(IntegrationsPage);
    page = fixture.nativeElement as HTMLElement;
    await fixture.whenStable();
    lists([key(), key({ keyId: 'k-old', label: 'Ancien logiciel', status: 'revoked', statusLabel: 'Révoquée', revokedAt: '2026-11-02T08:00:00.000Z', revokedBy: 'Sandrine Morel' })], [webhook()]);
    http.expectOne('/api/events/catalogue').flush(catalogue);
    await fixture.whenStable();
  });

  afterEach(() => http.verify());

  it('lists the keys and webhooks with their state in words, and a webhook in failure says why', () => {
    const keys = Array.from(page.querySelectorAll('ul[aria-label="Clés d\'API de la commune"] > li')).map(facts);
    expect(keys[0]).toBe('Comptabilité | État : Active | Périmètre : Comptabilité et facturation | Début de la clé : pfk_AbCdEfGh… | Émise : le 01/12/2026 09:00 par Sandrine Morel | Révoquer la clé Comptabilité');
    expect(keys[1]).toContain('État : Révoquée le 02/11/2026 09:00 par Sandrine Morel');
    const hooks = page.querySelector('ul[aria-label="Webhooks de la commune"]');
    expect(text(hooks)).toContain('En échec : 3 tentatives sans succès (le logiciel a répondu HTTP 500). Les événements suivants attendent.');
    // Only an active key can be revoked, or carry a new webhook.
    expect(keys[1]).not.toContain('Révoquer');
    expect(Array.from(page.querySelectorAll('#hook-key option')).map(text)).toEqual(['Choisissez une clé', 'Comptabilité — Comptabilité et facturation']);
  });

  it('issues a key after checking the form, shows it once, and a retry after a lost connection is the same request', async () => {
    await submit('issue-title');
    expect(errorOf('key-label')).toBe('!Indiquez le logiciel à qui la clé est remise.');
    expect(errorOf('key-scope')).toBe('!Choisissez le périmètre de la clé.');
    http.expectNone('/api/integrations/keys');

    input('key-label', '  Logiciel scolaire ');
    input('key-scope-school-software', '');
    await submit('issue-title');
    const first = http.expectOne((r) => r.method === 'POST' && r.url === '/api/integrations/keys');
    expect(first.request.body).toEqual({ requestId: expect.any(String), label: 'Logiciel scolaire', scope: 'school-software' });
    first.error(new ProgressEvent('error'), { status: 0, statusText: '' });
    await fixture.whenStable();
    expect(text(page.querySelector('[role="alert"]'))).toContain('Le service est injoignable');

    await submit('issue-title');
    const again = http.expectOne((r) => r.method === 'POST' && r.url === '/api/integrations/keys');
    expect(again.request.body.requestId).toBe(first.request.body.requestId);
    again.flush({ keyId: 'k-2', key: 'pfk_SECRET-shown-once', keyPrefix: 'pfk_SECRET-s', label: 'Logiciel scolaire', scope: 'school-software', notice: 'Copiez cette clé maintenant : elle ne sera plus jamais affichée.' });
    lists([key({ keyId: 'k-2', label: 'Logiciel scolaire', scope: 'school-software' }), key()], [webhook()]);
    await fixture.whenStable();
    expect(page.querySelector<HTMLInputElement>('#issued-key-value')!.value).toBe('pfk_SECRET-shown-once');
    expect(text(page.querySelector('#issued-key-title'))).toBe('Clé « Logiciel scolaire » émise');

    button("C'est noté, masquer : Clé d'API").click();
    await fixture.whenStable();
    expect(page.querySelector('#issued-key-value')).toBeNull();
    expect(text(page)).not.toContain('pfk_SECRET-shown-once');
  });

  it('revokes a key only once confirmed', async () => {
    button('Révoquer la clé Comptabilité').click();
    await fixture.whenStable();
    http.expectNone((r) => r.url.endsWith('/revoke'));
    expect(text(page)).toContain("Le logiciel perd l'accès à l'instant et ses webhooks s'arrêtent.");
    button('Confirmer la révocation de la clé Comptabilité').click();
    const revoke = http.expectOne('/api/integrations/keys/k-compta/revoke');
    expect(revoke.request.body).toEqual({ requestId: expect.any(String) });
    revoke.flush(key({ status: 'revoked', statusLabel: 'Révoquée' }));
    lists([key({ status: 'revoked', statusLabel: 'Révoquée' })], [webhook({ statusLabel: 'Suspendu (clé révoquée)' })]);
    await fixture.whenStable();
    expect(text(page.querySelector('[role="status"]'))).toBe("Clé « Comptabilité » révoquée : le logiciel n'a plus accès au portail.");
    expect(text(page)).toContain('Suspendu (clé révoquée)');
    expect(text(page)).toContain("Émettez d'abord une clé pour le logiciel");
  });

  it('subscribes an address to the event types of the key’s scope only, and says next to the address why the portal refuses it', async () => {
    input('hook-key', 'k-compta');
    await fixture.whenStable();
    const types = Array.from(page.querySelectorAll('input[id^="hook-type-"]')).map((el) => el.id);
    expect(types).toEqual(['hook-type-family-opened-1', 'hook-type-reservation-accepted-1']);
    input('hook-url', 'compta.exemple.fr');
    await submit('subscribe-title');
    expect(errorOf('hook-url')).toContain('Adresse web complète attendue');
    expect(errorOf('hook-types')).toContain('Choisissez au moins un type d’événement.');

    input('hook-url', 'http://compta.exemple.fr/portail');
    input('hook-type-reservation-accepted-1', '');
    input('hook-from-start', '');
    await fixture.whenStable();
    await submit('subscribe-title');
    const refused: TestRequest = http.expectOne('/api/integrations/keys/k-compta/webhooks');
    expect(refused.request.body).toEqual({ requestId: expect.any(String), url: 'http://compta.exemple.fr/portail', eventTypes: ['reservation.accepted@1'], after: 0 });
    refused.flush({ statusCode: 422, code: 'WEBHOOK_URL_NOT_HTTPS', message: 'L’adresse du webhook doit commencer par https://.' }, { status: 422, statusText: 'Unprocessable' });
    await fixture.whenStable();
    expect(errorOf('hook-url')).toContain('L’adresse du webhook doit commencer par https://.');

    input('hook-url', 'https://compta.exemple.fr/portail');
    await fixture.whenStable();
    await submit('subscribe-title');
    const sent = http.expectOne('/api/integrations/keys/k-compta/webhooks');
    expect(sent.request.body.requestId).not.toBe(refused.request.body.requestId);
    sent.flush({ subscriptionId: 'w-2', url: 'https://compta.exemple.fr/portail', eventTypes: ['reservation.accepted@1'], startAfter: 0, secret: 'whsec_once', notice: 'Copiez ce secret maintenant.' });
    lists([key()], [webhook(), webhook({ subscriptionId: 'w-2' })]);
    await fixture.whenStable();
    expect(page.querySelector<HTMLInputElement>('#webhook-secret-value')!.value).toBe('whsec_once');
    expect(page.querySelectorAll('ul[aria-label="Webhooks de la commune"] > li')).toHaveLength(2);
  });
});

describe('A webhook’s deliveries', () => {
  let fixture: ComponentFixture<WebhookPage>;
  let http: HttpTestingController;
  let page: HTMLElement;
  const button = (label: string) => Array.from(page.querySelectorAll('button')).find((b) => text(b) === label)!;
  const deliveries = [
    { eventId: 'e2', type: 'family.opened', version: 1, position: 41, attempt: 2, at: '2026-12-01T08:06:00.000Z', outcome: 'failed', outcomeLabel: 'Échec', httpStatus: null, error: 'TIMEOUT', durationMs: 10000, retryInMs: 4000 },
    { eventId: 'e2', type: 'family.opened', version: 1, position: 41, attempt: 1, at: '2026-12-01T08:05:30.000Z', outcome: 'failed', outcomeLabel: 'Échec', httpStatus: 500, error: 'HTTP_500', durationMs: 120, retryInMs: 2000 },
    { eventId: 'e1', type: 'family.opened', version: 1, position: 40, attempt: 1, at: '2026-12-01T08:05:00.000Z', outcome: 'delivered', outcomeLabel: 'Livré', httpStatus: 200, error: null, durationMs: 80, retryInMs: null },
  ];

  beforeEach(async () => {
    TestBed.configureTestingModule({ imports: [WebhookPage], providers: [provideHttpClient(), provideHttpClientTesting(), provideRouter([])] });
    http = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(WebhookPage);
    fixture.componentRef.setInput('id', 'w-1');
    page = fixture.nativeElement as HTMLElement;
    await fixture.whenStable();
    http.expectOne('/api/integrations/webhooks/w-1').flush(webhook());
    http.expectOne((r) => r.url === '/api/integrations/webhooks/w-1/deliveries').flush({ items: deliveries });
    await fixture.whenStable();
  });

  afterEach(() => http.verify());

  it('shows every attempt, newest first, each failure in words, and can keep the failures only', async () => {
    const rows = Array.from(page.querySelectorAll('tbody tr')).map(cells);
    expect(rows).toEqual([
      '01/12/2026 09:06 | family.opened@1 | 41 | 2 | Échec : pas de réponse dans le délai, nouvel essai dans 4 s | 10 s',
      '01/12/2026 09:05 | family.opened@1 | 41 | 1 | Échec : le logiciel a répondu HTTP 500, nouvel essai dans 2 s | 120 ms',
      '01/12/2026 09:05 | family.opened@1 | 40 | 1 | Livré | 80 ms',
    ]);
    const filter = page.querySelector<HTMLInputElement>('#failures-only')!;
    filter.click();
    await fixture.whenStable();
    expect(page.querySelectorAll('tbody tr')).toHaveLength(2);
    expect(text(page.querySelector('[role="status"]'))).toBe('2 échecs affichés.');
  });

  it('stops the deliveries once the cancellation is confirmed', async () => {
    button("Résilier l'abonnement").click();
    await fixture.whenStable();
    button('Confirmer la résiliation').click();
    const cancel = http.expectOne('/api/integrations/webhooks/w-1/unsubscribe');
    expect(cancel.request.body).toEqual({ requestId: expect.any(String) });
    cancel.flush(webhook({ status: 'cancelled', statusLabel: 'Résilié' }));
    await fixture.whenStable();
    expect(text(page)).toContain('Abonnement résilié : plus aucun envoi vers cette adresse.');
    expect(page.querySelector('#replay-after')).toBeNull();
  });

  it('sends the events after a position again', async () => {
    const after = page.querySelector<HTMLInputElement>('#replay-after')!;
    after.value = '12';
    after.dispatchEvent(new Event('input'));
    page.querySelector('form')!.dispatchEvent(new Event('submit'));
    const replay = http.expectOne('/api/integrations/webhooks/w-1/replay');
    expect(replay.request.body).toEqual({ requestId: expect.any(String), after: 12 });
    replay.flush(webhook());
    await fixture.whenStable();
    expect(text(page)).toContain("Les événements après la position 12 vont être renvoyés, dans l'ordre.");
  });
});

describe('Delivery failures in words', () => {
  it('names what went wrong', () => {
    expect(failureText('HTTP_503')).toBe('le logiciel a répondu HTTP 503');
    expect(failureText('ECONNREFUSED')).toBe('connexion refusée (le logiciel est-il arrêté ?)');
    expect(failureText('EPROTO')).toBe('erreur EPROTO');
    expect(failureText(null)).toBe('erreur inconnue');
  });
});
