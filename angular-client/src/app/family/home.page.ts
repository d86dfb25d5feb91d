import { Component, computed, effect, inject, signal, untracked } from '@angular/core';
import { RouterLink } from '@angular/router';
import { SessionStore } from '../auth/session.store';
import { toApiError } from '../shared/api-error';
import { formatDate, formatLongDay } from '../shared/french-format';
import { LiveUpdates } from '../shared/live-updates';
import { Load, LoadErrorComponent, LoadingComponent, failed, loading, ready } from '../shared/load-state';
import { Dashboard, Family, FamilyApi } from './family.api';

/** The parent's home: what changed since the last visit, what is coming, the news, where to go next. */
@Component({
  selector: 'pf-home-page',
  imports: [RouterLink, LoadingComponent, LoadErrorComponent],
  template: `
    <h1 tabindex="-1">Bonjour {{ session.user()?.displayName }}</h1>

    @if (!familyId) {
      <div class="notice" role="status">
        <p>Votre compte n'est pas encore rattaché à un dossier famille. Contactez le service enfance de la mairie.</p>
      </div>
    } @else {
      @switch (dashboard().state) {
        @case ('loading') { <pf-loading label="Chargement de votre accueil…" /> }
        @case ('error') { <pf-load-error [error]="dashboardError()!" (retry)="loadDashboard()" /> }
        @case ('ready') {
          @if (board(); as d) {
            <section class="card" aria-labelledby="news-since-title">
              <h2 id="news-since-title">Depuis votre dernière visite</h2>
              @if (d.requests.label || d.invoices.label) {
                <ul class="changes">
                  @if (d.requests.label; as label) {
                    <li><a routerLink="/demandes">{{ label }}</a> : consultez leur suivi.</li>
                  }
                  @if (d.invoices.label; as label) {
                    <li><a routerLink="/factures">{{ label }}</a></li>
                  }
                </ul>
              } @else {
                <p>Rien de nouveau : aucune de vos demandes n'a évolué.</p>
              }
              @if (d.requests.pending > 0) {
                <p class="hint">{{ d.requests.pending === 1 ? '1 demande est en cours de traitement.' : d.requests.pending + ' demandes sont en cours de traitement.' }}</p>
              }
            </section>

            <section class="card" aria-labelledby="upcoming-title">
              <h2 id="upcoming-title">Prochaines réservations</h2>
              @if (d.bookings.upcoming.length === 0) {
                <p>Aucune réservation dans les 31 prochains jours.</p>
              } @else {
                <ul class="plain-list upcoming">
                  @for (b of d.bookings.upcoming; track b.day + b.childId + b.activityId) {
                    <li class="upcoming__item" [style.--child-colour]="colourOf(b.childId)">
                      <span class="upcoming__day">{{ longDay(b.day) }}</span>
                      <span><span class="child-dot" aria-hidden="true"></span>{{ b.firstName }} — {{ b.activityName }}</span>
                      <span [class]="'status status--' + b.status">{{ b.statusLabel }}</span>
                    </li>
                  }
                </ul>
                @if (d.bookings.nextMonth > d.bookings.upcoming.length) {
                  <p class="hint">Et {{ d.bookings.nextMonth - d.bookings.upcoming.length }} autre(s) d'ici un mois.</p>
                }
              }
              <p><a routerLink="/planning">Ouvrir le planning</a></p>
            </section>

            <section class="card" aria-labelledby="home-news-title">
              <h2 id="home-news-title">Actualités</h2>
              @if (d.news.latest.length === 0) {
                <p>Aucune actualité en ce moment.</p>
              } @else {
                <ul class="plain-list">
                  @for (n of d.news.latest; track n.newsId) {
                    <li><a routerLink="/actualites" [fragment]="'actualite-' + n.newsId">{{ n.title }}</a> <span class="hint">— publiée le {{ date(n.publishFrom) }}</span></li>
                  }
                </ul>
              }
            </section>
          }
        }
      }

      <div class="tiles">
        <a class="tile" routerLink="/planning">
          <h2>Planning</h2>
          <p>Réservez la cantine et l'accueil périscolaire, annulez ou signalez une absence.</p>
        </a>
        <a class="tile" routerLink="/planning/periode">
          <h2>Réserver sur une période</h2>
          <p>Plusieurs semaines, plusieurs enfants à la fois, avec un aperçu avant l'envoi.</p>
        </a>
        <a class="tile" routerLink="/demandes">
          <h2>Mes demandes</h2>
          <p>Suivez vos réservations et vos demandes, avec leur historique.</p>
        </a>
        <a class="tile" routerLink="/famille">
          <h2>Dossier famille</h2>
          <p>Vos coordonnées, vos enfants, leurs inscriptions.</p>
        </a>
      </div>

      <section aria-labelledby="children-title" class="card">
        <h2 id="children-title">Mes enfants</h2>
        @switch (family().state) {
          @case ('loading') { <pf-loading label="Chargement du dossier famille…" /> }
          @case ('error') { <pf-load-error [error]="familyError()!" (retry)="loadFamily()" /> }
          @case ('ready') {
            <ul class="plain-list">
              @for (child of children(); track child.childId) {
                <li class="entry__child">
                  <span class="child-dot" [style.--child-colour]="child.colour" aria-hidden="true"></span>
                  {{ child.firstName }} {{ child.lastName }} — date de naissance : {{ date(child.birthDate) }}
                </li>
              }
            </ul>
          }
        }
      </section>
    }
  `,
})
export class HomePage {
  readonly session = inject(SessionStore);
  private readonly api = inject(FamilyApi);

  readonly familyId = this.session.user()?.familyId ?? null;
  readonly family = signal<Load<Family>>(loading());
  readonly dashboard = signal<Load<Dashboard>>(loading());
  readonly date = formatDate;
  readonly longDay = formatLongDay;

  readonly children = computed(() => {
    const f = this.family();
    return f.state === 'ready' ? f.value.children : [];
  });
  readonly familyError = computed(() => {
    const f = this.family();
    return f.state === 'error' ? f.error : null;
  });
  readonly board = computed(() => {
    const d = this.dashboard();
    return d.state === 'ready' ? d.value : null;
  });
  readonly dashboardError = computed(() => {
    const d = this.dashboard();
    return d.state === 'error' ? d.error : null;
  });

  constructor() {
    if (this.familyId) {
      this.loadFamily();
      this.loadDashboard();
      // A decision taken meanwhile updates « Depuis votre dernière visite » without a reload.
      const live = inject(LiveUpdates);
      let seen = live.requests() + live.planning();
      effect(() => {
        const n = live.requests() + live.planning();
        if (n !== seen) {
          seen = n;
          untracked(() => this.loadDashboard(true));
        }
      });
    }
  }

  colourOf(childId: string): string | null {
    return this.children().find((c) => c.childId === childId)?.colour ?? null;
  }

  loadFamily(): void {
    if (!this.familyId) return;
    this.family.set(loading());
    this.api.family(this.familyId).subscribe({
      next: (f) => this.family.set(ready(f)),
      error: (e: unknown) => this.family.set(failed(toApiError(e))),
    });
  }

  loadDashboard(quiet = false): void {
    if (!this.familyId) return;
    if (!quiet || this.dashboard().state !== 'ready') this.dashboard.set(loading());
    this.api.dashboard(this.familyId).subscribe({
      next: (d) => this.dashboard.set(ready(d)),
      error: (e: unknown) => {
        if (!quiet) this.dashboard.set(failed(toApiError(e)));
      },
    });
  }
}
