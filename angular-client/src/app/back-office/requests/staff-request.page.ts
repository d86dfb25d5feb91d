import { Component, ElementRef, Injector, afterNextRender, computed, effect, inject, input, signal, untracked } from '@angular/core';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { RouterLink } from '@angular/router';
import { Observable } from 'rxjs';
import { toApiError } from '../../shared/api-error';
import { FieldDirective, FieldErrorComponent } from '../../shared/form-field';
import { Load, LoadErrorComponent, LoadingComponent, failed, loading, ready, loadedValue, loadErrorOf } from '../../shared/load-state';
import { Submission } from '../../shared/submission';
import { formatLongDay } from '../../shared/french-format';
import { RequestTimelineComponent } from '../../requests/request-timeline';
import { FamilyRequest } from '../../requests/requests.api';
import { BackOfficeApi } from '../back-office.api';
import { BULK_KINDS } from './queue.page';
import { DOCUMENT_STATUS, DocumentsApi, PortalDocument } from '../../documents/documents.api';
import { AttestationDecisionComponent } from '../../attestations/attestation-decision.component';

/** One request seen by the service: its history, and what the service can do now (decide, answer). */
@Component({
  selector: 'pf-staff-request-page',
  imports: [ReactiveFormsModule, RouterLink, LoadingComponent, LoadErrorComponent, RequestTimelineComponent, FieldDirective, FieldErrorComponent, AttestationDecisionComponent],
  template: `
    <p class="no-print"><a routerLink="/gestion/demandes"><span aria-hidden="true">‹</span> Toutes les demandes</a></p>
    @switch (load().state) {
      @case ('loading') {
        <h1 tabindex="-1">Demande</h1>
        <pf-loading label="Chargement de la demande…" />
      }
      @case ('error') {
        <h1 tabindex="-1">Demande</h1>
        <pf-load-error [error]="loadError()!" (retry)="reload()" />
      }
      @case ('ready') {
        @if (request(); as r) {
          <h1 tabindex="-1">{{ r.description }}</h1>
          <p class="button-row no-print">
            <a class="button button--secondary" [routerLink]="['/gestion/familles', familyId()]">Dossier de la famille</a>
            @if (r.kind === 'document') {
              <a class="button button--secondary" [href]="documentUrl()" download>Télécharger le document</a>
            }
            <a class="button button--secondary" [routerLink]="['/gestion/audit', 'request', r.requestId]" [queryParams]="{ famille: familyId() }">Journal d'audit de la demande</a>
          </p>
          @if (r.kind === 'document' && certificateOf(); as a) {
            <!-- A medical certificate sent with an absence: the absence it justifies is one link away. -->
            <p class="notice">
              Certificat médical envoyé avec l'absence du {{ longDay(a.day) }}. Refusé, il ne justifie plus l'absence : ce jour est alors facturé.
              <a [routerLink]="['/gestion/demandes', familyId(), a.requestId]">Voir la déclaration d'absence</a>
            </p>
          }
          @if (done(); as message) {
            <div class="notice notice--success" role="status" id="done-notice" tabindex="-1"><p>{{ message }}</p></div>
          }

          @if (decidable()) {
            <section class="card" aria-labelledby="decide-title">
              <h2 id="decide-title">Décision du service</h2>
              <form class="form" [formGroup]="form" (ngSubmit)="decide('accept')" novalidate>
                <div class="field">
                  <label for="decision-message">Message à la famille <span class="optional">(obligatoire pour un refus)</span></label>
                  <textarea id="decision-message" rows="3" formControlName="message" maxlength="1000" pfField></textarea>
                  <pf-field-error for="decision-message" [control]="form.controls.message" [messages]="{ required: 'Indiquez à la famille le motif du refus.' }" />
                </div>
                @if (submission.error(); as e) {
                  <div class="notice notice--error" role="alert"><p>{{ e.message }}</p></div>
                }
                <div class="button-row">
                  <button type="submit" class="button button--primary" [disabled]="submission.sending()">Accepter</button>
                  <button type="button" class="button button--danger" (click)="decide('refuse')" [disabled]="submission.sending()">Refuser</button>
                </div>
              </form>
            </section>
          }

          @if (r.kind === 'absence' && certificate(); as c) {
            <!-- The medical certificate sent with the absence: the service checks it, and may refuse it (the day is then billed). -->
            <section class="card" aria-labelledby="certificate-title">
              <h2 id="certificate-title">Certificat médical</h2>
              <p>
                <span [class]="'status status--' + certificateStatus(c).css">{{ certificateStatus(c).label }}</span>
                @if (c.reason) { <span class="hint"> — {{ c.reason }}</span> }
              </p>
              <p><a [href]="documents.familyContentUrl(familyId(), c.documentId)" download>Télécharger le certificat ({{ c.fileName || 'document' }})</a></p>
              @if (c.status === 'pending') {
                <form class="form" [formGroup]="form" (ngSubmit)="decideCertificate(c.documentId, 'accept')" novalidate>
                  <div class="field">
                    <label for="certificate-message">Motif du refus <span class="optional">(obligatoire pour refuser)</span></label>
                    <textarea id="certificate-message" rows="3" formControlName="message" maxlength="500" pfField="certificate-hint"></textarea>
                    <p class="hint" id="certificate-hint">Refusé, le certificat ne justifie plus l'absence : ce jour est facturé, et la famille en est prévenue avec ce motif.</p>
                    <pf-field-error for="certificate-message" [control]="form.controls.message" [messages]="{ required: 'Indiquez à la famille le motif du refus.' }" />
                  </div>
                  @if (submission.error(); as e) {
                    <div class="notice notice--error" role="alert"><p>{{ e.message }}</p></div>
                  }
                  <div class="button-row">
                    <button type="submit" class="button button--primary" [disabled]="submission.sending()">Accepter le certificat</button>
                    <button type="button" class="button button--danger" (click)="decideCertificate(c.documentId, 'refuse')" [disabled]="submission.sending()">Refuser le certificat</button>
                  </div>
                </form>
              }
            </section>
          }

          @if (r.kind === 'certificate') {
            <pf-attestation-decision [familyId]="familyId()" [attestationId]="r.requestId" [status]="r.status" (decided)="done.set($event); reload()" />
          }

          @if (r.kind === 'contact') {
            <section class="card" aria-labelledby="answer-title">
              <h2 id="answer-title">Répondre à la famille</h2>
              <form class="form" [formGroup]="answer" (ngSubmit)="sendAnswer()" novalidate>
                <div class="field">
                  <label for="answer-text">Votre réponse</label>
                  <textarea id="answer-text" rows="5" formControlName="text" maxlength="5000" pfField></textarea>
                  <pf-field-error for="answer-text" [control]="answer.controls.text" [messages]="{ required: 'Écrivez votre réponse.' }" />
                </div>
                @if (submission.error(); as e) {
                  <div class="notice notice--error" role="alert"><p>{{ e.message }}</p></div>
                }
                <button type="submit" class="button button--primary" [disabled]="submission.sending()">{{ submission.sending() ? 'Envoi…' : 'Envoyer la réponse' }}</button>
              </form>
            </section>
          }

          <pf-request-timeline [request]="r" />
        }
      }
    }
  `,
})
export class StaffRequestPage {
  private readonly api = inject(BackOfficeApi);
  protected readonly documents = inject(DocumentsApi);
  readonly documentUrl = computed(() => this.documents.familyContentUrl(this.familyId(), this.requestId()));
  private readonly fb = inject(NonNullableFormBuilder);
  private readonly host = inject<ElementRef<HTMLElement>>(ElementRef);
  private readonly injector = inject(Injector);
  readonly familyId = input.required<string>();
  readonly requestId = input.required<string>();

