import { HttpClient, provideHttpClient, withInterceptors } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { BusyNotice, BusyNoticeComponent, busyRetryInterceptor, MAX_BUSY_RETRIES } from './busy-retry';

describe('a call the portal is too busy to take', () => {
  let http: HttpTestingController;
  let client: HttpClient;
  const busy = (seconds: number) => ({ status: 503, statusText: 'Service Unavailable', headers: { 'Retry-After': String(seconds) } });
  const body = { code: 'SERVER_BUSY', message: 'Beaucoup de demandes en ce moment : nouvel essai dans 2 s.' };

  beforeEach(() => {
    jest.useFakeTimers();
    TestBed.configureTestingModule({ providers: [provideHttpClient(withInterceptors([busyRetryInterceptor])), provideHttpClientTesting()] });
    http = TestBed.inject(HttpTestingController);
    client = TestBed.inject(HttpClient);
  });
  afterEach(() => jest.useRealTimers());

  it('is sent again as it was after the wait asked for, while the page counts it down, and lands once', () => {
    const fixture = TestBed.createComponent(BusyNoticeComponent);
    const results: unknown[] = [];
    const sent = { requestId: 'r-1', text: 'Bonjour' };
    client.post('/api/families/f/contact', sent).subscribe((r) => results.push(r));
    http.expectOne('/api/families/f/contact').flush(body, busy(2));
    fixture.detectChanges();
    expect(fixture.nativeElement.textContent).toContain('Beaucoup de demandes en ce moment, nouvel essai dans 2 s.');
    jest.advanceTimersByTime(1000);
    fixture.detectChanges();
    expect(fixture.nativeElement.textContent).toContain('nouvel essai dans 1 s.');
    http.expectNone('/api/families/f/contact');
    jest.advanceTimersByTime(1000);
    const again = http.expectOne('/api/families/f/contact');
    expect(again.request.body).toEqual(sent);
    again.flush({ requestId: 'r-1' }, { status: 201, statusText: 'Created' });
    fixture.detectChanges();
    expect(results).toEqual([{ requestId: 'r-1' }]);
    expect(TestBed.inject(BusyNotice).secondsLeft()).toBeNull();
    expect(fixture.nativeElement.textContent).not.toContain('Beaucoup de demandes');
  });

  it('gives up after a bounded number of tries, and never retries another error', () => {
    const errors: number[] = [];
    client.get('/api/families/f/planning').subscribe({ error: (e) => errors.push(e.status) });
    for (let i = 0; i <= MAX_BUSY_RETRIES; i++) {
      http.expectOne('/api/families/f/planning').flush(body, busy(1));
      jest.advanceTimersByTime(1000);
    }
    expect(errors).toEqual([503]);
    client.get('/api/x').subscribe({ error: (e) => errors.push(e.status) });
    http.expectOne('/api/x').flush({ code: 'NOT_FOUND' }, { status: 404, statusText: 'Not Found' });
    jest.advanceTimersByTime(5000);
    http.expectNone('/api/x');
    expect(errors).toEqual([503, 404]);
  });
});
