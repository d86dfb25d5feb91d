import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { COMMUNES_PAGE, PreRegistrationPage } from './pre-registration.page';

const SHB = { communeId: 'saint-hilaire-du-bois', name: 'Saint-Hilaire-du-Bois', serviceName: 'Service enfance' };
const communes = (items: object[], total = items.length) => ({ items, total, limit: COMMUNES_PAGE, offset: 0 });

describe('Pre-registration: a family without a code abonné presents itself to its commune', () => {
  let fixture: ComponentFixture<PreRegistrationPage>;
  let http: HttpTestingController;
  let page: HTMLElement;
  const text = (el: Element | null) => (el?.textContent ?? '').replace(/\s+/g, ' ').trim();
  const button = (label: string) => Array.from(page.querySelectorAll('button')).find((b) => text(b) === label)!;
  const errorOf = (id: string) => text(page.querySelector(`#${id}-error`));
  const input = (id: string, value: string | boolean) => {
    const el = page.querySelector<HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement>(`#${id}`)!;
    if (typeof value === 'boolean') {
      (el as HTMLInputElement).checked = value;
      el.dispatchEvent(new Event('change'));
    } else if (el instanceof HTMLInputElement && el.type === 'radio') {
      el.click();
    } else {
      el.value = value;
      el.dispatchEvent(new Event(el instanceof HTMLSelectElement ? 'change' : 'input'));
      el.dispatchEvent(new Event('blur'));
    }
  };
  const submit = async () => {
    page.querySelector('form')!.dispatchEvent(new Event('submit'));
    await fixture.whenStable();
  };

  async function start(list = communes([SHB])) {
    fixture = TestBed.createComponent(PreRegistrationPage);
    page = fixture.nativeElement as HTMLElement;
    await fixture.whenStable();
    const load = http.expectOne((r) => r.url === '/api/communes');
    expect(load.request.params.get('limit')).toBe(String(COMMUNES_PAGE));
    load.flush(list);
    await fixture.whenStable();
  }

  async function fillFamily() {
    input('g0-civility-mme', 'Mme');
    input('g0-lastName', '  Benali ');
    input('g0-firstName', 'Inès');
    input('g0-email', 'ines.benali@example.fr');
    input('g0-quality', 'mere');
    input('g0-phone-mobile', '07 11 22 33 44');
    input('g0-line1', '5 place du Marché');
    input('g0-postcode', '44190');
    input('g0-city', 'Saint-Hilaire-du-Bois');
    input('child-0-firstName', 'Yanis');
    input('child-0-birthDate', '14/09/2020');
    await fixture.whenStable();
  }

  beforeEach(() => {
    sessionStorage.clear();
    TestBed.configureTestingModule({ imports: [PreRegistrationPage], providers: [provideHttpClient(), provideHttpClientTesting(), provideRouter([])] });
    http = TestBed.inject(HttpTestingController);
  });

  afterEach(() => http.verify());

  it('chooses the only commune of the portal for the family, without a search field', async () => {
    await start();
    expect(page.querySelector<HTMLSelectElement>('#communeId')!.value).toBe('saint-hilaire-du-bois');
    expect(page.querySelector('#commune-search')).toBeNull();
  });

  it('stops an incomplete request at the fields, in French, and sends nothing', async () => {
    await start();
    input('g0-postcode', '441');
    input('child-0-birthDate', '31/02/2020');
    await submit();
    expect(errorOf('g0-civility')).toContain('Choisissez une civilité.');
    expect(errorOf('g0-lastName')).toContain('Saisissez le nom.');
    expect(errorOf('g0-phones')).toContain('Indiquez au moins un numéro de téléphone.');
    expect(errorOf('g0-postcode')).toContain('Code postal : 5 chiffres attendus (par exemple 44000).');
    expect(errorOf('g0-city')).toContain('Saisissez la ville.');
    expect(errorOf('child-0-birthDate')).toContain('Saisissez une date valide au format jj/mm/aaaa');
    expect(page.querySelector('#g0-lastName')!.getAttribute('aria-invalid')).toBe('true');
    expect(page.querySelector('#g0-lastName')!.getAttribute('aria-describedby')).toBe('g0-lastName-error');
    input('child-0-birthDate', '02/03/1985');
    await fixture.whenStable();
    expect(errorOf('child-0-birthDate')).toContain('La date de naissance semble erronée');
    input('g0-phone-home', '12 34');
    await fixture.whenStable();
    expect(errorOf('g0-phone-home')).toContain('Numéro de téléphone français attendu');
    http.expectNone('/api/pre-registrations');
  });

  it('sends the family as the service will read it: dates as AAAA-MM-JJ, empty fields left out, the second guardian at the same address', async () => {
    await start();
    await fillFamily();
    button('Ajouter un second responsable').click();
    await fixture.whenStable();
    expect(page.querySelector('#g1-line1')).toBeNull();
    input('g1-civility-m', 'M');
    input('g1-lastName', 'Benali');
    input('g1-firstName', 'Karim');
    input('g1-email', 'karim.benali@example.fr');
    button('Ajouter un enfant').click();
    await fixture.whenStable();
    // The family name is already there for the new child.
    expect(page.querySelector<HTMLInputElement>('#child-1-lastName')!.value).toBe('Benali');
    input('child-1-firstName', 'Lina');
    input('child-1-birthDate', '03/10/2022');
    input('child-1-sex', 'F');
    input('message', ' Nous arrivons en janvier. ');
    await fixture.whenStable();
    await submit();

    const sent = http.expectOne('/api/pre-registrations');
    expect(sent.request.method).toBe('POST');
    expect(sent.request.body).toEqual({
      requestId: expect.stringMatching(/^[0-9a-f-]{36}$/),
      communeId: 'saint-hilaire-du-bois',
      guardians: [
        {
          civility: 'Mme',
          lastName: 'Benali',
          firstName: 'Inès',
          email: 'ines.benali@example.fr',
          quality: 'mere',
          phones: { mobile: '07 11 22 33 44' },
          address: { line1: '5 place du Marché', postcode: '44190', city: 'Saint-Hilaire-du-Bois' },
        },
        { civility: 'M', lastName: 'Benali', firstName: 'Karim', email: 'karim.benali@example.fr' },
      ],
      children: [
        { firstName: 'Yanis', lastName: 'Benali', birthDate: '2020-09-14' },
        { firstName: 'Lina', lastName: 'Benali', birthDate: '2022-10-03', sex: 'F' },
      ],
      message: 'Nous arrivons en janvier.',
    });
    sent.flush({ preRegistrationId: '6f1c2a9e-3b7d-5e4f-8a21-0c9d8e7f6a5b', status: 'pending' }, { status: 201, statusText: 'Created' });
    await fixture.whenStable();
    expect(text(page.querySelector('h1'))).toBe('Demande de pré-inscription envoyée');
    expect(text(page)).toContain('Merci : votre demande est arrivée à la mairie de Saint-Hilaire-du-Bois (Service enfance). Sa référence : 6F1C2A9E.');
    expect(sessionStorage.length).toBe(0);
  });

  it('keeps what was typed through a lost connection, and sends it again under the same request id', async () => {
    await start();
    await fillFamily();
    await submit();
    const first = http.expectOne('/api/pre-registrations');
    first.error(new ProgressEvent('error'), { status: 0, statusText: '' });
    await fixture.whenStable();
    expect(text(page.querySelector('[role="alert"]'))).toContain('Ce que vous avez saisi est conservé sur cet appareil');
    await submit();
    const retried = http.expectOne('/api/pre-registrations');
    expect(retried.request.body.requestId).toBe(first.request.body.requestId);
    retried.error(new ProgressEvent('error'), { status: 0, statusText: '' });
    await fixture.whenStable();

    // The page is reloaded: the draft comes back, as many children as typed.
    fixture.destroy();
    await start();
    expect(page.querySelector<HTMLInputElement>('#g0-email')!.value).toBe('ines.benali@example.fr');
    expect(page.querySelector<HTMLInputElement>('#child-0-birthDate')!.value).toBe('14/09/2020');
    expect(text(page)).toContain('Nous avons gardé ce que vous aviez saisi.');
    await submit();
    const again = http.expectOne('/api/pre-registrations');
    expect(again.request.body.guardians[0].email).toBe('ines.benali@example.fr');
    expect(again.request.body.requestId).toBe(first.request.body.requestId);
    again.flush({ preRegistrationId: '6f1c2a9e-3b7d-5e4f-8a21-0c9d8e7f6a5b', status: 'pending' });
    await fixture.whenStable();
  });

  it('shows each problem the service finds next to its field, and a retry after a refusal is a new request', async () => {
    await start();
    await fillFamily();
    await submit();
    const first = http.expectOne('/api/pre-registrations');
    first.flush(
      {
        statusCode: 400,
        code: 'VALIDATION_FAILED',
        message: 'Certaines informations sont invalides.',
        details: [
          { field: 'guardians.0.address.postcode', code: 'MATCHES', message: 'Code postal : 5 chiffres attendus (par exemple 44000).' },
          { field: 'guardians.0.phones', code: 'PHONE_REQUIRED', message: 'Indiquez au moins un numéro de téléphone.' },
        ],
      },
      { status: 400, statusText: 'Bad Request' },
    );
    await fixture.whenStable();
    expect(errorOf('g0-postcode')).toContain('Code postal : 5 chiffres attendus');
    expect(errorOf('g0-phones')).toContain('Indiquez au moins un numéro de téléphone.');

    input('g0-postcode', '44000');
    input('g0-phone-mobile', '06 12 34 56 78');
    await fixture.whenStable();
    await submit();
    const second = http.expectOne('/api/pre-registrations');
    expect(second.request.body.requestId).not.toBe(first.request.body.requestId);
    second.flush({ preRegistrationId: '6f1c2a9e-3b7d-5e4f-8a21-0c9d8e7f6a5b', status: 'pending' });
    await fixture.whenStable();
  });

  it('offers a search when the portal serves more communes than one page, and keeps the chosen one listed', async () => {
    const many = Array.from({ length: COMMUNES_PAGE }, (_, i) => ({ communeId: `commune-${i}`, name: `Commune ${i}`, serviceName: 'Service enfance' }));
    await start(communes(many, 120));
    expect(page.querySelector<HTMLSelectElement>('#communeId')!.value).toBe('');
    input('communeId', 'commune-3');
    const search = page.querySelector<HTMLInputElement>('#commune-search')!;
    search.value = 'St Hil';
    search.dispatchEvent(new Event('input'));
    await new Promise((resolve) => setTimeout(resolve, 300));
    const found = http.expectOne((r) => r.url === '/api/communes' && r.params.get('q') === 'St Hil');
    found.flush(communes([SHB]));
    await fixture.whenStable();
    const options = Array.from(page.querySelectorAll('#communeId option')).map((o) => text(o));
    expect(options).toEqual(['Choisissez votre commune', 'Commune 3', 'Saint-Hilaire-du-Bois']);
    expect(text(page.querySelector('#commune-search-count'))).toBe('1 commune dans la liste.');
  });
});
