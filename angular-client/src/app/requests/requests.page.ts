import { Component, computed, inject, signal } from '@angular/core';
import { RouterLink } from '@angular/router';
import { RequestStatus } from './requests.api';
import { formatDate } from '../shared/french-format';
import { LoadErrorComponent, LoadingComponent } from '../shared/load-state';
import { RequestsStore } from './requests.store';

@Component({
  selector: 'pf-requests-page',
  imports: [RouterLink, LoadingComponent, LoadErrorComponent],
  template: `
    <h1 tabindex="-1">Mes demandes</h1>
    <p class="lead">Vos réservations et autres demandes, avec leur suivi pas à pas.</p>
    <p class="button-row"><a class="button button--secondary" routerLink="/attestations/demande">Demander une attestation</a></p>

    @switch (store.load().state) {
      @case ('loading') {
        <pf-loading label="Chargement de vos demandes…" />
      }
      @case ('error') {
        <pf-load-error [error]="error()!" (retry)="store.refresh()" />
      }
      @case ('ready') {
        @if (store.items().length === 0) {
          <p class="notice" role="status">Vous n'avez encore fait aucune demande.</p>
        } @else {
          <div class="button-row list-head">
            <p role="status">{{ countText() }}</p>
            @if (store.unreadCount() > 0) {
              <button type="button" class="button button--secondary" (click)="store.markAllRead()">Tout marquer comme lu</button>
            }
          </div>
          <div class="field filter-inline">
            <label for="status-filter">Afficher</label>
            <select id="status-filter" [value]="statusFilter()" (change)="statusFilter.set($any($event.target).value)">
              <option value="">Toutes les demandes</option>
              <option value="unread">Seulement celles qui ont évolué</option>
              @for (s of statuses; track s.value) {
                <option [value]="s.value">{{ s.label }}</option>
              }
            </select>
          </div>
          @if (shown().length === 0) {
            <p class="notice">Aucune demande pour ce choix.</p>
          }
          <ul class="plain-list">
            @for (request of shown(); track request.requestId) {
              <li class="item-card" [class.item-card--unread]="request.unread">
                <h2>
                  <a [routerLink]="['/demandes', request.requestId]">
                    {{ request.description }}<span class="visually-hidden">, demande {{ request.reference }}</span>
                  </a>
                </h2>
                <dl class="facts">
                  @if (request.kindLabel) {
                    <dt>Type</dt>
                    <dd>{{ request.kindLabel }}</dd>
                  }
                  <dt>Référence</dt>
                  <dd class="code">{{ request.reference }}</dd>
                  <dt>Date</dt>
                  <dd>{{ date(request.submittedAt) }}</dd>
                  <dt>État</dt>
                  <dd>
                    <span [class]="'status status--' + request.status">{{ request.statusLabel }}</span>
                    @if (request.unread) {
                      <span class="unread">Nouveau</span>
                    }
                    @if (request.messages?.length) {
                      <span class="hint"> · {{ request.messages!.length === 1 ? '1 message' : request.messages!.length + ' messages' }}</span>
                    }
                  </dd>
                  @if (request.reasonText) {
                    <dt>Motif</dt>
                    <dd>{{ request.reasonText }}</dd>
                  }
                </dl>
              </li>
            }
          </ul>
        }
      }
    }
  `,
})
export class RequestsPage {
  readonly store = inject(RequestsStore);
  readonly date = formatDate;
  readonly statuses: { value: RequestStatus; label: string }[] = [
    { value: 'pending', label: 'En cours' },
    { value: 'accepted', label: 'Acceptées' },
    { value: 'partially_accepted', label: 'Acceptées en partie' },
    { value: 'waitlisted', label: "En liste d'attente" },
    { value: 'refused', label: 'Refusées' },
    { value: 'answered', label: 'Répondues' },
    { value: 'cancelled', label: 'Annulées' },
  ];
  readonly statusFilter = signal('');
  readonly shown = computed(() => {
    const filter = this.statusFilter();
    const items = this.store.items();
    if (!filter) return items;
    if (filter === 'unread') return items.filter((r) => r.unread);
    return items.filter((r) => r.status === filter);
  });
  readonly error = computed(() => {
    const l = this.store.load();
    return l.state === 'error' ? l.error : null;
  });
  readonly countText = computed(() => {
    const total = this.store.items().length;
    const unread = this.store.unreadCount();
    const base = total === 1 ? '1 demande' : `${total} demandes`;
    if (unread === 0) return base + '.';
    return `${base}, dont ${unread === 1 ? '1 a évolué' : `${unread} ont évolué`} depuis votre dernière visite.`;
  });

  constructor() {
    this.store.refresh();
  }
}
