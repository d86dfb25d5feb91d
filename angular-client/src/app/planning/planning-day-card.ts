import { Component, computed, input, output } from '@angular/core';
import { formatLongDay, formatShortDay } from '../shared/french-format';
import { DAY_STATUS_LABELS, PlanningDay, isDeadEnd, statusClassOf } from './planning.models';

/**
 * One day of the planning: its date and, for each child and activity, the state in words (and
 * in colour). A « Libre » day is a button that asks to book it; a day past its deadline that
 * can still be booked at a surcharge offers « Réserver avec majoration ».
 */
@Component({
  selector: 'pf-planning-day-card',
  template: `
    <h3 class="day-card__date" [id]="'day-' + day()" tabindex="-1">
      <span class="day-card__long">{{ longDay() }}@if (isToday()) {<span class="visually-hidden"> (aujourd'hui)</span>}</span>
      <span class="day-card__short" aria-hidden="true">{{ shortDay() }}</span>
    </h3>
    @if (closed(); as c) {
      <!-- Nothing can be booked this day (week-end, holidays, past deadline): say it once. -->
      <p class="day-card__closed"><span class="status status--unavailable">{{ c.label }}</span></p>
      @if (c.reasons.length) {
        <ul class="day-card__reasons" [class.day-card__reasons--several]="c.reasons.length > 1">
          @for (reason of c.reasons; track reason) {
            <li class="entry__reason">{{ reason }}</li>
          }
        </ul>
      }
    } @else if (entries().length) {
      <ul class="day-card__entries">
        @for (entry of entries(); track entry.childId + entry.activityId) {
          <li class="entry" [class.entry--unavailable]="entry.status === 'unavailable'" [class.entry--pick]="selecting() && selectable(entry)"
              [style.--child-colour]="childById().get(entry.childId)?.colour ?? null">
            @if (selecting() && selectable(entry)) {
              <!-- Choosing the days to copy to the following weeks: one checkbox per child and activity. -->
              <!-- Named in words, as the booking buttons are: « jeudi 3 décembre 2026, Restaurant scolaire, Léa : Réservé ». -->
              <input type="checkbox" class="entry__check" [id]="pickId(entry)" [checked]="picked().has(pickKey(entry))" (change)="pick.emit(entry)"
                     [attr.aria-label]="pickLabel(entry)" />
              <label class="entry__body entry__body--pick" [for]="pickId(entry)">
                <span class="entry__activity">{{ activityName(entry) }}</span>
                <span class="entry__child"><span class="child-dot" aria-hidden="true"></span>{{ childName(entry) }}</span>
                <span class="status" [class]="'status status--' + statusClass(entry)">{{ label(entry) }}</span>
              </label>
            } @else if (canBook(entry)) {
              <!-- The name says it all, in the words shown: « mardi 5 mai 2026, Restaurant scolaire, Léa : Libre (réserver) »;
                   a full day: « …, Léa : Complet — liste d'attente (rang 1) (réserver en liste d'attente) ». -->
              <button type="button" class="entry__body entry__body--action" [attr.aria-label]="bookLabel(entry)"
                      (click)="book.emit(entry)">
                <span class="entry__activity">{{ activityName(entry) }}</span>
                <span class="entry__child"><span class="child-dot" aria-hidden="true"></span>{{ childName(entry) }}</span>
                <span class="status" [class]="'status status--' + statusClass(entry)">{{ label(entry) }}</span>
              </button>
            } @else if (canManage(entry)) {
              <!-- A booked day: cancel it or declare an absence, as the rules allow right now. -->
              <button type="button" class="entry__body entry__body--action entry__body--booked" [attr.aria-label]="manageLabel(entry)"
                      (click)="manage.emit(entry)">
                <span class="entry__activity">{{ activityName(entry) }}</span>
                <span class="entry__child"><span class="child-dot" aria-hidden="true"></span>{{ childName(entry) }}</span>
                <span class="status" [class]="'status status--' + entry.status">{{ label(entry) }}</span>
                @if (entry.lateBooking) {
                  <span class="entry__reason">{{ entry.lateBooking.name }}</span>
                }
              </button>
            } @else {
              <div class="entry__body">
                <span class="entry__activity">{{ activityName(entry) }}</span><span class="visually-hidden">, </span>
                <span class="entry__child"><span class="child-dot" aria-hidden="true"></span>{{ childName(entry) }}</span><span class="visually-hidden"> : </span>
                <span class="status" [class]="'status status--' + entry.status">{{ label(entry) }}</span>
                @if (entry.reasonText) {
                  <span class="visually-hidden">. </span><span class="entry__reason">{{ entry.reasonText }}</span>
                }
                @if (canBookLate(entry)) {
                  <button type="button" class="button button--secondary button--small" [attr.aria-label]="lateLabel(entry)"
                          (click)="bookLate.emit(entry)">
                    Réserver avec majoration
                  </button>
                }
              </div>
            }
          </li>
        }
      </ul>
    } @else {
      <p class="day-card__none">Aucune activité</p>
    }
  `,
})
export class PlanningDayCardComponent {
  readonly day = input.required<string>();
  readonly entries = input.required<PlanningDay[]>();
  readonly childById = input.required<Map<string, { firstName: string; colour: string }>>();
  readonly activityById = input.required<Map<string, { name: string }>>();
  readonly isToday = input(false);
  readonly book = output<PlanningDay>();
  readonly bookLate = output<PlanningDay>();
  /** Cancel or declare an absence on a booked day. */
  readonly manage = output<PlanningDay>();

