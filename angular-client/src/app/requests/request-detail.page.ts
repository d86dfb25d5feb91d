import { Component, DestroyRef, ElementRef, Injector, computed, effect, inject, input, signal, untracked } from '@angular/core';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { RouterLink } from '@angular/router';
import { SessionStore } from '../auth/session.store';
import { toApiError } from '../shared/api-error';
import { Drafts } from '../shared/drafts';
import { FieldDirective, FieldErrorComponent, focusFirstInvalid } from '../shared/form-field';
import { formatDateTime } from '../shared/french-format';
import { LiveUpdates } from '../shared/live-updates';
import { Load, LoadErrorComponent, LoadingComponent, failed, loading, ready, loadedValue, loadErrorOf } from '../shared/load-state';
import { Submission } from '../shared/submission';
import { AttestationFileComponent } from '../attestations/attestation-file.component';
import { RequestTimelineComponent } from './request-timeline';
import { FamilyRequest, RequestsApi } from './requests.api';
import { RequestsStore } from './requests.store';

/** One request and its history: every step with when, what, who, through which channel, why; its messages. */
@Component({
  selector: 'pf-request-detail-page',
  imports: [RouterLink, ReactiveFormsModule, LoadingComponent, LoadErrorComponent, FieldDirective, FieldErrorComponent, RequestTimelineComponent, AttestationFileComponent],
  template: `
    <p class="no-print"><a routerLink="/demandes"><span aria-hidden="true">‹</span> Toutes mes demandes</a></p>
    @switch (load().state) {
      @case ('loading') {
        <h1 tabindex="-1">Suivi de la demande</h1>
        <pf-loading label="Chargement de la demande…" />
      }
      @case ('error') {
        <h1 tabindex="-1">{{ notFound() ? 'Demande introuvable' : 'Suivi de la demande' }}</h1>
        <pf-load-error [error]="error()!" (retry)="reload()" />
      }
      @case ('ready') {
        @if (request(); as r) {
          <h1 tabindex="-1">{{ r.description }}</h1>
          @if (r.kind === 'certificate') {
            <pf-attestation-file [familyId]="familyId()" [attestationId]="r.requestId" [status]="r.status" />
          }
          <pf-request-timeline [request]="r" />

          @if (r.kind === 'contact') {
            <section class="card" aria-labelledby="reply-title">
              <h2 id="reply-title">Compléter votre message</h2>
              <form class="form" [formGroup]="form" (ngSubmit)="sendFollowUp(r)" novalidate>
                <div class="field">
                  <label for="follow-up">Votre message</label>
                  <textarea id="follow-up" rows="4" formControlName="text" maxlength="5000" pfField></textarea>
                  <pf-field-error for="follow-up" [control]="form.controls.text" [messages]="{ required: 'Écrivez votre message.' }" />
                </div>
                @if (followUp.error(); as e) {
                  <div class="notice notice--error" role="alert"><p>{{ e.message }}</p></div>
                }
                @if (sent()) {
                  <div class="notice notice--success" role="status"><p>Votre message est envoyé au service.</p></div>
                }
                <button type="submit" class="button button--primary" [disabled]="followUp.sending()">
                  {{ followUp.sending() ? 'Envoi en cours…' : followUp.error() ? 'Réessayer' : 'Envoyer' }}
                </button>
              </form>
            </section>
          }
        }
      }
    }
  `,
})
export class RequestDetailPage {
  private readonly api = inject(RequestsApi);
  private readonly store = inject(RequestsStore);
  private readonly session = inject(SessionStore);
  private readonly drafts = inject(Drafts);
  private readonly host = inject<ElementRef<HTMLElement>>(ElementRef);
  private readonly injector = inject(Injector);
  private readonly destroyRef = inject(DestroyRef);
  /** Bound from the route parameter (withComponentInputBinding). */
  readonly requestId = input.required<string>();

  readonly load = signal<Load<FamilyRequest>>(loading());
  readonly request = loadedValue(this.load, null);
  readonly error = loadErrorOf(this.load);
  readonly notFound = computed(() => this.error()?.statusCode === 404);
  readonly familyId = computed(() => this.session.user()?.familyId ?? '');
  readonly dateTime = formatDateTime;

  readonly form = inject(NonNullableFormBuilder).group({ text: ['', [Validators.required, Validators.maxLength(5000)]] });
  readonly followUp = new Submission();
  readonly sent = signal(false);
  private draftKept = false;

  constructor() {
    effect(() => {
      const id = this.requestId();
      untracked(() => this.reload(id));
    });
    // The service's decision or answer shows here as soon as it is taken.
    const live = inject(LiveUpdates);
    let seen = live.requests();
    effect(() => {
      const n = live.requests();
      if (n !== seen) {
        seen = n;
        untracked(() => this.reload(this.requestId(), true));
      }
    });
  }

  reload(id = this.requestId(), quiet = false): void {
    const familyId = this.session.user()?.familyId;
    if (!familyId) return;
    if (!quiet || this.load().state !== 'ready') this.load.set(loading());
    this.api.one(familyId, id).subscribe({
      next: (request) => {
        this.load.set(ready(request));
        if (request.kind === 'contact' && !this.draftKept) {
          this.draftKept = true;
          this.drafts.keep(`message-${id}`, this.form, this.destroyRef);
        }
        if (request.unread) this.store.markRead(request.requestId);
      },
      error: (e: unknown) => {
        if (!quiet) this.load.set(failed(toApiError(e)));
      },
    });
  }

  sendFollowUp(r: FamilyRequest): void {
    const familyId = this.session.user()?.familyId;
    this.sent.set(false);
    this.followUp.clear();
    if (!familyId) return;
    if (this.form.invalid || !this.form.controls.text.value.trim()) {
      this.form.controls.text.setErrors({ required: true });
      this.form.markAllAsTouched();
      focusFirstInvalid(this.host.nativeElement, this.injector);
      return;
    }
    this.followUp.send(this.api.followUp(familyId, r.requestId, { requestId: this.followUp.requestId, text: this.form.getRawValue().text.trim() }), (updated) => {
      this.sent.set(true);
      this.form.reset({ text: '' });
      this.drafts.clear(`message-${r.requestId}`);
      this.load.set(ready(updated));
    });
  }
}
