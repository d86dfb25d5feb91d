import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { CurrentUser } from '../auth/auth.models';
import { SessionStore } from '../auth/session.store';
import { Family } from './family.api';
import { FamilyFilePage } from './family-file.page';

const family = (over: Partial<Family> = {}): Family => ({
  familyId: 'fam-1',
  name: 'Famille MARTIN',
  status: 'active',
  guardians: [{ guardianId: 'g-1', civility: 'Mme', firstName: 'Claire', lastName: 'Martin', email: 'claire.martin@example.fr' }],
  children: [{ childId: 'c-1', firstName: 'Léa', lastName: 'Martin', birthDate: '2018-04-12', colour: '#1d4ed8' }],
  pendingChanges: [],
  missingData: [],
  ...over,
});

const user = (role: CurrentUser['role']): CurrentUser => ({
  accountId: 'acc-1',
  role,
  communeId: 'shb',
  communeName: 'Saint-Hilaire-du-Bois',
  ...(role === 'guardian' ? { familyId: 'fam-1' } : {}),
  displayName: 'Claire Martin',
});

describe("Family file: a child's photo", () => {
  let fixture: ComponentFixture<FamilyFilePage>;
  let http: HttpTestingController;
  let page: HTMLElement;
  const text = (el: Element | null) => (el?.textContent ?? '').replace(/\s+/g, ' ').trim();
  const button = (label: string) => Array.from(page.querySelectorAll('button')).find((b) => text(b).startsWith(label));

  async function open(role: CurrentUser['role'], answer: Family) {
    sessionStorage.clear();
    TestBed.configureTestingModule({ imports: [FamilyFilePage], providers: [provideHttpClient(), provideHttpClientTesting(), provideRouter([])] });
    TestBed.inject(SessionStore).signedInAs(user(role));
    http = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(FamilyFilePage);
    if (role !== 'guardian') fixture.componentRef.setInput('familyId', 'fam-1');
    page = fixture.nativeElement as HTMLElement;
    await fixture.whenStable();
    http.expectOne('/api/families/fam-1').flush(answer);
    await fixture.whenStable();
  }

  function choose(file: File) {
    const input = page.querySelector<HTMLInputElement>('#photo-c-1')!;
    Object.defineProperty(input, 'files', { value: [file], configurable: true });
    input.dispatchEvent(new Event('change'));
  }

  it("shows the child's photo with a text alternative naming the child", async () => {
    await open('guardian', family({ children: [{ ...family().children[0], photoId: 'p-1' }] }));
    const img = page.querySelector<HTMLImageElement>('.child-photo img')!;
    expect(img.getAttribute('src')).toBe('/api/families/fam-1/photos/p-1');
    expect(img.getAttribute('alt')).toBe('Photo de Léa Martin');
    expect(text(page.querySelector('label[for="photo-c-1"]'))).toBe('Changer la photo de Léa');
  });

  it('refuses a file that is not a JPEG or PNG before sending anything', async () => {
    await open('guardian', family());
    expect(text(page.querySelector('.child-photo__none'))).toBe('Pas de photo');
    choose(new File(['%PDF-1.4'], 'photo.pdf', { type: 'application/pdf' }));
    await fixture.whenStable();
    expect(text(page.querySelector('#photo-c-1-error'))).toContain('Seules les photos JPEG et PNG sont acceptées.');
    button('Envoyer la photo au service')!.click();
    await fixture.whenStable();
    http.expectNone('/api/families/fam-1/children/c-1/photo');
  });

  it("sends a parent's photo as a change the service validates, then shows it pending", async () => {
    await open('guardian', family());
    choose(new File([new Uint8Array([0xff, 0xd8, 0xff, 0xe0])], 'lea.jpg', { type: 'image/jpeg' }));
    await fixture.whenStable();
    button('Envoyer la photo au service')!.click();
    const upload = http.expectOne('/api/families/fam-1/children/c-1/photo');
    const body = upload.request.body as FormData;
    expect(body.get('requestId')).toMatch(/^[0-9a-f-]{36}$/);
    expect((body.get('file') as File).name).toBe('lea.jpg');
    upload.flush({ photoId: 'p-2', requestId: body.get('requestId'), status: 'pending', statusLabel: 'En attente de validation' });
    http.expectOne('/api/families/fam-1').flush(
      family({
        pendingChanges: [
          { requestId: 'r-1', change: { target: 'child', childId: 'c-1', changes: { photoId: 'p-2' } }, summary: ['Léa — Photo : nouvelle photo'], requestedAt: '2026-11-03T08:00:00Z', status: 'pending', statusLabel: 'En attente de validation' },
        ],
      }),
    );
    await fixture.whenStable();
    expect(text(page.querySelector('#sent-notice'))).toContain('La photo de Léa est envoyée : elle apparaît « En attente de validation »');
    const pending = page.querySelector<HTMLImageElement>('.pending-photo')!;
    expect(pending.getAttribute('alt')).toBe('Nouvelle photo proposée pour Léa Martin');
    expect(pending.getAttribute('src')).toBe('/api/families/fam-1/photos/p-2');
  });

  it('lets the service set a photo at once, and says why the server refused one', async () => {
    await open('staff', family());
    // The billing panel's own calls: not what this test is about.
    http.match(() => true).forEach((r) => r.flush({ statusCode: 404, code: 'NOT_FOUND', message: 'Introuvable.' }, { status: 404, statusText: 'Not Found' }));
    choose(new File([new Uint8Array([0x89, 0x50, 0x4e, 0x47])], 'lea.png', { type: 'image/png' }));
    await fixture.whenStable();
    button('Enregistrer la photo')!.click();
    http.expectOne('/api/families/fam-1/children/c-1/photo').flush(
      { statusCode: 422, code: 'PHOTO_TYPE_NOT_ALLOWED', message: 'Seules les photos JPEG et PNG sont acceptées (le contenu du fichier a été vérifié).' },
      { status: 422, statusText: 'Unprocessable Entity' },
    );
    await fixture.whenStable();
    expect(text(page.querySelector('#photo-c-1-error'))).toContain('le contenu du fichier a été vérifié');
    button('Enregistrer la photo')!.click();
    http.expectOne('/api/families/fam-1/children/c-1/photo').flush({ photoId: 'p-3', requestId: 'x', status: 'recorded', statusLabel: 'Photo enregistrée' });
    http.expectOne('/api/families/fam-1').flush(family({ children: [{ ...family().children[0], photoId: 'p-3' }] }));
    await fixture.whenStable();
    expect(text(page.querySelector('#sent-notice'))).toBe('La photo de Léa est enregistrée.');
    expect(page.querySelector<HTMLImageElement>('.child-photo img')!.getAttribute('alt')).toBe('Photo de Léa Martin');
  });
});
