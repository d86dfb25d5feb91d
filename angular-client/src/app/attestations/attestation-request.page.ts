import { Component, DestroyRef, ElementRef, Injector, afterNextRender, inject, signal } from '@angular/core';
import { AbstractControl, NonNullableFormBuilder, ReactiveFormsModule, ValidationErrors, ValidatorFn, Validators } from '@angular/forms';
import { RouterLink } from '@angular/router';
import { SessionStore } from '../auth/session.store';
import { FamilyApi } from '../family/family.api';
import { toApiError } from '../shared/api-error';
import { FieldDirective, FieldErrorComponent, focusFirstInvalid, shouldShowError } from '../shared/form-field';
import { todayInParis } from '../shared/french-format';
import { Load, LoadErrorComponent, LoadingComponent, failed, loading, ready, loadedValue, loadErrorOf } from '../shared/load-state';
import { newRequestId } from '../shared/request-id';
import { Submission, SubmissionErrorComponent } from '../shared/submission';
import { ATTESTATION_KINDS, Attestation, AttestationKind, AttestationRequestBody, AttestationsApi, MAX_ATTESTATION_MESSAGE } from './attestations.api';

/** A validator that applies only to one kind of attestation (the period for presence, the year for payment). */
function forKind(kind: AttestationKind, check: (value: string, form: AbstractControl) => ValidationErrors | null): ValidatorFn {
  return (control) => {
    const form = control.parent;
    if (!form || form.get('kind')?.value !== kind) return null;
    return check(control.value as string, form);
  };
}

/** The same rules as the API (attestation.decider): a past period of at most a year, a year up to this one. */
export function periodEndProblem(from: string, to: string, today: string): ValidationErrors | null {
  if (!to) return { required: true };
  if (from && to < from) return { order: { message: 'Le dernier jour de la période suit le premier.' } };
  if (to > today) return { future: { message: 'Une présence ne s’atteste qu’une fois passée : choisissez un dernier jour au plus tard aujourd’hui.' } };
  if (from) {
    const limit = new Date(`${from}T00:00:00Z`);
    limit.setUTCFullYear(limit.getUTCFullYear() + 1);
    if (to >= limit.toISOString().slice(0, 10)) return { tooLong: { message: 'La période couvre au plus un an.' } };
  }
  return null;
}

/** « Demander une attestation »: présence, paiement or inscription, for a child or the family, with a word to the service. */
@Component({
  selector: 'pf-attestation-request-page',
  imports: [ReactiveFormsModule, RouterLink, FieldDirective, FieldErrorComponent, LoadingComponent, LoadErrorComponent, SubmissionErrorComponent],
  template: `
    <div class="narrow">
      <p class="no-print"><a routerLink="/demandes"><span aria-hidden="true">‹</span> Mes demandes</a></p>
      <h1 tabindex="-1">Demander une attestation</h1>
      @if (sent(); as a) {
        <div class="notice notice--success" role="status">
          <p>Votre demande d'attestation est envoyée au service enfance (demande {{ a.reference }}). Vous serez prévenu par e-mail dès qu'elle sera prête à télécharger.</p>
        </div>
        <div class="button-row">
          <a class="button button--primary" [routerLink]="['/demandes', a.attestationId]">Suivre la demande</a>
          <button type="button" class="button button--secondary" (click)="another()">Demander une autre attestation</button>
        </div>
      } @else {
        <p class="lead">Le service établit l'attestation d'après les présences pointées, les paiements et les inscriptions qu'il a enregistrés. Vous la téléchargez depuis « Mes demandes ».</p>
        @switch (load().state) {
          @case ('loading') { <pf-loading label="Chargement de votre dossier…" /> }
          @case ('error') { <pf-load-error [error]="loadError()!" (retry)="reload()" /> }
          @case ('ready') {
            <form class="card form" [formGroup]="form" (ngSubmit)="send()" novalidate>
              <pf-submission-error [submission]="submission" />
              <fieldset class="field radio-group" [attr.aria-describedby]="showError(form.controls.kind) ? 'att-kind-error' : null">
                <legend>Quelle attestation ?</legend>
                <div class="attestation-kinds">
                  @for (k of kinds; track k.value) {
                    <div class="field--checkbox">
                      <input [id]="'att-kind-' + k.value" type="radio" formControlName="kind" [value]="k.value" name="kind" [attr.aria-describedby]="'att-kind-' + k.value + '-hint'" />
                      <label [for]="'att-kind-' + k.value">{{ k.label }}</label>
                      <p class="hint" [id]="'att-kind-' + k.value + '-hint'">{{ k.hint }}</p>
                    </div>
                  }
                </div>
                <pf-field-error for="att-kind" [control]="form.controls.kind" [messages]="{ required: 'Choisissez l’attestation à demander.' }" />
              </fieldset>

              <div class="field">
                <label for="att-child">Enfant concerné</label>
                <select id="att-child" formControlName="childId" pfField>
                  <option value="">Toute la famille</option>
                  @for (c of children(); track c.childId) { <option [value]="c.childId">{{ c.firstName }}</option> }
                </select>
                <pf-field-error for="att-child" [control]="form.controls.childId" />
              </div>

              @if (kind() === 'presence') {
                <div class="field-row">
                  <div class="field">
                    <label for="att-from">Premier jour de la période</label>
                    <input id="att-from" type="date" formControlName="from" [max]="today" pfField />
                    <pf-field-error for="att-from" [control]="form.controls.from" [messages]="{ required: 'Indiquez le premier jour de la période.' }" />
                  </div>
                  <div class="field">
                    <label for="att-to">Dernier jour (inclus)</label>
                    <input id="att-to" type="date" formControlName="to" [min]="form.controls.from.value" [max]="today" pfField="att-to-hint" />
                    <p class="hint" id="att-to-hint">Au plus tard aujourd'hui, un an au plus.</p>
                    <pf-field-error for="att-to" [control]="form.controls.to" [messages]="{ required: 'Indiquez le dernier jour de la période.' }" />
                  </div>
                </div>
              }
              @if (kind() === 'payment') {
                <div class="field">
                  <label for="att-year">Année</label>
                  <select id="att-year" formControlName="year" pfField>
                    @for (y of years; track y) { <option [value]="y">{{ y }}</option> }
                  </select>
                  <pf-field-error for="att-year" [control]="form.controls.year" [messages]="{ required: 'Choisissez l’année.' }" />
                </div>
              }

              <div class="field">
                <label for="att-message">Un mot au service <span class="optional">(facultatif)</span></label>
                <textarea id="att-message" rows="4" formControlName="message" [attr.maxlength]="max" pfField="att-message-hint"></textarea>
                <p class="hint" id="att-message-hint">Par exemple à qui elle est destinée. {{ max }} caractères au plus.</p>
                <pf-field-error for="att-message" [control]="form.controls.message" />
              </div>
              <button type="submit" class="button button--primary button--block" [disabled]="submission.sending()">
                {{ submission.sending() ? 'Envoi en cours…' : submission.error() && !submission.definitive() ? 'Réessayer l’envoi' : 'Envoyer la demande' }}
              </button>
            </form>
          }
        }
      }
    </div>
  `,
  styles: `
    .attestation-kinds {
      display: grid;
      gap: var(--space-3);
      margin-bottom: var(--space-2);
    }
    .attestation-kinds .hint {
      margin: 0;
    }
  `,
})
export class AttestationRequestPage {
  private readonly api = inject(AttestationsApi);
  private readonly familyApi = inject(FamilyApi);
  private readonly session = inject(SessionStore);
  private readonly host = inject<ElementRef<HTMLElement>>(ElementRef);
  private readonly injector = inject(Injector);
  readonly kinds = ATTESTATION_KINDS;
  readonly max = MAX_ATTESTATION_MESSAGE;
  readonly today = todayInParis();
  /** This year and the four before (the API takes any year from 2000). */
  readonly years = Array.from({ length: 5 }, (_, i) => String(Number(this.today.slice(0, 4)) - i));
  readonly showError = shouldShowError;

