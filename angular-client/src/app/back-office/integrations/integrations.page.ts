import { Component, ElementRef, Injector, afterNextRender, computed, inject, signal } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { AbstractControl, FormGroup, NonNullableFormBuilder, ReactiveFormsModule, ValidationErrors, Validators } from '@angular/forms';
import { RouterLink } from '@angular/router';
import { forkJoin } from 'rxjs';
import { ApiError, applyServerErrors, toApiError } from '../../shared/api-error';
import { FieldDirective, FieldErrorComponent, focusFirstInvalid, shouldShowError } from '../../shared/form-field';
import { formatDateTime } from '../../shared/french-format';
import { LoadErrorComponent, LoadingComponent } from '../../shared/load-state';
import { Submission } from '../../shared/submission';
import { Catalogue, IntegrationsApi, IntegratorKey, IntegratorScope, IssuedKey, SCOPE_LABELS, SubscribedWebhook, Webhook, failureText } from './integrations.api';
import { SecretOnceComponent } from './secret-once';

/** The API's limits (libs/integrations/integrations.controller.ts, webhook.decider.ts). */
const MAX_LABEL = 80;
const MAX_URL = 2048;
const MAX_EVENT_TYPES = 50;

const notBlank = (control: AbstractControl<string>): ValidationErrors | null =>
  control.value && !control.value.trim() ? { required: true } : null;
const webAddress = (control: AbstractControl<string>): ValidationErrors | null => {
  const value = (control.value ?? '').trim();
  if (!value) return null;
  try {
    const url = new URL(value);
    if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new Error('protocol');
    return null;
  } catch {
    return { webAddress: { message: 'Adresse web complète attendue, par exemple https://compta.exemple.fr/portail.' } };
  }
};
const someTypes = (control: AbstractControl<string[]>): ValidationErrors | null => {
  const n = control.value?.length ?? 0;
  if (n === 0) return { noType: { message: 'Choisissez au moins un type d’événement.' } };
  return n > MAX_EVENT_TYPES ? { tooMany: { message: `Un abonnement compte au plus ${MAX_EVENT_TYPES} types d’événements.` } } : null;
};

/**
 * The commune's software that follow the portal's events: API keys (the key shown once, revoked
 * at any time) and webhooks (an address subscribed to event types, its deliveries, cancellation).
 */
