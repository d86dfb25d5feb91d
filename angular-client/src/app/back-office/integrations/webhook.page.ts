import { Component, ElementRef, Injector, computed, effect, inject, input, signal, untracked } from '@angular/core';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { RouterLink } from '@angular/router';
import { forkJoin } from 'rxjs';
import { ApiError, toApiError } from '../../shared/api-error';
import { FieldDirective, FieldErrorComponent, focusFirstInvalid } from '../../shared/form-field';
import { formatDateTime } from '../../shared/french-format';
import { LoadErrorComponent, LoadingComponent } from '../../shared/load-state';
import { Submission } from '../../shared/submission';
import { Delivery, IntegrationsApi, Webhook, failureText } from './integrations.api';

/** One webhook: where it stands, every delivery attempt (failures in words), replay and cancellation. */
@Component({
  selector: 'pf-webhook-page',
  imports: [ReactiveFormsModule, RouterLink, FieldDirective, FieldErrorComponent, LoadingComponent, LoadErrorComponent],
  styles: `
    /* Keeps the hidden caption inside the scrolling box (it would widen the page on a phone). */
    .table-scroll {
      position: relative;
    }
    .hook-url {
      font-family: var(--font-mono);
      overflow-wrap: anywhere;
    }
    .facts + form {
      margin-top: var(--space-5);
    }
    /* The outcome wraps: the other columns stay readable beside it. */
    .data-table td.outcome {
      white-space: normal;
      min-width: 14rem;
    }
    #replay-after {
      max-width: 12rem;
    }
  `,
  template: `
    <p><a routerLink="/gestion/integrations"><span aria-hidden="true">‹</span> Intégrations</a></p>
    @if (loadError(); as e) {
      <h1 tabindex="-1">Webhook</h1>
      <pf-load-error [error]="e" (retry)="load()" />
    } @else if (webhook(); as w) {
      <h1 tabindex="-1">Webhook de « {{ w.keyLabel ?? 'clé inconnue' }} »</h1>
      <section class="card" aria-labelledby="hook-facts-title">
        <h2 id="hook-facts-title">Abonnement</h2>
        <dl class="facts">
          <dt>Adresse</dt><dd class="hook-url">{{ w.url }}</dd>
          <dt>État</dt>
          <dd><span class="status" [class.status--accepted]="w.statusLabel === 'Actif'" [class.status--cancelled]="w.statusLabel !== 'Actif'">{{ w.statusLabel }}</span></dd>
          <dt>Événements</dt><dd>{{ w.eventTypes.join(', ') }}</dd>
          <dt>Abonné le</dt><dd>{{ dateTime(w.createdAt) }}</dd>
          <dt>Reçus jusqu'à</dt><dd>la position {{ w.delivery.deliveredUpTo }}{{ w.delivery.lastDeliveredAt ? ', dernier envoi reçu le ' + dateTime(w.delivery.lastDeliveredAt) : '' }}</dd>
          <dt>Échecs en cours</dt>
          <dd>{{ w.delivery.failedAttempts === 0 ? 'aucun' : w.delivery.failedAttempts + ' tentative(s) sans succès : ' + failure(w.delivery.lastError) }}</dd>
        </dl>
        @if (notice(); as n) {
          <div class="notice notice--success" role="status"><p>{{ n }}</p></div>
        }
        @if (actionError(); as e) {
          <div class="notice notice--error" role="alert"><p>{{ e.message }}</p></div>
        }
        @if (w.status === 'active') {
          <form class="form" [formGroup]="replayForm" (ngSubmit)="replay(w)" novalidate aria-labelledby="replay-title">
            <h3 id="replay-title">Renvoyer des événements</h3>
            <div class="field">
              <label for="replay-after">Renvoyer tout ce qui suit la position</label>
              <p class="hint" id="replay-after-hint">0 pour tout renvoyer depuis le début ; le logiciel reçoit ces événements une nouvelle fois, dans l'ordre.</p>
              <input id="replay-after" type="number" min="0" step="1" inputmode="numeric" formControlName="after" pfField="replay-after-hint" />
              <pf-field-error for="replay-after" [control]="replayForm.controls.after"
                              [messages]="{ required: 'Indiquez une position.', min: 'La position doit être positive ou nulle.', pattern: 'Un nombre entier, par exemple 120.' }" />
            </div>
            <button type="submit" class="button button--secondary" [disabled]="busy()">Renvoyer</button>
          </form>
          <h3>Arrêter les envois</h3>
          @if (confirming()) {
            <p class="hint" id="cancel-hint">Le logiciel ne recevra plus rien à cette adresse. Pour reprendre, il faudra un nouvel abonnement.</p>
            <div class="button-row">
              <button type="button" class="button button--danger" aria-describedby="cancel-hint" [disabled]="busy()" (click)="cancel(w)">Confirmer la résiliation</button>
              <button type="button" class="button button--secondary" (click)="confirming.set(false)">Garder l'abonnement</button>
            </div>
          } @else {
            <button type="button" class="button button--secondary" (click)="confirming.set(true)">Résilier l'abonnement</button>
          }
        }
      </section>

      <section class="card" aria-labelledby="deliveries-title">
        <h2 id="deliveries-title">Livraisons</h2>
        <div class="button-row">
          <div class="field field--checkbox">
            <input id="failures-only" type="checkbox" [checked]="failuresOnly()" (change)="failuresOnly.set($any($event.target).checked)" />
            <label for="failures-only">Échecs seulement</label>
          </div>
          <button type="button" class="button button--secondary button--small" (click)="load()">Actualiser</button>
        </div>
        <p role="status" class="hint">{{ countText() }}</p>
        @if (shown().length) {
          <div class="table-scroll" tabindex="0" role="region" aria-label="Livraisons du webhook, les plus récentes d'abord">
            <table class="data-table">
              <caption class="visually-hidden">Livraisons du webhook, les plus récentes d'abord</caption>
              <thead>
                <tr>
                  <th scope="col">Envoyé le</th>
                  <th scope="col">Événement</th>
                  <th scope="col">Position</th>
                  <th scope="col">Tentative</th>
                  <th scope="col">Résultat</th>
                  <th scope="col" class="num">Durée</th>
                </tr>
              </thead>
              <tbody>
                @for (d of shown(); track d.eventId + '-' + d.attempt + '-' + d.at) {
                  <tr>
                    <td>{{ dateTime(d.at) }}</td>
                    <td><span class="code">{{ d.type }}&#64;{{ d.version }}</span></td>
                    <td>{{ d.position }}</td>
                    <td>{{ d.attempt }}</td>
                    <td class="outcome">
                      <span class="status" [class.status--accepted]="d.outcome === 'delivered'" [class.status--refused]="d.outcome === 'failed'">{{ d.outcome === 'delivered' ? 'Livré' : 'Échec' }}</span>
                      @if (d.outcome === 'failed') {
                        <span> : {{ failure(d.error, d.httpStatus) }}{{ d.retryInMs !== null ? ', nouvel essai dans ' + seconds(d.retryInMs) : '' }}</span>
                      }
                    </td>
                    <td class="num">{{ seconds(d.durationMs) }}</td>
                  </tr>
                }
              </tbody>
            </table>
          </div>
        }
      </section>
    } @else {
      <h1 tabindex="-1">Webhook</h1>
      <pf-loading label="Chargement du webhook…" />
    }
  `,
})
export class WebhookPage {
  private readonly api = inject(IntegrationsApi);
  private readonly host = inject<ElementRef<HTMLElement>>(ElementRef);
  private readonly injector = inject(Injector);
  /** The route's :id. */
  readonly id = input.required<string>();

