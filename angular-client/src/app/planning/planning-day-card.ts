import { Component, input, output } from '@angular/core';
import { formatLongDay, formatShortDay } from '../shared/french-format';
import { DAY_STATUS_LABELS, PlanningDay } from './planning.models';

/**
 * One day of the planning: its date and, for each child and activity, the state in words (and
 * in colour). A « Libre » day is a button that asks to book it.
 */
@Component({
  selector: 'pf-planning-day-card',
  template: `
    <h3 class="day-card__date" [id]="'day-' + day()" tabindex="-1">
      <span class="day-card__long">{{ longDay() }}@if (isToday()) {<span class="visually-hidden"> (aujourd'hui)</span>}</span>
      <span class="day-card__short" aria-hidden="true">{{ shortDay() }}</span>
    </h3>
    @if (entries().length) {
      <ul class="day-card__entries">
        @for (entry of entries(); track entry.childId + entry.activityId) {
          <li class="entry" [style.--child-colour]="childById().get(entry.childId)?.colour ?? null">
            @if (canBook(entry)) {
              <button type="button" class="entry__body entry__body--action" (click)="book.emit(entry)">
                <span class="visually-hidden">{{ longDay() }}, </span>
                <span class="entry__activity">{{ activityName(entry) }}</span><span class="visually-hidden">, </span>
                <span class="entry__child"><span class="child-dot" aria-hidden="true"></span>{{ childName(entry) }}</span><span class="visually-hidden"> : </span>
                <span class="status" [class]="'status status--' + entry.status">{{ label(entry) }}</span>
                <span class="visually-hidden"> (réserver)</span>
              </button>
            } @else {
              <div class="entry__body">
                <span class="entry__activity">{{ activityName(entry) }}</span><span class="visually-hidden">, </span>
                <span class="entry__child"><span class="child-dot" aria-hidden="true"></span>{{ childName(entry) }}</span><span class="visually-hidden"> : </span>
                <span class="status" [class]="'status status--' + entry.status">{{ label(entry) }}</span>
                @if (entry.reasonText) {
                  <span class="visually-hidden">. </span><span class="entry__reason">{{ entry.reasonText }}</span>
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

  longDay(): string {
    return formatLongDay(this.day());
  }

  shortDay(): string {
    return formatShortDay(this.day());
  }

  canBook(entry: PlanningDay): boolean {
    return entry.actions.includes('book');
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