  readonly load = signal<Load<FamilyRequest>>(loading());
  readonly request = loadedValue(this.load, null);
  readonly loadError = loadErrorOf(this.load);
  readonly decidable = computed(() => {
    const r = this.request();
    // An attestation is issued or refused by its own panel.
    return !!r && r.status === 'pending' && r.kind !== 'certificate' && BULK_KINDS.includes(r.kind);
  });
  /** The medical certificate sent with an absence, found among the family's documents. */
  readonly certificate = signal<PortalDocument | null>(null);
  /** A document that is an absence's medical certificate: that absence. */
  readonly certificateOf = signal<NonNullable<PortalDocument['absence']> | null>(null);
  readonly longDay = formatLongDay;
  readonly form = this.fb.group({ message: ['', Validators.maxLength(1000)] });
  readonly answer = this.fb.group({ text: ['', [Validators.required, Validators.maxLength(5000)]] });
  readonly submission = new Submission();
  readonly done = signal<string | null>(null);

  constructor() {
    effect(() => {
      this.familyId();
      this.requestId();
      untracked(() => this.reload());
    });
  }

  reload(): void {
    if (this.load().state !== 'ready') this.load.set(loading());
    this.api.request(this.familyId(), this.requestId()).subscribe({
      next: (r) => {
        this.load.set(ready(r));
        if (r.kind === 'absence' || r.kind === 'document') this.loadCertificate(r.kind);
      },
      error: (e: unknown) => this.load.set(failed(toApiError(e))),
    });
  }