  readonly dateTime = formatDateTime;
  readonly failure = failureText;
  readonly webhook = signal<Webhook | null>(null);
  readonly deliveries = signal<Delivery[]>([]);
  readonly loadError = signal<ApiError | null>(null);
  readonly failuresOnly = signal(false);
  readonly shown = computed(() => (this.failuresOnly() ? this.deliveries().filter((d) => d.outcome === 'failed') : this.deliveries()));
  readonly countText = computed(() => {
    const n = this.shown().length;
    if (n === 0) return this.failuresOnly() ? 'Aucun échec enregistré.' : 'Aucune livraison pour le moment.';
    if (this.failuresOnly()) return n === 1 ? '1 échec affiché.' : `${n} échecs affichés.`;
    return n === 1 ? '1 tentative affichée.' : `${n} tentatives affichées.`;
  });

  readonly replayForm = inject(NonNullableFormBuilder).group({ after: ['0', [Validators.required, Validators.pattern(/^\d{1,15}$/)]] });
  readonly replaySubmission = new Submission({ form: this.replayForm });
  readonly cancelSubmission = new Submission();
  /** Both actions share the buttons' busy state and one error notice (each action clears the other's error). */
  readonly busy = computed(() => this.replaySubmission.sending() || this.cancelSubmission.sending());
  readonly actionError = computed(() => this.replaySubmission.error() ?? this.cancelSubmission.error());
  readonly confirming = signal(false);
  readonly notice = signal<string | null>(null);

  constructor() {
    effect(() => {
      this.id();
      untracked(() => this.load());
    });
  }

  load(): void {
    this.loadError.set(null);
    forkJoin({ webhook: this.api.webhook(this.id()), deliveries: this.api.deliveries(this.id(), 200) }).subscribe({
      next: ({ webhook, deliveries }) => {
        this.webhook.set(webhook);
        this.deliveries.set(deliveries);
      },
      error: (e: unknown) => this.loadError.set(toApiError(e)),
    });
  }

  seconds(ms: number): string {
    return ms < 1000 ? `${ms} ms` : `${new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 1 }).format(ms / 1000)} s`;
  }

  replay(w: Webhook): void {
    this.notice.set(null);
    this.replaySubmission.clear();
    this.cancelSubmission.clear();
    if (this.replayForm.invalid) {
      this.replayForm.markAllAsTouched();
      focusFirstInvalid(this.host.nativeElement, this.injector);
      return;
    }
    const after = Number(this.replayForm.controls.after.value);
    this.replaySubmission.send(this.api.replay(w.subscriptionId, this.replaySubmission.requestId, after), (updated) => {
      this.webhook.set(updated);
      this.notice.set(`Les événements après la position ${after} vont être renvoyés, dans l'ordre.`);
    });
  }

  cancel(w: Webhook): void {
    this.notice.set(null);
    this.replaySubmission.clear();
    this.cancelSubmission.send(this.api.unsubscribe(w.subscriptionId, this.cancelSubmission.requestId), (updated) => {
      this.confirming.set(false);
      this.webhook.set(updated);
      this.notice.set('Abonnement résilié : plus aucun envoi vers cette adresse.');
    });
  }
}
