import { HttpErrorResponse } from '@angular/common/http';
import { FormControl, FormGroup } from '@angular/forms';
import { Subject, throwError } from 'rxjs';
import { Submission } from './submission';

const refused = new HttpErrorResponse({
  status: 422,
  error: {
    code: 'VALIDATION_FAILED',
    message: 'Certaines informations sont manquantes ou invalides.',
    details: [
      { field: 'text', code: 'TOO_LONG', message: 'Le message est trop long.' },
      { field: 'requestId', code: 'IS_UUID', message: 'Identifiant de demande invalide.' },
      { field: 'attachment', code: 'TOO_BIG', message: 'La pièce jointe est trop lourde.' },
    ],
  },
});
const unreachable = new HttpErrorResponse({ status: 0, error: new ProgressEvent('error') });

describe('Submission: one command sent from a screen', () => {
  it('is sending until the answer comes, then hands the answer over and makes a new request id', () => {
    const submission = new Submission();
    const first = submission.requestId;
    const answer = new Subject<{ status: string }>();
    const done = jest.fn();
    submission.send(answer, done);
    expect(submission.sending()).toBe(true);
    answer.next({ status: 'accepted' });
    expect(submission.sending()).toBe(false);
    expect(done).toHaveBeenCalledWith({ status: 'accepted' });
    expect(submission.requestId).not.toBe(first);
    expect(submission.error()).toBeNull();
  });

  it('keeps the request id after a lost connection, so a retry cannot be applied twice', () => {
    const submission = new Submission();
    const first = submission.requestId;
    submission.send(throwError(() => unreachable), jest.fn());
    expect(submission.sending()).toBe(false);
    expect(submission.error()?.code).toBe('NETWORK_ERROR');
    expect(submission.definitive()).toBe(false);
    expect(submission.requestId).toBe(first);
  });

  it('after a refusal, shows each problem on its field, the others apart, and makes a new request id', () => {
    const form = new FormGroup({ text: new FormControl('') });
    const submission = new Submission({ form });
    const first = submission.requestId;
    submission.send(throwError(() => refused), jest.fn());
    expect(submission.definitive()).toBe(true);
    expect(submission.requestId).not.toBe(first);
    expect(form.controls.text.errors).toEqual({ server: 'Le message est trop long.' });
    // The request id is the screen's business, never the parent's: it is not shown.
    expect(submission.otherProblems().map((p) => p.field)).toEqual(['attachment']);
  });

  it('keeps the request id in the form control it is given (saved with the draft) and renews it there', () => {
    const requestId = new FormControl('11111111-1111-4111-8111-111111111111', { nonNullable: true });
    const submission = new Submission({ requestId });
    expect(submission.requestId).toBe('11111111-1111-4111-8111-111111111111');
    submission.send(throwError(() => unreachable), jest.fn());
    expect(requestId.value).toBe('11111111-1111-4111-8111-111111111111');
    submission.send(throwError(() => refused), jest.fn());
    expect(requestId.value).not.toBe('11111111-1111-4111-8111-111111111111');
    expect(submission.requestId).toBe(requestId.value);
  });

  it('forgets the last error when sent again or cleared', () => {
    const submission = new Submission();
    submission.send(throwError(() => refused), jest.fn());
    expect(submission.otherProblems().length).toBe(2);
    const answer = new Subject<void>();
    submission.send(answer, jest.fn());
    expect(submission.error()).toBeNull();
    expect(submission.definitive()).toBe(false);
    expect(submission.otherProblems()).toEqual([]);
    submission.fail({ statusCode: 409, code: 'CONFLICT', message: 'Conflit.', details: [] });
    submission.clear();
    expect(submission.error()).toBeNull();
  });

  it('lets the screen act once an error is shown (move the focus), and stay busy when it leaves on success', () => {
    const submission = new Submission();
    const failed = jest.fn();
    submission.send(throwError(() => unreachable), jest.fn(), { failed });
    expect(failed).toHaveBeenCalledWith(expect.objectContaining({ code: 'NETWORK_ERROR' }));
    const answer = new Subject<string>();
    const done = jest.fn();
    submission.send(answer, done, { leaving: true });
    answer.next('https://paiement.example.fr');
    expect(done).toHaveBeenCalled();
    expect(submission.sending()).toBe(true);
  });

  it('puts a problem on the field the form calls otherwise, in the form being edited now', () => {
    const forms = [new FormGroup({ sepa: new FormGroup({ iban: new FormControl('') }) }), new FormGroup({ sepa: new FormGroup({ iban: new FormControl('') }) })];
    let editing = 0;
    const submission = new Submission({ form: () => forms[editing], fieldPath: (field) => field.replace(/^sepaCreditor\./, 'sepa.') });
    editing = 1;
    submission.fail({ statusCode: 422, code: 'VALIDATION_FAILED', message: 'Invalide.', details: [{ field: 'sepaCreditor.iban', code: 'IBAN', message: 'IBAN invalide.' }] });
    expect(forms[1].get('sepa.iban')?.errors).toEqual({ server: 'IBAN invalide.' });
    expect(forms[0].get('sepa.iban')?.errors).toBeNull();
    expect(submission.otherProblems()).toEqual([]);
  });
});
