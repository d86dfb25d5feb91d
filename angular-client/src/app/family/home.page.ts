import { Component, computed, inject, signal } from '@angular/core';
import { RouterLink } from '@angular/router';
import { SessionStore } from '../auth/session.store';
import { toApiError } from '../shared/api-error';
import { formatDate } from '../shared/french-format';
import { Load, LoadErrorComponent, LoadingComponent, failed, loading, ready } from '../shared/load-state';
import { RequestsStore } from '../requests/requests.store';
import { Activity, Family, FamilyApi } from './family.api';

/** The parent's home: where to go next, what changed, the children and the activities. */
@Component({
  selector: 'pf-home-page',
  imports: [RouterLink, LoadingComponent, LoadErrorComponent],
  template: `
    <h1 tabindex="-1">Bonjour {{ session.user()?.displayName }}</h1>

    @if (requests.unreadCount() > 0) {
      <div class="notice" role="status">
        <p>
          <a routerLink="/demandes">{{ requests.unreadCount() === 1 ? '1 demande a évolué' : requests.unreadCount() + ' demandes ont évolué' }}</a>
          depuis votre dernière visite.
        </p>
      </div>
    }

    <div class="tiles">
      <a class="tile" routerLink="/planning">
        <h2>Planning</h2>
        <p>Réservez la cantine et l'accueil périscolaire, jour par jour, et voyez l'état de chaque jour.</p>
      </a>
      <a class="tile" routerLink="/demandes">
        <h2>Mes demandes</h2>
        <p>Suivez vos réservations et vos demandes, avec leur historique.</p>
      </a>
    </div>

    @if (!familyId) {
      <div class="notice" role="status">
        <p>Votre compte n'est pas encore rattaché à un dossier famille. Contactez le service enfance de la mairie.</p>
      </div>
    } @else {
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

      <section aria-labelledby="activities-title" class="card">
        <h2 id="activities-title">Activités proposées</h2>
        @switch (activities().state) {
          @case ('loading') { <pf-loading label="Chargement des activités…" /> }
          @case ('error') { <pf-load-error [error]="activitiesError()!" (retry)="loadActivities()" /> }
          @case ('ready') {
            <ul class="plain-list">
              @for (activity of activityList(); track activity.activityId) {
                <li class="item-card">
                  <h3>{{ activity.name }}</h3>
                  <p class="hint">{{ activity.facilityName }}</p>
                  @if (activity.deadlineText) {
                    <p>Délai de réservation : {{ activity.deadlineText }}</p>
                  }
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
  readonly requests = inject(RequestsStore);
  private readonly api = inject(FamilyApi);

  readonly familyId = this.session.user()?.familyId ?? null;
  readonly family = signal<Load<Family>>(loading());
  readonly activities = signal<Load<Activity[]>>(loading());
  readonly date = formatDate;

  readonly children = computed(() => {
    const f = this.family();
    return f.state === 'ready' ? f.value.children : [];
  });
  readonly familyError = computed(() => {
    const f = this.family();
    return f.state === 'error' ? f.error : null;
  });
  readonly activityList = computed(() => {
    const a = this.activities();
    return a.state === 'ready' ? a.value : [];
  });
  readonly activitiesError = computed(() => {
    const a = this.activities();
    return a.state === 'error' ? a.error : null;
  });

  constructor() {
    if (this.familyId) {
      this.loadFamily();
      this.loadActivities();
      this.requests.refresh();
    }
  }

  loadFamily(): void {
    if (!this.familyId) return;
    this.family.set(loading());
    this.api.family(this.familyId).subscribe({
      next: (f) => this.family.set(ready(f)),
      error: (e: unknown) => this.family.set(failed(toApiError(e))),
    });
  }

  loadActivities(): void {
    this.activities.set(loading());
    this.api.activities().subscribe({
      next: (a) => this.activities.set(ready(a)),
      error: (e: unknown) => this.activities.set(failed(toApiError(e))),
    });
  }
}
