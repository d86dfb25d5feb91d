import { Component, input, signal } from '@angular/core';
import { AbstractControl, FormControl } from '@angular/forms';
import { Observable } from 'rxjs';
import { ApiError, FieldProblem, applyServerErrors, isDefinitiveRejection, toApiError } from './api-error';
import { newRequestId } from './request-id';

export interface SubmissionOptions {
  /** The form whose fields show the API's field problems (the others go to `otherProblems`); a function when the form changes (one per item edited). */
  form?: AbstractControl | (() => AbstractControl | undefined);
  /** The form's path of an API field, where they differ (the API's `sepaCreditor.iban` is the form's `sepa.iban`). */
  fieldPath?: (field: string) => string;
  /** Where the request id lives when it must outlive the screen (a form control saved with the draft); otherwise the submission keeps it. */
  requestId?: FormControl<string>;
}

/**
 * One command a screen sends to the API, and what the screen shows of it: the sending flag, the
 * error, whether the server refused for good, and the field problems no field can show.
 * It owns the command's request id (the idempotency key): a retry after a network or server error
 * sends the same id, so the server never applies the command twice; a success or a definitive
 * refusal makes a new one, since the next send is another command.
 */
export class Submission {
  readonly sending = signal(false);
  readonly error = signal<ApiError | null>(null);
  /** The last error was a refusal (4xx): sending the same again would be refused again. */
  readonly definitive = signal(false);
  readonly otherProblems = signal<FieldProblem[]>([]);
  private ownId = newRequestId();

  constructor(private readonly options: SubmissionOptions = {}) {}

  /** The id to send with the command. */
  get requestId(): string {
    return this.options.requestId ? this.options.requestId.value : this.ownId;
  }

  /** A new id: the next send is another command (the form was changed after a refusal, a new item…). */
  renewRequestId(): void {
    if (this.options.requestId) this.options.requestId.setValue(newRequestId());
    else this.ownId = newRequestId();
  }

  /** Forgets the last error (at the start of a submit, before the form is checked, or when the user starts over). */
  clear(): void {
    this.error.set(null);
    this.definitive.set(false);
    this.otherProblems.set([]);
  }

  /**
   * Sends `command` (built with `requestId`). On success `done` runs, once the flags are reset; on
   * an error, once it is shown, `failed` runs (to move the focus, say).
   * `leaving`: the screen goes away on success (a redirection), so it stays busy and cannot send twice.
   */
  send<T>(command: Observable<T>, done: (value: T) => void, options: { failed?: (error: ApiError) => void; leaving?: boolean } = {}): void {
    this.clear();
    this.sending.set(true);
    command.subscribe({
      next: (value) => {
        if (!options.leaving) this.sending.set(false);
        this.renewRequestId();
        done(value);
      },
      error: (e: unknown) => {
        const error = toApiError(e);
        this.fail(error);
        options.failed?.(error);
      },
    });
  }

  /** Shows an error the screen got otherwise (e.g. from a call it makes itself); a definitive one renews the id. */
  fail(error: ApiError): void {
    this.sending.set(false);
    this.definitive.set(isDefinitiveRejection(error));
    if (this.definitive()) this.renewRequestId();
    this.error.set(error);
    const { form, fieldPath } = this.options;
    const target = typeof form === 'function' ? form() : form;
    const details = fieldPath ? error.details.map((p) => ({ ...p, field: fieldPath(p.field) })) : error.details;
    this.otherProblems.set((target ? applyServerErrors(target, details) : details).filter((p) => p.field !== 'requestId'));
  }
}

/** A submission's error, with the problems no field shows; nothing while there is none. */
@Component({
  selector: 'pf-submission-error',
  template: `
    @if (submission().error(); as e) {
      <div class="notice notice--error" role="alert">
        <p>{{ e.message }}</p>
        @for (p of submission().otherProblems(); track p.field + p.code) { <p>{{ p.message }}</p> }
      </div>
    }
  `,
})
export class SubmissionErrorComponent {
  readonly submission = input.required<Submission>();
}