  private loadCertificate(kind: 'absence' | 'document'): void {
    this.documents.familyDocuments(this.familyId()).subscribe({
      next: (docs) => {
        if (kind === 'absence') this.certificate.set(docs.find((d) => d.absence?.requestId === this.requestId()) ?? null);
        else this.certificateOf.set(docs.find((d) => d.documentId === this.requestId())?.absence ?? null);
      },
      error: () => {
        this.certificate.set(null);
        this.certificateOf.set(null);
      },
    });
  }

  certificateStatus(c: PortalDocument): { label: string; css: string } {
    return c.status === 'pending' ? { label: 'À vérifier par le service', css: 'pending' } : DOCUMENT_STATUS[c.status];
  }

  /** Accept or refuse the certificate through the documents' own command (a refusal bills the day). */
  decideCertificate(documentId: string, decision: 'accept' | 'refuse'): void {
    if (this.submission.sending()) return;
    const message = this.form.controls.message.value.trim();
    if (decision === 'refuse' && !message) {
      this.form.controls.message.setErrors({ required: true });
      this.form.controls.message.markAsTouched();
      afterNextRender(() => this.host.nativeElement.querySelector<HTMLElement>('#certificate-message')?.focus(), { injector: this.injector });
      return;
    }
    const call =
      decision === 'accept'
        ? this.documents.accept(this.familyId(), documentId, this.submission.requestId)
        : this.documents.refuse(this.familyId(), documentId, this.submission.requestId, message);
    this.run(
      call,
      decision === 'accept' ? 'Certificat accepté : l’absence reste justifiée.' : 'Certificat refusé : l’absence n’est plus justifiée, ce jour est facturé. La famille est prévenue, avec votre motif.',
    );
  }

  decide(decision: 'accept' | 'refuse'): void {
    const r = this.request();
    if (!r || this.submission.sending()) return;
    const message = this.form.controls.message.value.trim();
    if (decision === 'refuse' && !message) {
      this.form.controls.message.setErrors({ required: true });
      this.form.controls.message.markAsTouched();
      afterNextRender(() => this.host.nativeElement.querySelector<HTMLElement>('#decision-message')?.focus(), { injector: this.injector });
      return;
    }
    const call: Observable<unknown> =
      r.kind === 'document'
        ? decision === 'accept'
          ? this.documents.accept(this.familyId(), r.requestId, this.submission.requestId)
          : this.documents.refuse(this.familyId(), r.requestId, this.submission.requestId, message)
        : r.kind === 'family_change'
        ? decision === 'accept'
          ? this.api.acceptChange(this.familyId(), r.requestId, this.submission.requestId)
          : this.api.refuseChange(this.familyId(), r.requestId, this.submission.requestId, message)
        : this.api.decide({ requestId: this.submission.requestId, decision, ...(message ? { message } : {}), targets: [{ requestId: r.requestId }] });
    this.run(call, decision === 'accept' ? 'Demande acceptée : la famille est prévenue.' : 'Demande refusée : la famille est prévenue, avec votre message.');
  }

  sendAnswer(): void {
    const r = this.request();
    if (!r || this.submission.sending()) return;
    const text = this.answer.controls.text.value.trim();
    if (!text) {
      this.answer.controls.text.setErrors({ required: true });
      this.answer.markAllAsTouched();
      afterNextRender(() => this.host.nativeElement.querySelector<HTMLElement>('#answer-text')?.focus(), { injector: this.injector });
      return;
    }
    this.run(this.api.answerContact(this.familyId(), r.requestId, { requestId: this.submission.requestId, text }), 'Réponse envoyée : la famille est prévenue par e-mail.', () =>
      this.answer.reset({ text: '' }),
    );
  }

  private run(call: Observable<unknown>, message: string, after?: () => void): void {
    this.done.set(null);
    this.submission.send(call, () => {
      this.done.set(message);
      this.form.reset({ message: '' });
      after?.();
      this.reload();
      afterNextRender(() => this.host.nativeElement.querySelector<HTMLElement>('#done-notice')?.focus(), { injector: this.injector });
    });
  }
}
