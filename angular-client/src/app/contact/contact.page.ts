import { Component, DestroyRef, ElementRef, Injector, inject, signal } from '@angular/core';
import { HttpClient } from '@angular/common/http';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { RouterLink } from '@angular/router';
import { SessionStore } from '../auth/session.store';
import { Drafts } from '../shared/drafts';
import { FieldDirective, FieldErrorComponent, focusFirstInvalid } from '../shared/form-field';
import { newRequestId } from '../shared/request-id';
import { Submission, SubmissionErrorComponent } from '../shared/submission';
import { FamilyRequest } from '../requests/requests.api';

/** Same topics and limit as the API (ContactMessageDto). */
export const CONTACT_TOPICS = [
  { value: 'reservations', label: 'Réservations et planning' },
  { value: 'billing', label: 'Facturation et paiement' },
  { value: 'family_file', label: 'Dossier famille' },
  { value: 'other', label: 'Autre question' },
] as const;
export const MAX_MESSAGE_LENGTH = 5000;
const DRAFT = 'contact';

/** « Nous contacter »: the message becomes a request followed in « Mes demandes ». */
@Component({
  selector: 'pf-contact-page',
  imports: [ReactiveFormsModule, RouterLink, FieldDirective, FieldErrorComponent, SubmissionErrorComponent],
  template: `
    <div class="narrow">
      <h1 tabindex="-1">Nous contacter</h1>
      @if (sent(); as r) {
        <div class="notice notice--success" role="status">
          <p>Votre message est envoyé au service enfance (demande {{ r.reference }}). La réponse vous sera envoyée par e-mail et apparaîtra dans « Mes demandes ».</p>
        </div>
        <div class="button-row">
          <a class="button button--primary" [routerLink]="['/demandes', r.requestId]">Suivre ce message</a>
          <button type="button" class="button button--secondary" (click)="another()">Écrire un autre message</button>
        </div>
      } @else {
        <p class="lead">Une question sur une réservation, une facture, votre dossier ? Le service vous répond ici et par e-mail.</p>
        @if (restored()) {
          <div class="notice" role="status"><p>Nous avons gardé le message que vous aviez commencé.</p></div>
        }
        <form class="card form" [formGroup]="form" (ngSubmit)="send()" novalidate>
          <pf-submission-error [submission]="submission" />
          <div class="field">
            <label for="topic">Sujet</label>
            <select id="topic" formControlName="topic" pfField>
              <option value="">Choisissez un sujet</option>
              @for (t of topics; track t.value) {
                <option [value]="t.value">{{ t.label }}</option>
              }
            </select>
            <pf-field-error for="topic" [control]="form.controls.topic" [messages]="{ required: 'Choisissez le sujet de votre message.' }" />
          </div>
          <div class="field">
            <label for="text">Votre message</label>
            <p class="hint" id="text-hint">{{ max }} caractères au plus. Ce que vous écrivez est gardé sur cet appareil jusqu'à l'envoi.</p>
            <textarea id="text" rows="8" formControlName="text" [attr.maxlength]="max" pfField="text-hint"></textarea>
            <pf-field-error for="text" [control]="form.controls.text" [messages]="{ required: 'Écrivez votre message.' }" />
          </div>
          <button type="submit" class="button button--primary button--block" [disabled]="submission.sending()">
            {{ submission.sending() ? 'Envoi en cours…' : submission.error() && !submission.definitive() ? 'Réessayer l’envoi' : 'Envoyer' }}
          </button>
        </form>
      }
    </div>
  `,
})
export class ContactPage {
  private readonly http = inject(HttpClient);
  private readonly session = inject(SessionStore);
  private readonly drafts = inject(Drafts);
  private readonly host = inject<ElementRef<HTMLElement>>(ElementRef);
  private readonly injector = inject(Injector);
  readonly topics = CONTACT_TOPICS;
  readonly max = MAX_MESSAGE_LENGTH;
  readonly form = inject(NonNullableFormBuilder).group({
    topic: ['', Validators.required],
    text: ['', [Validators.required, Validators.maxLength(MAX_MESSAGE_LENGTH)]],
    /** Kept with the draft: after a reload, a retry is the same request. */
    requestId: [newRequestId()],
  });
  readonly submission = new Submission({ form: this.form, requestId: this.form.controls.requestId });
  readonly sent = signal<FamilyRequest | null>(null);
  readonly restored = signal(false);

  constructor() {
    this.restored.set(this.drafts.keep(DRAFT, this.form, inject(DestroyRef)) && !!this.form.controls.text.value);
  }

  send(): void {
    this.submission.clear();
    const familyId = this.session.user()?.familyId;
    if (!this.form.controls.text.value.trim()) this.form.controls.text.setValue('');
    if (this.form.invalid || !familyId) {
      this.form.markAllAsTouched();
      focusFirstInvalid(this.host.nativeElement, this.injector);
      return;
    }
    const { topic, text, requestId } = this.form.getRawValue();
    this.submission.send(this.http.post<FamilyRequest>(`/api/families/${encodeURIComponent(familyId)}/contact`, { requestId, topic, text: text.trim() }), (request) => {
      this.drafts.clear(DRAFT);
      this.sent.set(request);
    });
  }

  another(): void {
    this.form.reset({ topic: '', text: '', requestId: newRequestId() });
    this.sent.set(null);
    this.restored.set(false);
  }
}
