import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { OpenFamilyPage } from './open-family.page';

describe('Opening a family file at the town hall', () => {
  let fixture: ComponentFixture<OpenFamilyPage>;
  let http: HttpTestingController;
  let page: HTMLElement;
  const text = (el: Element | null) => (el?.textContent ?? '').replace(/\s+/g, ' ').trim();
  const errorOf = (id: string) => text(page.querySelector(`#${id}-error`));
  const input = (id: string, value: string) => {
    const el = page.querySelector<HTMLInputElement>(`#${id}`)!;
    if (el.type === 'radio') el.click();
    else {
      el.value = value;
      el.dispatchEvent(new Event('input'));
      el.dispatchEvent(new Event('blur'));
    }
  };
  const button = (label: string) => Array.from(page.querySelectorAll('button')).find((b) => text(b).startsWith(label))!;
  const submit = async () => {
    page.querySelector('form')!.dispatchEvent(new Event('submit'));
    await fixture.whenStable();
  };

  beforeEach(async () => {
    TestBed.configureTestingModule({ imports: [OpenFamilyPage], providers: [provideHttpClient(), provideHttpClientTesting(), provideRouter([])] });
    http = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(OpenFamilyPage);
    page = fixture.nativeElement as HTMLElement;
    await fixture.whenStable();
  });

  afterEach(() => http.verify());

  it('stops an incomplete file at its fields, in French, and sends nothing', async () => {
    input('child-0-birthDate', '31/02/2020');
    await submit();
    expect(errorOf('guardian-civility')).toContain('Choisissez une civilité.');
    expect(errorOf('guardian-lastName')).toContain('Saisissez le nom du responsable.');
    expect(errorOf('guardian-email')).toContain('Saisissez l’adresse e-mail du responsable.');
    expect(errorOf('child-0-firstName')).toContain('Saisissez le prénom de l’enfant.');
    expect(errorOf('child-0-birthDate')).toContain('jj/mm/aaaa');
    expect(page.querySelector('#child-0-sex')).toBeNull();
    http.expectNone('/api/families');
  });

  it('gives the guardian’s name to the children, and sends the file with dates as the API expects', async () => {
    input('guardian-civility-m', 'M');
    input('guardian-lastName', 'Nguyen');
    input('guardian-firstName', 'Bao');
    input('guardian-email', 'bao.nguyen@example.fr');
    await fixture.whenStable();
    expect(page.querySelector<HTMLInputElement>('#child-0-lastName')!.value).toBe('Nguyen');
    input('child-0-firstName', 'Minh');
    input('child-0-birthDate', '14/03/2019');
    button('Ajouter un enfant').click();
    await fixture.whenStable();
    expect(page.querySelector<HTMLInputElement>('#child-1-lastName')!.value).toBe('Nguyen');
    button("Retirer l'enfant 2").click();
    await fixture.whenStable();
    expect(page.querySelector('#child-1-firstName')).toBeNull();
    await submit();

    const sent = http.expectOne('/api/families');
    expect(sent.request.body).toEqual({
      requestId: expect.any(String),
      guardian: { civility: 'M', lastName: 'Nguyen', firstName: 'Bao', email: 'bao.nguyen@example.fr' },
      children: [{ firstName: 'Minh', lastName: 'Nguyen', birthDate: '2019-03-14' }],
    });
    sent.flush({ familyId: 'f1', subscriberCode: 'SHB-7KQ2-M4XD', name: 'Nguyen', children: [{ childId: 'c1', firstName: 'Minh' }] });
    await fixture.whenStable();
    expect(text(page.querySelector('#subscriber-code'))).toBe('SHB-7KQ2-M4XD');
  });
});
