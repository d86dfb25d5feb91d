import { AbstractControl, FormArray, FormControl, FormGroup, NonNullableFormBuilder, ValidationErrors, ValidatorFn, Validators } from '@angular/forms';
import { addMonths } from '../../shared/calendar';
import { DeadlineRule, StaffActivity } from '../back-office.api';

/** Same rules as the server (activity.decider.ts, deadline-rules.ts). */
export const TIME = /^([01]\d|2[0-3]):[0-5]\d$/;
export const PERIOD_ID = /^[a-z0-9][a-z0-9-]{0,63}$/;
export const DEADLINE_LIMITS = { hours: 720, days: 60 };

export const KINDS = [
  { value: 'canteen', label: 'Restauration scolaire' },
  { value: 'morning_care', label: 'Accueil du matin' },
  { value: 'evening_care', label: 'Accueil du soir' },
  { value: 'wednesday', label: 'Mercredi' },
  { value: 'holiday_centre', label: 'Accueil de loisirs (vacances)' },
];

export const DEADLINE_KINDS = [
  { value: 'hoursBefore', label: "Un nombre d'heures avant le début" },
  { value: 'daysBefore', label: 'Un nombre de jours avant, à une heure donnée' },
  { value: 'workingDaysBefore', label: 'Un nombre de jours ouvrés avant, à une heure donnée' },
  { value: 'weekdayOfPreviousWeek', label: 'Un jour de la semaine précédente, à une heure donnée' },
];

export const WEEKDAYS = ['Lundi', 'Mardi', 'Mercredi', 'Jeudi', 'Vendredi', 'Samedi', 'Dimanche'];

const weekdaysGroup = (fb: NonNullableFormBuilder, days: number[]) =>
  new FormGroup<Record<string, FormControl<boolean>>>(
    Object.fromEntries(WEEKDAYS.map((_, i) => [String(i + 1), fb.control(days.includes(i + 1))])),
    { validators: (g: AbstractControl) => (Object.values((g as FormGroup).controls).some((c) => c.value) ? null : { required: true }) },
  );

const checkedDays = (group: FormGroup<Record<string, FormControl<boolean>>>): number[] =>
  Object.entries(group.getRawValue())
    .filter(([, on]) => on)
    .map(([d]) => Number(d))
    .sort((a, b) => a - b);

const endAfterStart = (group: AbstractControl): ValidationErrors | null => {
  const start = group.get('startTime')?.value as string;
  const end = group.get('endTime');
  if (!end) return null;
  const errors = { ...(end.errors ?? {}) };
  delete errors['order'];
  if (TIME.test(start) && TIME.test(end.value) && end.value <= start) errors['order'] = { message: "L'heure de fin doit suivre l'heure de début." };
  end.setErrors(Object.keys(errors).length ? errors : null);
  return null;
};

const periodRange = (group: AbstractControl): ValidationErrors | null => {
  const from = group.get('from')?.value as string;
  const to = group.get('to');
  if (!to) return null;
  const errors = { ...(to.errors ?? {}) };
  delete errors['order'];
  delete errors['tooLong'];
  if (from && to.value && to.value < from) errors['order'] = { message: 'La période doit finir après son début.' };
  else if (from && to.value && to.value >= addMonths(from, 12)) errors['tooLong'] = { message: 'Une période dure au plus 366 jours.' };
  to.setErrors(Object.keys(errors).length ? errors : null);
  return null;
};

export function periodGroup(fb: NonNullableFormBuilder, p?: StaffActivity['periods'][number]) {
  return fb.group(
    {
      periodId: [p?.periodId ?? '', Validators.pattern(PERIOD_ID)],
      label: [p?.label ?? '', [Validators.required, Validators.maxLength(120)]],
      kind: [p?.kind ?? ('school_year' as 'school_year' | 'holiday_session')],
      from: [p?.from ?? '', Validators.required],
      to: [p?.to ?? '', Validators.required],
      openWeekdays: weekdaysGroup(fb, p?.openWeekdays ?? [1, 2, 4, 5]),
    },
    { validators: periodRange },
  );
}

export function closedDayGroup(fb: NonNullableFormBuilder, c?: { day: string; reason: string }) {
  return fb.group({ day: [c?.day ?? '', Validators.required], reason: [c?.reason ?? '', [Validators.required, Validators.maxLength(200)]] });
}

/**
 * A field typed in an `<input type="number">`: Angular's number accessor gives its control a
 * number, or null when the field is empty (or holds what is not a number), never a string.
 */
const numberField = (fb: NonNullableFormBuilder, value: number | null | undefined, validators: ValidatorFn[]): FormControl<number | null> =>
  fb.control<number | null>(value ?? null, [wholeNumber, ...validators]);

/** Empty, or a whole number (the server refuses 2.5 places). */
export const wholeNumber = (control: AbstractControl<number | null>): ValidationErrors | null =>
  control.value === null || Number.isInteger(control.value) ? null : { integer: true };