@Component({
  selector: 'pf-integrations-page',
  imports: [ReactiveFormsModule, RouterLink, FieldDirective, FieldErrorComponent, LoadingComponent, LoadErrorComponent, SecretOnceComponent],
  styles: `
    .choice {
      margin-bottom: var(--space-3);
    }
    .choice > .hint {
      margin: 0 0 0 calc(1.25rem + var(--space-2));
    }
    .hook-url {
      font-family: var(--font-mono);
      font-size: 1rem;
      overflow-wrap: anywhere;
    }
  `,
  template: `
    <h1 tabindex="-1">Intégrations</h1>
    <p class="lead">
      Les logiciels de la mairie (comptabilité, statistiques CAF, logiciel scolaire) suivent les événements du portail
      avec une clé d'API : chaque clé ne reçoit que les données de son périmètre.
    </p>

    @if (loadError(); as e) {
      <pf-load-error [error]="e" (retry)="reload()" />
    } @else if (loading()) {
      <pf-loading label="Chargement des clés et des webhooks…" />
    } @else {
      <section class="card" aria-labelledby="keys-title">
        <h2 id="keys-title">Clés d'API</h2>
        @if (issued(); as k) {
          <pf-secret-once name="issued-key" [title]="'Clé « ' + k.label + ' » émise'" fieldLabel="Clé d'API" [secret]="k.key" [notice]="k.notice" (done)="issued.set(null)" />
        }
        @if (keyNotice(); as n) {
          <div class="notice notice--success" role="status"><p>{{ n }}</p></div>
        }

        @if (keys().length) {
          <ul class="plain-list" aria-label="Clés d'API de la commune">
            @for (k of keys(); track k.keyId) {
              <li class="item-card">
                <h3>{{ k.label }}</h3>
                <dl class="facts">
                  <dt>État</dt>
                  <dd>
                    <span class="status" [class.status--accepted]="k.status === 'active'" [class.status--cancelled]="k.status === 'revoked'">{{ k.statusLabel }}</span>
                    @if (k.revokedAt) {
                      <span class="hint"> le {{ dateTime(k.revokedAt) }}{{ k.revokedBy ? ' par ' + k.revokedBy : '' }}</span>
                    }
                  </dd>
                  <dt>Périmètre</dt><dd>{{ scopeLabel(k.scope) }}</dd>
                  <dt>Début de la clé</dt><dd><span class="code">{{ k.keyPrefix }}…</span></dd>
                  <dt>Émise</dt><dd>le {{ dateTime(k.issuedAt) }}{{ k.issuedBy ? ' par ' + k.issuedBy : '' }}</dd>
                </dl>
                @if (k.status === 'active') {
                  @if (confirmRevoke() === k.keyId) {
                    <p class="hint" [id]="'revoke-' + k.keyId">Le logiciel perd l'accès à l'instant et ses webhooks s'arrêtent.</p>
                    <div class="button-row">
                      <button type="button" class="button button--danger button--small" [attr.aria-describedby]="'revoke-' + k.keyId"
                              [disabled]="revokeSubmission.sending()" (click)="revoke(k)">Confirmer la révocation<span class="visually-hidden"> de la clé {{ k.label }}</span></button>
                      <button type="button" class="button button--secondary button--small" (click)="confirmRevoke.set(null)">Annuler</button>
                    </div>
                  } @else {
                    <div class="button-row">
                      <button type="button" class="button button--secondary button--small" (click)="askRevoke(k)">Révoquer<span class="visually-hidden"> la clé {{ k.label }}</span></button>
                    </div>
                  }
                }
              </li>
            }
          </ul>
        } @else {
          <p>Aucune clé pour le moment.</p>
        }
        @if (revokeSubmission.error(); as e) {
          <div class="notice notice--error" role="alert"><p>{{ e.message }}</p></div>
        }

        <form class="form" [formGroup]="keyForm" (ngSubmit)="issueKey()" novalidate aria-labelledby="issue-title">
          <h3 id="issue-title">Émettre une clé</h3>
          @if (keySubmission.error(); as e) {
            <div class="notice notice--error" role="alert"><p>{{ e.message }}</p></div>
          }
          <div class="field">
            <label for="key-label">Logiciel</label>
            <p class="hint" id="key-label-hint">Le nom du logiciel et de son éditeur, par exemple « Comptabilité Berger-Levrault ».</p>
            <input id="key-label" type="text" formControlName="label" autocomplete="off" pfField="key-label-hint" />
            <pf-field-error for="key-label" [control]="keyForm.controls.label" [messages]="{ required: 'Indiquez le logiciel à qui la clé est remise.' }" />
          </div>
          <fieldset class="field radio-group" [attr.aria-describedby]="showError(keyForm.controls.scope) ? 'key-scope-error' : null">
            <legend>Périmètre</legend>
            @for (s of catalogue()?.scopes ?? []; track s.scope) {
              <div class="choice">
                <div class="radio">
                  <input [id]="'key-scope-' + s.scope" type="radio" formControlName="scope" [value]="s.scope" [attr.aria-describedby]="'key-scope-' + s.scope + '-hint'" />
                  <label [for]="'key-scope-' + s.scope">{{ scopeLabel(s.scope) }}</label>
                </div>
                <p class="hint" [id]="'key-scope-' + s.scope + '-hint'">{{ s.meaning.fr }}</p>
              </div>
            }
            <pf-field-error for="key-scope" [control]="keyForm.controls.scope" [messages]="{ required: 'Choisissez le périmètre de la clé.' }" />
          </fieldset>
          <button type="submit" class="button button--primary" [disabled]="keySubmission.sending()">{{ keySubmission.sending() ? 'Émission en cours…' : 'Émettre la clé' }}</button>
        </form>
      </section>

      <section class="card" aria-labelledby="hooks-title">
        <h2 id="hooks-title">Webhooks</h2>
        <p class="hint">Le portail envoie chaque événement, signé, à l'adresse du logiciel, dans l'ordre, et réessaie jusqu'à ce qu'il soit reçu.</p>
        @if (subscribed(); as w) {
          <pf-secret-once name="webhook-secret" title="Webhook abonné" fieldLabel="Secret de signature" [secret]="w.secret" [notice]="w.notice" (done)="subscribed.set(null)" />
        }
        @if (hookNotice(); as n) {
          <div class="notice notice--success" role="status"><p>{{ n }}</p></div>
        }

        @if (webhooks().length) {
          <ul class="plain-list" aria-label="Webhooks de la commune">
            @for (w of webhooks(); track w.subscriptionId) {
              <li class="item-card">
                <h3 class="hook-url">{{ w.url }}</h3>
                <p>
                  <span class="status" [class.status--accepted]="w.statusLabel === 'Actif'" [class.status--cancelled]="w.statusLabel !== 'Actif'">{{ w.statusLabel }}</span>
                  · clé « {{ w.keyLabel ?? 'inconnue' }} » · {{ w.eventTypes.length }} type{{ w.eventTypes.length > 1 ? 's' : '' }} d'événements
                </p>
                <p>{{ deliveryText(w) }}</p>
                @if (w.delivery.failedAttempts > 0) {
                  <p class="notice notice--warning">
                    <strong>En échec :</strong> {{ w.delivery.failedAttempts }} tentative{{ w.delivery.failedAttempts > 1 ? 's' : '' }} sans succès
                    ({{ failure(w.delivery.lastError) }}). Les événements suivants attendent.
                  </p>
                }
                <div class="button-row">
                  <a class="button button--secondary button--small" [routerLink]="['/gestion/integrations/webhooks', w.subscriptionId]">Voir les livraisons<span class="visually-hidden"> vers {{ w.url }}</span></a>
                </div>
              </li>
            }
          </ul>
        } @else {
          <p>Aucun webhook pour le moment.</p>
        }

        @if (activeKeys().length) {
          <form class="form" [formGroup]="hookForm" (ngSubmit)="subscribe()" novalidate aria-labelledby="subscribe-title">
            <h3 id="subscribe-title">Abonner une adresse</h3>
            @if (hookSubmission.error(); as e) {
              <div class="notice notice--error" role="alert">
                <p>{{ e.message }}</p>
                @if (hookSubmission.otherProblems().length) {
                  <ul>
                    @for (p of hookSubmission.otherProblems(); track p.field + p.code) { <li>{{ p.message }}</li> }
                  </ul>
                }
              </div>
            }
            <div class="field">
              <label for="hook-key">Clé du logiciel</label>
              <select id="hook-key" formControlName="keyId" pfField>
                <option value="">Choisissez une clé</option>
                @for (k of activeKeys(); track k.keyId) {
                  <option [value]="k.keyId">{{ k.label }} — {{ scopeLabel(k.scope) }}</option>
                }
              </select>
              <pf-field-error for="hook-key" [control]="hookForm.controls.keyId" [messages]="{ required: 'Choisissez la clé du logiciel.' }" />
            </div>
            <div class="field">
              <label for="hook-url">Adresse du logiciel</label>
              <p class="hint" id="hook-url-hint">Une adresse https:// publique, fournie par l'éditeur du logiciel.</p>
              <input id="hook-url" type="text" formControlName="url" inputmode="url" autocomplete="off" autocapitalize="none" spellcheck="false" pfField="hook-url-hint" />
              <pf-field-error for="hook-url" [control]="hookForm.controls.url" [messages]="{ required: 'Saisissez l’adresse du logiciel.' }" />
            </div>
            @if (typesForKey().length) {
              <fieldset class="field checkbox-group" [attr.aria-describedby]="showError(hookForm.controls.eventTypes) ? 'hook-types-error' : null">
                <legend>Événements à envoyer</legend>
                @for (t of typesForKey(); track t.typeVersion) {
                  <div class="choice">
                    <div class="radio">
                      <input [id]="typeId(t.typeVersion)" type="checkbox" [checked]="hookForm.controls.eventTypes.value.includes(t.typeVersion)"
                             (change)="toggleType(t.typeVersion, $any($event.target).checked)" [attr.aria-describedby]="typeId(t.typeVersion) + '-hint'" />
                      <label [for]="typeId(t.typeVersion)"><span class="code">{{ t.typeVersion }}</span></label>
                    </div>
                    <p class="hint" [id]="typeId(t.typeVersion) + '-hint'">{{ t.meaning.fr }}</p>
                  </div>
                }
                <pf-field-error for="hook-types" [control]="hookForm.controls.eventTypes" />
              </fieldset>
              <fieldset class="field radio-group">
                <legend>Premier événement envoyé</legend>
                <div class="radio">
                  <input id="hook-from-now" type="radio" formControlName="from" value="now" />
                  <label for="hook-from-now">Ceux qui arrivent à partir de maintenant</label>
                </div>
                <div class="radio">
                  <input id="hook-from-start" type="radio" formControlName="from" value="start" />
                  <label for="hook-from-start">Tout l'historique de la commune, depuis le début</label>
                </div>
              </fieldset>
            } @else {
              <p class="hint">Choisissez une clé pour voir les événements de son périmètre.</p>
            }
            <button type="submit" class="button button--primary" [disabled]="hookSubmission.sending()">{{ hookSubmission.sending() ? 'Abonnement en cours…' : 'Abonner cette adresse' }}</button>
          </form>
        } @else {
          <p class="hint">Émettez d'abord une clé pour le logiciel : un webhook appartient à une clé et à son périmètre.</p>
        }
      </section>
    }
  `,
})
export class IntegrationsPage {
  private readonly api = inject(IntegrationsApi);
  private readonly fb = inject(NonNullableFormBuilder);
  private readonly host = inject<ElementRef<HTMLElement>>(ElementRef);
  private readonly injector = inject(Injector);

