import { Component, DestroyRef, computed, inject, signal } from '@angular/core';
import { NonNullableFormBuilder, ReactiveFormsModule } from '@angular/forms';
import { RouterLink } from '@angular/router';
import { addMonths, endOfMonth, startOfMonth } from '../../shared/calendar';
import { Drafts } from '../../shared/drafts';
import { formatMonth, formatShortDay, isoWeekday, todayInParis } from '../../shared/french-format';
import { toApiError } from '../../shared/api-error';
import { Load, LoadErrorComponent, LoadingComponent, failed, loading, ready, loadedValue, loadErrorOf } from '../../shared/load-state';
import { BackOfficeApi, Occupancy, OccupancyDay, StaffActivity } from '../back-office.api';

/** Places per day of an activity over a month: capacity, booked, free, waiting list, requests to decide, attendance. */
@Component({
  selector: 'pf-occupancy-page',
  imports: [ReactiveFormsModule, RouterLink, LoadingComponent, LoadErrorComponent],
  template: `
    <h1 tabindex="-1">Occupation et listes d'attente</h1>
    <form class="card filters" [formGroup]="choice" aria-label="Choisir l'activité">
      <div class="field">
        <label for="occ-activity">Activité</label>
        <select id="occ-activity" formControlName="activityId">
          <option value="">Choisissez une activité</option>
          @for (a of activities(); track a.activityId) { <option [value]="a.activityId">{{ a.name }}</option> }
        </select>
      </div>
      <nav class="month-nav" aria-label="Changer de mois">
        <button type="button" class="button button--secondary" (click)="move(-1)"><span aria-hidden="true">‹</span> Mois précédent</button>
        <h2 class="month-nav__title" aria-live="polite">{{ monthTitle() }}</h2>
        <button type="button" class="button button--secondary" (click)="move(1)">Mois suivant <span aria-hidden="true">›</span></button>
      </nav>
    </form>

    @if (!choice.controls.activityId.value) {
      <p class="notice">Choisissez une activité.</p>
    } @else {
      @switch (load().state) {
        @case ('loading') { <pf-loading label="Chargement de l'occupation…" /> }
        @case ('error') { <pf-load-error [error]="loadError()!" (retry)="reload()" /> }
        @case ('ready') {
          @if (occupancy(); as o) {
            <p>
              Capacité : <strong>{{ o.capacity.total === null ? 'sans limite' : o.capacity.total + ' places' }}</strong>
              @for (g of o.capacity.groups; track g.group) {
                <span> · {{ g.group === 'maternelle' ? 'maternelle' : 'élémentaire' }} : {{ g.capacity ?? 'sans limite' }}</span>
              }
            </p>
            <div class="table-scroll" tabindex="0" role="region" [attr.aria-label]="'Occupation de ' + o.name + ', ' + monthTitle()">
              <table class="data-table">
                <caption>{{ o.name }} — {{ monthTitle() }}</caption>
                <thead>
                  <tr>
                    <th scope="col">Jour</th>
                    <th scope="col" class="num">Réservées</th>
                    <th scope="col" class="num">Maternelle</th>
                    <th scope="col" class="num">Élémentaire</th>
                    <th scope="col" class="num">Libres</th>
                    <th scope="col" class="num">Liste d'attente</th>
                    <th scope="col" class="num">À décider</th>
                    <th scope="col" class="num">Présents</th>
                    <th scope="col" class="num">Absents</th>
                  </tr>
                </thead>
                <tbody>
                  @for (d of shownDays(); track d.day) {
                    <tr [class.is-full]="d.free === 0">
                      <th scope="row">{{ shortDay(d.day) }}@if (d.free === 0) {<span> — complet</span>}</th>
                      <td class="num">{{ d.booked }}</td>
                      <td class="num">{{ d.byGroup.maternelle }}</td>
                      <td class="num">{{ d.byGroup.elementaire }}</td>
                      <td class="num">{{ d.free ?? '—' }}</td>
                      <td class="num">
                        @if (d.waiting > 0) {
                          <a routerLink="/gestion/demandes" [queryParams]="{ etat: 'waitlisted', activite: o.activityId, jour: d.day }">{{ d.waiting }}<span class="visually-hidden"> en liste d'attente le {{ shortDay(d.day) }}</span></a>
                        } @else { 0 }
                      </td>
                      <td class="num">
                        @if (d.pending > 0) {
                          <a routerLink="/gestion/demandes" [queryParams]="{ etat: 'pending', activite: o.activityId, jour: d.day }">{{ d.pending }}<span class="visually-hidden"> à décider le {{ shortDay(d.day) }}</span></a>
                        } @else { 0 }
                      </td>
                      <td class="num">{{ d.present }}</td>
                      <td class="num">{{ d.absent }}</td>
                    </tr>
                  }
                </tbody>
              </table>
            </div>
            @if (shownDays().length === 0) {
              <p class="notice">Aucune réservation ce mois-ci.</p>
            }
            <div class="field--checkbox">
              <input id="occ-all-days" type="checkbox" [checked]="allDays()" (change)="allDays.set(!allDays())" />
              <label for="occ-all-days">Afficher aussi les jours sans réservation</label>
            </div>
          }
        }
      }
    }
  `,
})
export class OccupancyPage {
  private readonly api = inject(BackOfficeApi);
  private readonly drafts = inject(Drafts);
  readonly choice = inject(NonNullableFormBuilder).group({ activityId: [''] });
  readonly month = signal(startOfMonth(todayInParis()));
  readonly monthTitle = computed(() => {
    const text = formatMonth(Number(this.month().slice(0, 4)), Number(this.month().slice(5, 7)));
    return text.charAt(0).toUpperCase() + text.slice(1);
  });
  readonly activities = signal<StaffActivity[]>([]);
  readonly load = signal<Load<Occupancy>>(loading());
  readonly allDays = signal(false);
  readonly occupancy = loadedValue(this.load, null);
  readonly loadError = loadErrorOf(this.load);
  readonly shownDays = computed(() =>
    (this.occupancy()?.days ?? []).filter((d) => this.allDays() ? isoWeekday(d.day) <= 5 || hasAny(d) : hasAny(d)),
  );
  readonly shortDay = (day: string) => {
    const text = formatShortDay(day);
    return text.charAt(0).toUpperCase() + text.slice(1);
  };

  constructor() {
    const saved = this.drafts.load<{ activityId: string }>('occupation');
    if (saved?.activityId) this.choice.patchValue({ activityId: saved.activityId }, { emitEvent: false });
    this.api.activities().subscribe({ next: (a) => this.activities.set(a.filter((x) => !x.lateBookingOf)), error: () => undefined });
    const subscription = this.choice.valueChanges.subscribe(() => {
      this.drafts.save('occupation', this.choice.getRawValue());
      this.reload();
    });
    inject(DestroyRef).onDestroy(() => subscription.unsubscribe());
    this.reload();
  }

  move(delta: number): void {
    this.month.set(addMonths(this.month(), delta));
    this.reload();
  }

  reload(): void {
    const activityId = this.choice.controls.activityId.value;
    if (!activityId) return;
    this.load.set(loading());
    this.api.occupancy(activityId, this.month(), endOfMonth(this.month())).subscribe({
      next: (o) => this.load.set(ready(o)),
      error: (e: unknown) => this.load.set(failed(toApiError(e))),
    });
  }
}

const hasAny = (d: OccupancyDay) => d.booked + d.waiting + d.pending + d.present + d.absent > 0;