/** A number of places: empty (no limit), else 1 to 10 000. */
const placesField = (fb: NonNullableFormBuilder, capacity: number | null | undefined) => numberField(fb, capacity, [Validators.min(1), Validators.max(10_000)]);

export function groupCapacity(fb: NonNullableFormBuilder, g?: { group: 'maternelle' | 'elementaire'; capacity: number | null }) {
  return fb.group({
    group: [g?.group ?? ('maternelle' as 'maternelle' | 'elementaire')],
    capacity: placesField(fb, g?.capacity),
  });
}

export function activityForm(fb: NonNullableFormBuilder, a: StaffActivity | null) {
  const d = a?.deadline;
  return fb.group(
    {
      name: [a?.name ?? '', [Validators.required, Validators.maxLength(120)]],
      kind: [a?.kind ?? 'canteen', Validators.required],
      facilityId: [a?.facilityId ?? '', Validators.required],
      startTime: [a?.startTime ?? '', [Validators.required, Validators.pattern(TIME)]],
      endTime: [a?.endTime ?? '', [Validators.required, Validators.pattern(TIME)]],
      openWeekdays: weekdaysGroup(fb, a?.openWeekdays ?? [1, 2, 4, 5]),
      opensDuringSchoolHolidays: [a?.opensDuringSchoolHolidays ?? false],
      deadline: fb.group({
        kind: [d?.kind ?? 'hoursBefore'],
        hours: numberField(fb, d?.kind === 'hoursBefore' ? d.hours : 48, [Validators.min(0), Validators.max(DEADLINE_LIMITS.hours)]),
        days: numberField(fb, d && 'days' in d ? d.days : 1, [Validators.min(0), Validators.max(DEADLINE_LIMITS.days)]),
        weekday: [d?.kind === 'weekdayOfPreviousWeek' ? String(d.weekday) : '4'],
        time: [d && 'time' in d && d.time ? d.time : '12:00', Validators.pattern(TIME)],
      }),
      capacity: placesField(fb, a?.capacity),
      processing: [a?.processing ?? ('automatic' as 'automatic' | 'manual')],
      enrolment: [a?.enrolment ?? ('open' as 'open' | 'automatic' | 'staff')],
      lateBookingOf: [a?.lateBookingOf ?? ''],
      periods: fb.array((a?.periods ?? []).map((p) => periodGroup(fb, p))),
      groups: fb.array((a?.groups ?? []).map((g) => groupCapacity(fb, g))),
      closedDays: fb.array((a?.closedDays ?? []).map((c) => closedDayGroup(fb, c))),
    },
    { validators: endAfterStart },
  );
}
export type ActivityForm = ReturnType<typeof activityForm>;
export type PeriodForm = ReturnType<typeof periodGroup>;

const slug = (text: string) =>
  text
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 64) || 'periode';

/** The whole configuration the API expects (POST /api/staff/activities), from the form; a new activity has no id yet (the server gives it). */
export function configurationOf(form: ActivityForm, activityId: string | null, requestId: string) {
  const v = form.getRawValue();
  const d = v.deadline;
  const deadline: DeadlineRule =
    d.kind === 'hoursBefore'
      ? { kind: 'hoursBefore', hours: d.hours ?? 0 }
      : d.kind === 'weekdayOfPreviousWeek'
        ? { kind: 'weekdayOfPreviousWeek', weekday: Number(d.weekday), time: d.time }
        : { kind: d.kind as 'daysBefore' | 'workingDaysBefore', days: d.days ?? 0, time: d.time };
  const used = new Set<string>();
  return {
    requestId,
    ...(activityId === null ? {} : { activityId }),
    facilityId: v.facilityId,
    name: v.name.trim(),
    kind: v.kind,
    startTime: v.startTime,
    endTime: v.endTime,
    openWeekdays: checkedDays(form.controls.openWeekdays),
    opensDuringSchoolHolidays: v.opensDuringSchoolHolidays,
    deadline,
    capacity: v.capacity,
    processing: v.processing,
    periods: form.controls.periods.controls.map((p) => {
      const pv = p.getRawValue();
      let periodId = pv.periodId || slug(pv.label);
      while (used.has(periodId)) periodId = `${periodId}-2`.slice(0, 64);
      used.add(periodId);
      return { periodId, label: pv.label.trim(), kind: pv.kind, from: pv.from, to: pv.to, openWeekdays: checkedDays(p.controls.openWeekdays) };
    }),
    groups: v.groups.map((g) => ({ group: g.group, capacity: g.capacity })),
    closedDays: v.closedDays.map((c) => ({ day: c.day, reason: c.reason.trim() })),
    enrolment: v.enrolment,
    lateBookingOf: v.lateBookingOf || null,
  };
}

export const arrays = (form: ActivityForm) => ({
  periods: form.controls.periods as FormArray<PeriodForm>,
  groups: form.controls.groups,
  closedDays: form.controls.closedDays,
});