  readonly form = inject(NonNullableFormBuilder).group({
    kind: ['' as AttestationKind | '', Validators.required],
    childId: [''],
    from: ['', forKind('presence', (v) => (v ? null : { required: true }))],
    to: ['', forKind('presence', (v, f) => periodEndProblem(f.get('from')!.value as string, v, this.today))],
    year: [this.years[0]!, forKind('payment', (v) => (v ? null : { required: true }))],
    message: ['', Validators.maxLength(MAX_ATTESTATION_MESSAGE)],
    /** A retry after a lost connection is the same request. */
    requestId: [newRequestId()],
  });
  readonly kind = signal<AttestationKind | ''>('');
  readonly load = signal<Load<{ childId: string; firstName: string }[]>>(loading());
  readonly children = loadedValue(this.load, []);
  readonly loadError = loadErrorOf(this.load);
  readonly submission = new Submission({ form: this.form, requestId: this.form.controls.requestId });
  readonly sent = signal<Attestation | null>(null);

  constructor() {
    const subscriptions = [
      this.form.controls.kind.valueChanges.subscribe((kind) => {
        this.kind.set(kind);
        for (const c of [this.form.controls.from, this.form.controls.to, this.form.controls.year]) c.updateValueAndValidity({ emitEvent: false });
      }),
      this.form.controls.from.valueChanges.subscribe(() => this.form.controls.to.updateValueAndValidity({ emitEvent: false })),
    ];
    inject(DestroyRef).onDestroy(() => subscriptions.forEach((s) => s.unsubscribe()));
    this.reload();
  }

  reload(): void {
    const familyId = this.session.user()?.familyId;
    if (!familyId) return;
    this.load.set(loading());
    this.familyApi.family(familyId).subscribe({
      next: (family) => this.load.set(ready(family.children.map((c) => ({ childId: c.childId, firstName: c.firstName })))),
      error: (e: unknown) => this.load.set(failed(toApiError(e))),
    });
  }

  send(): void {
    this.submission.clear();
    const familyId = this.session.user()?.familyId;
    if (this.form.invalid || !familyId) {
      this.form.markAllAsTouched();
      if (this.form.controls.kind.invalid) this.focusKind();
      else focusFirstInvalid(this.host.nativeElement, this.injector);
      return;
    }
    const v = this.form.getRawValue();
    const kind = v.kind as AttestationKind;
    const message = v.message.trim();
    const body: AttestationRequestBody = {
      requestId: v.requestId,
      kind,
      ...(v.childId ? { childId: v.childId } : {}),
      ...(kind === 'presence' ? { from: v.from, to: v.to } : {}),
      ...(kind === 'payment' ? { year: Number(v.year) } : {}),
      ...(message ? { message } : {}),
    };
    this.submission.send(this.api.request(familyId, body), (attestation) => this.sent.set(attestation), {
      failed: () => focusFirstInvalid(this.host.nativeElement, this.injector),
    });
  }

  another(): void {
    this.form.reset({ kind: '', childId: '', from: '', to: '', year: this.years[0]!, message: '', requestId: newRequestId() });
    this.sent.set(null);
  }

  private focusKind(): void {
    afterNextRender(() => this.host.nativeElement.querySelector<HTMLInputElement>('input[name="kind"]')?.focus(), { injector: this.injector });
  }
}
