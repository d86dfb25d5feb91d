import { Component, ElementRef, Injector, afterNextRender, inject, signal } from '@angular/core';
import { NonNullableFormBuilder, ReactiveFormsModule } from '@angular/forms';
import { HttpClient } from '@angular/common/http';
import { forkJoin, map } from 'rxjs';
import { toApiError } from '../../shared/api-error';
import { weekdaysText } from '../../shared/calendar';
import { FieldDirective, FieldErrorComponent, focusFirstInvalid } from '../../shared/form-field';
import { formatDate } from '../../shared/french-format';
import { Load, LoadErrorComponent, LoadingComponent, failed, loading, ready, loadedValue, loadErrorOf } from '../../shared/load-state';
import { Submission, SubmissionErrorComponent } from '../../shared/submission';
import { BackOfficeApi, Facility, StaffActivity } from '../back-office.api';
import { TariffEditorComponent } from './tariff-editor';
import { Tariff, tariffText } from './tariffs';
import { ActivityForm, DEADLINE_KINDS, KINDS, WEEKDAYS, activityForm, closedDayGroup, configurationOf, groupCapacity, periodGroup } from './activity-form';

interface Data {
  activities: StaffActivity[];
  facilities: Facility[];
  tariffs: Tariff[];
}

/** Activity configuration: periods, closed days, capacity (and per group), deadline rule, processing, enrolment. */
@Component({
  selector: 'pf-activities-page',
  imports: [ReactiveFormsModule, LoadingComponent, LoadErrorComponent, FieldDirective, FieldErrorComponent, SubmissionErrorComponent, TariffEditorComponent],
  templateUrl: './activities.page.html',
})
export class ActivitiesPage {
  private readonly api = inject(BackOfficeApi);
  private readonly http = inject(HttpClient);
  readonly tariffEditing = signal<{ activity: StaffActivity; period: StaffActivity['periods'][number] } | null>(null);
  private readonly fb = inject(NonNullableFormBuilder);
  private readonly host = inject<ElementRef<HTMLElement>>(ElementRef);
  private readonly injector = inject(Injector);
  readonly kinds = KINDS;
  readonly deadlineKinds = DEADLINE_KINDS;
  readonly weekdayNames = WEEKDAYS;
  readonly date = formatDate;
  readonly weekdays = weekdaysText;

  readonly load = signal<Load<Data>>(loading());
  readonly data = loadedValue(this.load, null);
  readonly loadError = loadErrorOf(this.load);
  /** The activity being edited; each edit is another command, with its own submission (and request id). */
  /** `activityId` null: a new activity, whose id the server gives. */
  readonly editing = signal<{ activityId: string | null; isNew: boolean; form: ActivityForm; submission: Submission } | null>(null);
  readonly notice = signal<string | null>(null);

  constructor() {
    this.reload();
  }

  reload(): void {
    if (this.load().state !== 'ready') this.load.set(loading());
    forkJoin({
      activities: this.api.activities(),
      facilities: this.api.facilities(),
      tariffs: this.http.get<{ items: Tariff[] }>('/api/billing/tariffs').pipe(map((r) => r.items)),
    }).subscribe({
      next: (d) => this.load.set(ready(d)),
      error: (e: unknown) => this.load.set(failed(toApiError(e))),
    });
  }

  tariffOf(activityId: string, periodId: string): Tariff | undefined {
    return this.data()?.tariffs.find((t) => t.activityId === activityId && t.periodId === periodId);
  }

  tariffLine(activityId: string, periodId: string): string {
    return tariffText(this.tariffOf(activityId, periodId));
  }

  editTariff(activity: StaffActivity, period: StaffActivity['periods'][number]): void {
    this.notice.set(null);
    this.tariffEditing.set({ activity, period });
  }

  tariffSaved(message: string): void {
    this.tariffEditing.set(null);
    this.notice.set(message);
    this.reload();
  }

  kindLabel(kind: string): string {
    return KINDS.find((k) => k.value === kind)?.label ?? kind;
  }

  activityName(id: string | null): string {
    return this.data()?.activities.find((a) => a.activityId === id)?.name ?? '';
  }

  mainActivities(except: string | null): StaffActivity[] {
    return (this.data()?.activities ?? []).filter((a) => !a.lateBookingOf && a.activityId !== except);
  }

  edit(a: StaffActivity | null): void {
    this.notice.set(null);
    const form = activityForm(this.fb, a);
    this.editing.set({ activityId: a?.activityId ?? null, isNew: !a, form, submission: new Submission({ form, fieldPath: (field) => (field === 'deadline' ? 'deadline.kind' : field) }) });
    afterNextRender(() => this.host.nativeElement.querySelector<HTMLElement>('#activity-form-title')?.focus(), { injector: this.injector });
  }

  cancel(): void {
    this.editing.set(null);
  }

  addPeriod(form: ActivityForm): void {
    form.controls.periods.push(periodGroup(this.fb));
    const i = form.controls.periods.length - 1;
    afterNextRender(() => document.getElementById(`period-${i}-label`)?.focus(), { injector: this.injector });
  }

  addClosedDay(form: ActivityForm): void {
    form.controls.closedDays.push(closedDayGroup(this.fb));
    const i = form.controls.closedDays.length - 1;
    afterNextRender(() => document.getElementById(`closed-${i}-day`)?.focus(), { injector: this.injector });
  }

  addGroup(form: ActivityForm): void {
    const used = new Set(form.controls.groups.getRawValue().map((g) => g.group));
    form.controls.groups.push(groupCapacity(this.fb, { group: used.has('maternelle') ? 'elementaire' : 'maternelle', capacity: null }));
  }

  save(): void {
    const e = this.editing();
    if (!e || e.submission.sending()) return;
    e.submission.clear();
    if (e.form.invalid) {
      e.form.markAllAsTouched();
      focusFirstInvalid(this.host.nativeElement, this.injector);
      return;
    }
    const body = configurationOf(e.form, e.activityId, e.submission.requestId);
    if (body.periods.length === 0) {
      e.submission.error.set({ statusCode: 422, code: 'PERIOD_REQUIRED', message: "Indiquez au moins une période d'ouverture (année scolaire ou session de vacances).", details: [] });
      return;
    }
    e.submission.send(
      this.api.configureActivity(body),
      () => {
        this.notice.set(`« ${body.name} » est enregistrée. Les nouvelles règles s'appliquent aux prochaines demandes.`);
        this.editing.set(null);
        this.reload();
      },
      { failed: () => focusFirstInvalid(this.host.nativeElement, this.injector) },
    );
  }
}