  /** Choosing days to copy (« recopier la sélection »): entries become checkboxes. */
  readonly selecting = input(false);
  /** Keys (`child|activity|day`) of the entries chosen. */
  readonly picked = input<{ has(key: string): boolean }>(new Set<string>());
  readonly pick = output<PlanningDay>();

  /** Set when every entry of the day is unavailable: one status, and the distinct reasons. */
  readonly closed = computed(() => {
    const entries = this.entries();
    if (entries.length === 0 || !entries.every(isDeadEnd)) return null;
    if (this.selecting() && entries.some((e) => this.selectable(e))) return null;
    const reasons = [...new Set(entries.map((e) => e.reasonText ?? '').filter(Boolean))];
    return { label: this.label(entries[0]!), reasons };
  });

  /** A day that can serve as a model: the child may use the activity that day, even if it is too late to book it now. */
  selectable(entry: PlanningDay): boolean {
    return isCopyable(entry);
  }

  pickKey(entry: PlanningDay): string {
    return pickKeyOf(entry);
  }

  pickId(entry: PlanningDay): string {
    return `pick-${entry.childId}-${entry.activityId}-${entry.day}`;
  }

  longDay(): string {
    return formatLongDay(this.day());
  }

  shortDay(): string {
    return formatShortDay(this.day());
  }

  canBook(entry: PlanningDay): boolean {
    return entry.actions.includes('book');
  }

  canManage(entry: PlanningDay): boolean {
    return entry.actions.includes('cancel') || entry.actions.includes('declare_absence');
  }

  manageLabel(entry: PlanningDay): string {
    const can = [entry.actions.includes('cancel') ? 'annuler' : '', entry.actions.includes('declare_absence') ? 'signaler une absence' : '']
      .filter(Boolean)
      .join(' ou ');
    return `${this.longDay()}, ${this.activityName(entry)}, ${this.childName(entry)} : ${this.label(entry)} (${can})`;
  }

  canBookLate(entry: PlanningDay): boolean {
    return !this.canBook(entry) && entry.actions.includes('late_book');
  }

  lateLabel(entry: PlanningDay): string {
    return `Réserver avec majoration : ${this.longDay()}, ${this.activityName(entry)}, ${this.childName(entry)}`;
  }

  pickLabel(entry: PlanningDay): string {
    return `${this.longDay()}, ${this.activityName(entry)}, ${this.childName(entry)} : ${this.label(entry)}`;
  }

  bookLabel(entry: PlanningDay): string {
    return `${this.longDay()}, ${this.activityName(entry)}, ${this.childName(entry)} : ${this.label(entry)} (${entry.waitingListRank ? "réserver en liste d'attente" : 'réserver'})`;
  }

  statusClass(entry: PlanningDay): string {
    return statusClassOf(entry);
  }

  label(entry: PlanningDay): string {
    return entry.statusLabel || DAY_STATUS_LABELS[entry.status] || entry.status;
  }

  activityName(entry: PlanningDay): string {
    return this.activityById().get(entry.activityId)?.name ?? 'Activité';
  }

  childName(entry: PlanningDay): string {
    return this.childById().get(entry.childId)?.firstName ?? '';
  }
}

export const pickKeyOf = (d: { childId: string; activityId: string; day: string }) => `${d.childId}|${d.activityId}|${d.day}`;

/** A day a copy may take as its model: open to the child (booked, free, full, asked…), or only past its deadline today. */
export const isCopyable = (entry: PlanningDay): boolean => entry.status !== 'unavailable' || /^Délai dépassé/.test(entry.reasonText ?? '');