  readonly showError = shouldShowError;
  readonly dateTime = formatDateTime;
  readonly failure = failureText;

  readonly loading = signal(true);
  readonly loadError = signal<ApiError | null>(null);
  readonly keys = signal<IntegratorKey[]>([]);
  readonly webhooks = signal<Webhook[]>([]);
  readonly catalogue = signal<Catalogue | null>(null);
  readonly activeKeys = computed(() => this.keys().filter((k) => k.status === 'active'));

  readonly keyForm = this.fb.group({
    label: ['', [Validators.required, notBlank, Validators.maxLength(MAX_LABEL)]],
    scope: this.fb.control<IntegratorScope | ''>('', Validators.required),
  });
  readonly keySubmission = new Submission({ form: this.keyForm });
  readonly issued = signal<IssuedKey | null>(null);
  readonly keyNotice = signal<string | null>(null);

  readonly confirmRevoke = signal<string | null>(null);
  readonly revokeSubmission = new Submission();

  readonly hookForm = this.fb.group({
    keyId: ['', Validators.required],
    url: ['', [Validators.required, Validators.maxLength(MAX_URL), webAddress]],
    eventTypes: this.fb.control<string[]>([], someTypes),
    from: this.fb.control<'now' | 'start'>('now'),
  });
  private readonly chosenKey = signal('');
  /** The event types the chosen key's scope receives, newest versions first in catalogue order. */
  readonly typesForKey = computed(() => {
    const key = this.keys().find((k) => k.keyId === this.chosenKey());
    const catalogue = this.catalogue();
    if (!key || !catalogue) return [];
    const visible = new Set(catalogue.scopes.find((s) => s.scope === key.scope)?.typeVersions ?? []);
    return catalogue.types.filter((t) => visible.has(t.typeVersion) && t.latest);
  });
  readonly hookSubmission = new Submission({ form: this.hookForm });
  readonly subscribed = signal<SubscribedWebhook | null>(null);
  readonly hookNotice = signal<string | null>(null);

