import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { PreRegistrationsComponent } from './pre-registrations';

const pending = {
  preRegistrationId: 'pre-1',
  status: 'pending',
  submittedAt: '2026-11-20T09:30:00Z',
  guardians: [{ firstName: 'Inès', lastName: 'Haddad', email: 'ines.haddad@example.fr' }],
  children: [{ firstName: 'Yanis', lastName: 'Haddad', birthDate: '2019-04-02' }],
  message: '',
};

describe('Pre-registrations waiting for the service', () => {
  let fixture: ComponentFixture<PreRegistrationsComponent>;
  let http: HttpTestingController;
  const text = () => (fixture.nativeElement as HTMLElement).textContent!.replace(/\s+/g, ' ');

  beforeEach(async () => {
    TestBed.configureTestingModule({ imports: [PreRegistrationsComponent], providers: [provideHttpClient(), provideHttpClientTesting(), provideRouter([])] });
    http = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(PreRegistrationsComponent);
    http.expectOne('/api/pre-registrations').flush({ items: [pending] });
    await fixture.whenStable();
  });
  afterEach(() => http.verify());

  it('keeps the outcome and the link to the file opened once the last one is handled', async () => {
    (fixture.nativeElement as HTMLElement).querySelector<HTMLButtonElement>('.button--primary')!.click();
    http.expectOne('/api/pre-registrations/pre-1/open-file').flush({ familyId: 'fam-9', subscriberCode: 'SHB-2026-0042' });
    http.expectOne('/api/pre-registrations').flush({ items: [{ ...pending, status: 'converted' }] });
    await fixture.whenStable();
    expect(text()).toContain('Dossier ouvert pour Inès Haddad : code abonné SHB-2026-0042.');
    expect((fixture.nativeElement as HTMLElement).querySelector('a')!.getAttribute('href')).toBe('/gestion/familles/fam-9');
    expect(text()).toContain('Aucune autre pré-inscription à traiter.');
  });

  it('retries a lost answer with the same request id, so one file is opened', async () => {
    const button = (fixture.nativeElement as HTMLElement).querySelector<HTMLButtonElement>('.button--primary')!;
    button.click();
    const first = http.expectOne('/api/pre-registrations/pre-1/open-file');
    first.error(new ProgressEvent('error'), { status: 0 });
    await fixture.whenStable();
    button.click();
    const again = http.expectOne('/api/pre-registrations/pre-1/open-file');
    expect(again.request.body.requestId).toBe(first.request.body.requestId);
    again.flush({ familyId: 'fam-9' });
    http.expectOne('/api/pre-registrations').flush({ items: [] });
  });
});
