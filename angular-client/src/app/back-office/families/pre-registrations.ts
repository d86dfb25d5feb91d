import { HttpClient } from '@angular/common/http';
import { Component, inject, output, signal } from '@angular/core';
import { RouterLink } from '@angular/router';
import { ApiError, toApiError } from '../../shared/api-error';
import { formatDate, formatDateTime } from '../../shared/french-format';
import { newRequestId } from '../../shared/request-id';

interface PreRegistration {
  preRegistrationId: string;
  status: 'pending' | 'converted';
  submittedAt: string;
  guardians: { firstName: string; lastName: string; email: string; phones?: Record<string, string> }[];
  children: { firstName: string; lastName: string; birthDate: string }[];
  message: string;
}

const REASONS = [
  { value: 'DUPLICATE', label: 'Doublon (la famille a déjà un dossier)' },
  { value: 'OUT_OF_AREA', label: 'Hors commune' },
  { value: 'OTHER', label: 'Autre motif' },
];

/** Families without a code abonné who asked the service to open their file: open it, or decline. */
@Component({
  selector: 'pf-pre-registrations',
  imports: [RouterLink],
  template: `
    <!-- Also shown once the last one is handled: its outcome (and the link to the file opened) must stay readable. -->
    @if (pending().length || notice() || error()) {
      <section class="card" aria-labelledby="pre-title">
        <h2 id="pre-title">Pré-inscriptions à traiter ({{ pending().length }})</h2>
        @if (notice(); as n) { <div class="notice notice--success" role="status"><p>{{ n.text }} @if (n.familyId) {<a [routerLink]="['/gestion/familles', n.familyId]">Voir le dossier</a>}</p></div> }
        @if (error(); as e) { <div class="notice notice--error" role="alert"><p>{{ e.message }}</p></div> }
        @if (!pending().length) { <p class="hint">Aucune autre pré-inscription à traiter.</p> }
        <ul class="plain-list">
          @for (p of pending(); track p.preRegistrationId) {
            <li class="item-card">
              <h3>{{ guardianNames(p) }}</h3>
              <p class="hint">Reçue le {{ dateTime(p.submittedAt) }} · {{ p.guardians[0]?.email }}</p>
              <p>Enfants : {{ childrenText(p) }}</p>
              @if (p.message) { <p>Message : {{ p.message }}</p> }
              <div class="button-row">
                <button type="button" class="button button--primary" (click)="open(p)">Ouvrir le dossier<span class="visually-hidden"> de {{ guardianNames(p) }}</span></button>
                <label class="visually-hidden" [for]="'decline-' + p.preRegistrationId">Motif du refus pour {{ guardianNames(p) }}</label>
                <select [id]="'decline-' + p.preRegistrationId" #reason>
                  @for (r of reasons; track r.value) { <option [value]="r.value">{{ r.label }}</option> }
                </select>
                <button type="button" class="button button--secondary" (click)="decline(p, reason.value)">Refuser<span class="visually-hidden"> la pré-inscription de {{ guardianNames(p) }}</span></button>
              </div>
            </li>
          }
        </ul>
      </section>
    }
  `,
})
export class PreRegistrationsComponent {
  private readonly http = inject(HttpClient);
  /** A file was opened: the families list reloads. */
  readonly opened = output<void>();
  readonly reasons = REASONS;
  readonly pending = signal<PreRegistration[]>([]);
  readonly notice = signal<{ text: string; familyId?: string } | null>(null);
  readonly error = signal<ApiError | null>(null);
  readonly dateTime = formatDateTime;
  /** One request id per pre-registration and action until the server answers: a retry (double click, lost answer) opens one file. */
  private readonly requestIds = new Map<string, string>();

  private requestIdFor(key: string): string {
    let id = this.requestIds.get(key);
    if (!id) this.requestIds.set(key, (id = newRequestId()));
    return id;
  }

  constructor() {
    this.reload();
  }

  reload(): void {
    this.http.get<{ items: PreRegistration[] }>('/api/pre-registrations').subscribe({
      next: (r) => this.pending.set(r.items.filter((p) => p.status === 'pending')),
      error: (e: unknown) => this.error.set(toApiError(e)),
    });
  }

  guardianNames(p: PreRegistration): string {
    return p.guardians.map((g) => `${g.firstName} ${g.lastName}`).join(' et ');
  }

  childrenText(p: PreRegistration): string {
    return p.children.map((c) => `${c.firstName} (${formatDate(c.birthDate)})`).join(', ');
  }

  open(p: PreRegistration): void {
    this.error.set(null);
    const key = `open|${p.preRegistrationId}`;
    this.http.post<{ familyId?: string; subscriberCode?: string }>(`/api/pre-registrations/${p.preRegistrationId}/open-file`, { requestId: this.requestIdFor(key) }).subscribe({
      next: (r) => {
        this.requestIds.delete(key);
        this.notice.set({ text: `Dossier ouvert pour ${this.guardianNames(p)}${r.subscriberCode ? ` : code abonné ${r.subscriberCode}.` : '.'}`, familyId: r.familyId });
        this.reload();
        this.opened.emit();
      },
      error: (e: unknown) => this.error.set(toApiError(e)),
    });
  }

  decline(p: PreRegistration, reasonCode: string): void {
    this.error.set(null);
    const key = `decline|${p.preRegistrationId}|${reasonCode}`;
    this.http.post(`/api/pre-registrations/${p.preRegistrationId}/decline`, { requestId: this.requestIdFor(key), reasonCode }).subscribe({
      next: () => {
        this.requestIds.delete(key);
        this.notice.set({ text: `Pré-inscription de ${this.guardianNames(p)} refusée.` });
        this.reload();
      },
      error: (e: unknown) => this.error.set(toApiError(e)),
    });
  }
}