  constructor() {
    this.hookForm.controls.keyId.valueChanges.pipe(takeUntilDestroyed()).subscribe((keyId) => {
      this.chosenKey.set(keyId);
      // Types of another scope would be refused: the choice starts again for this key.
      this.hookForm.controls.eventTypes.setValue([]);
    });
    this.reload();
  }

  reload(): void {
    this.loading.set(true);
    this.loadError.set(null);
    forkJoin({ keys: this.api.keys(), webhooks: this.api.webhooks(), catalogue: this.api.catalogue() }).subscribe({
      next: ({ keys, webhooks, catalogue }) => {
        this.keys.set(keys);
        this.webhooks.set(webhooks);
        this.catalogue.set(catalogue);
        this.loading.set(false);
      },
      error: (e: unknown) => {
        this.loading.set(false);
        this.loadError.set(toApiError(e));
      },
    });
  }

  private refreshLists(): void {
    forkJoin({ keys: this.api.keys(), webhooks: this.api.webhooks() }).subscribe({
      next: ({ keys, webhooks }) => {
        this.keys.set(keys);
        this.webhooks.set(webhooks);
      },
      error: (e: unknown) => this.loadError.set(toApiError(e)),
    });
  }

  /** An id safe in CSS selectors: 'reservation.accepted@1' → 'hook-type-reservation-accepted-1'. */
  typeId(typeVersion: string): string {
    return `hook-type-${typeVersion.replace(/[^a-zA-Z0-9]+/g, '-')}`;
  }

  scopeLabel(scope: IntegratorScope): string {
    return SCOPE_LABELS[scope] ?? scope;
  }

  deliveryText(w: Webhook): string {
    const last = w.delivery.lastDeliveredAt ? `, dernier envoi reçu le ${formatDateTime(w.delivery.lastDeliveredAt)}` : ', aucun envoi reçu pour le moment';
    return `Événements reçus jusqu'à la position ${w.delivery.deliveredUpTo}${last}.`;
  }

  issueKey(): void {
    this.keySubmission.clear();
    this.keyNotice.set(null);
    if (this.keyForm.invalid) {
      this.keyForm.markAllAsTouched();
      focusFirstInvalid(this.host.nativeElement, this.injector);
      return;
    }
    const { label, scope } = this.keyForm.getRawValue();
    this.keySubmission.send(this.api.issueKey({ requestId: this.keySubmission.requestId, label: label.trim(), scope: scope as IntegratorScope }), (issued) => {
      this.keyForm.reset();
      this.issued.set(issued);
      this.refreshLists();
      this.focus('#issued-key-title');
    });
  }

  askRevoke(key: IntegratorKey): void {
    this.revokeSubmission.clear();
    this.revokeSubmission.renewRequestId();
    this.confirmRevoke.set(key.keyId);
  }

  revoke(key: IntegratorKey): void {
    this.revokeSubmission.send(this.api.revokeKey(key.keyId, this.revokeSubmission.requestId), () => {
      this.confirmRevoke.set(null);
      this.keyNotice.set(`Clé « ${key.label} » révoquée : le logiciel n'a plus accès au portail.`);
      this.refreshLists();
    });
  }

  toggleType(typeVersion: string, checked: boolean): void {
    const control = this.hookForm.controls.eventTypes;
    const current = control.value.filter((t) => t !== typeVersion);
    control.setValue(checked ? [...current, typeVersion] : current);
    control.markAsTouched();
  }

  subscribe(): void {
    this.hookSubmission.clear();
    this.hookNotice.set(null);
    if (this.hookForm.invalid) {
      this.hookForm.markAllAsTouched();
      focusFirstInvalid(this.host.nativeElement, this.injector);
      return;
    }
    const { keyId, url, eventTypes, from } = this.hookForm.getRawValue();
    this.hookSubmission.send(
      this.api.subscribe(keyId, { requestId: this.hookSubmission.requestId, url: url.trim(), eventTypes, ...(from === 'start' ? { after: 0 } : {}) }),
      (subscribed) => {
        this.hookForm.reset();
        this.subscribed.set(subscribed);
        this.refreshLists();
        this.focus('#webhook-secret-title');
      },
      {
        failed: (error) => {
          // An address the portal will not call (not https, private…) is said next to the address.
          if (error.code.startsWith('WEBHOOK_URL_')) applyServerErrors(this.hookForm as FormGroup, [{ field: 'url', code: error.code, message: error.message }]);
          if (this.hookSubmission.otherProblems().length === 0 && error.statusCode !== 0) focusFirstInvalid(this.host.nativeElement, this.injector);
        },
      },
    );
  }

  private focus(selector: string): void {
    afterNextRender(() => this.host.nativeElement.querySelector<HTMLElement>(selector)?.focus(), { injector: this.injector });
  }
}
