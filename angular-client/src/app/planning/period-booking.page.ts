import { Component, DestroyRef, ElementRef, Injector, afterNextRender, computed, inject, signal } from '@angular/core';
import { takeUntilDestroyed, toSignal } from '@angular/core/rxjs-interop';
import { AbstractControl, FormControl, FormGroup, NonNullableFormBuilder, ReactiveFormsModule, ValidationErrors, Validators } from '@angular/forms';
import { RouterLink } from '@angular/router';
import { forkJoin, of } from 'rxjs';
import { catchError, map, switchMap } from 'rxjs/operators';
import { SessionStore } from '../auth/session.store';
import { ApiError, FieldProblem, applyServerErrors, isDefinitiveRejection, toApiError } from '../shared/api-error';
import { addMonths, weekdaysText } from '../shared/calendar';
import { Drafts } from '../shared/drafts';
import { FieldDirective, FieldErrorComponent, focusFirstInvalid } from '../shared/form-field';
import { formatCents, formatDate, formatLongDay, todayInParis } from '../shared/french-format';
import { Load, LoadErrorComponent, LoadingComponent, failed, loading, ready } from '../shared/load-state';
import { newRequestId } from '../shared/request-id';
import { Activity, FamilyApi } from '../family/family.api';
import { PlanningApi } from './planning.api';
import { DayOutcome, OutcomeCounts, PeriodFields, PeriodOutcome, PeriodPreview, PriceEstimate } from './planning.models';
import { QuotientNoteComponent, priceLineText } from './price-notes';

const WEEKDAYS = [
  { day: 1, label: 'Lundi' },
  { day: 2, label: 'Mardi' },
  { day: 3, label: 'Mercredi' },
  { day: 4, label: 'Jeudi' },
  { day: 5, label: 'Vendredi' },
  { day: 6, label: 'Samedi' },
  { day: 7, label: 'Dimanche' },
];
const DRAFT = 'reservation-periode';
const SENDING_DRAFT = 'reservation-periode-envoi';

interface ChildPreview {
  childId: string;
  firstName: string;
  preview: PeriodPreview | null;
  error: ApiError | null;
  /** The price of the days it would book; null when it could not be worked out (the preview still stands). */
  price: PriceEstimate | null;
}

interface ChildResult {
  childId: string;
  firstName: string;
  outcome: PeriodOutcome | null;
  error: ApiError | null;
}

interface Setup {
  children: { childId: string; firstName: string }[];
  activities: Activity[];
}

const atLeastOne = (control: AbstractControl): ValidationErrors | null =>
  Object.values((control as FormGroup).controls).some((c) => c.value === true) ? null : { required: true };

/** « Du » before « Au », at most a year, as the server checks it. */
const periodRule = (group: AbstractControl): ValidationErrors | null => {
  const from = group.get('from');
  const to = group.get('to');
  if (!from?.value || !to?.value || !to) return null;
  const current = { ...(to.errors ?? {}) };
  delete current['order'];
  delete current['tooLong'];
  if (to.value < from.value) current['order'] = { message: 'La date de fin doit suivre la date de début.' };
  else if (to.value >= addMonths(from.value, 12)) current['tooLong'] = { message: 'Une réservation sur une période couvre au plus un an.' };
  to.setErrors(Object.keys(current).length ? current : null);
  return null;
};

/**
 * « Réserver sur une période »: from / to, weekdays, one activity, one or several children. A
 * preview says, before anything is sent, which days will be booked, refused (and why) or
 * waiting-listed; then one request per child is sent. What was typed is kept in the tab until it
 * is sent, and a failed send is retried with the same request ids.
 */
@Component({
  selector: 'pf-period-booking-page',
  imports: [ReactiveFormsModule, RouterLink, FieldDirective, FieldErrorComponent, LoadingComponent, LoadErrorComponent, QuotientNoteComponent],
  template: `
    <p class="no-print"><a routerLink="/planning"><span aria-hidden="true">‹</span> Retour au planning</a></p>
    <h1 tabindex="-1">Réserver sur une période</h1>
    <p class="lead">Choisissez les enfants, l'activité, les dates et les jours : un aperçu vous montre le résultat avant l'envoi.</p>

    @switch (setup().state) {
      @case ('loading') { <pf-loading label="Chargement des enfants et des activités…" /> }
      @case ('error') { <pf-load-error [error]="setupError()!" (retry)="loadSetup()" /> }
      @case ('ready') {
        @if (restored()) {
          <div class="notice" role="status"><p>Nous avons gardé ce que vous aviez saisi.</p></div>
        }
        @if (results(); as done) {
          <section class="card" aria-labelledby="results-title">
            <h2 id="results-title" tabindex="-1">{{ failedCount() > 0 ? 'Demande envoyée en partie' : 'Demande envoyée' }}</h2>
            <ul class="plain-list">
              @for (r of done; track r.childId) {
                <li class="item-card">
                  <h3>{{ r.firstName }}</h3>
                  @if (r.outcome; as o) {
                    <p><span [class]="'status status--' + statusClass(o.status)">{{ periodStatusText(o.status) }}</span></p>
                    <p>{{ countsText(o.counts, false) }}</p>
                    <p><a [routerLink]="['/demandes', o.requestId]">Suivre la demande de {{ r.firstName }}</a></p>
                  } @else if (r.error; as e) {
                    <div class="notice notice--error" role="alert"><p>{{ e.message }}</p></div>
                  }
                </li>
              }
            </ul>
            <div class="button-row">
              @if (failedCount() > 0) {
                <button type="button" class="button button--primary" (click)="send()" [disabled]="sending()">
                  {{ sending() ? 'Envoi en cours…' : 'Réessayer pour ' + failedNames() }}
                </button>
              }
              <a class="button button--primary" routerLink="/planning">Voir le planning</a>
              <button type="button" class="button button--secondary" (click)="startOver()">Faire une autre demande</button>
            </div>
          </section>
        } @else {
          <form class="card form" [formGroup]="form" (ngSubmit)="showPreview()" novalidate>
            @if (formError(); as e) {
              <div class="notice notice--error" role="alert">
                <p>{{ e.message }}</p>
                @for (p of otherProblems(); track p.field + p.code) { <p>{{ p.message }}</p> }
              </div>
            }
            <fieldset class="field checkbox-group" formGroupName="children"
                      [attr.aria-describedby]="showError(form.controls.children) ? 'children-error' : null">
              <legend>Enfants</legend>
              @for (child of childList(); track child.childId) {
                <div class="field--checkbox">
                  <input type="checkbox" [id]="'child-' + child.childId" [formControlName]="child.childId" />
                  <label [for]="'child-' + child.childId">{{ child.firstName }}</label>
                </div>
              }
              <pf-field-error for="children" [control]="form.controls.children" [messages]="{ required: 'Choisissez au moins un enfant.' }" />
            </fieldset>

            <div class="field">
              <label for="activityId">Activité</label>
              <select id="activityId" formControlName="activityId" pfField="activity-hint" (change)="activityChosen()">
                <option value="">Choisissez une activité</option>
                @for (a of activityList(); track a.activityId) {
                  <option [value]="a.activityId">{{ a.name }}</option>
                }
              </select>
              <pf-field-error for="activityId" [control]="form.controls.activityId" [messages]="{ required: 'Choisissez une activité.' }" />
              @if (activity(); as a) {
                <div class="hint" id="activity-hint">
                  @for (p of a.periods ?? []; track p.periodId) {
                    <p>{{ p.label }} : du {{ date(p.from) }} au {{ date(p.to) }}, le {{ weekdays(p.openWeekdays) }}.</p>
                  }
                  <p>{{ a.deadlineText }}.</p>
                  @if (a.enrolment === 'staff' || a.enrolment === 'automatic') {
                    <p>Seuls les enfants inscrits à cette activité peuvent la réserver.</p>
                  }
                </div>
              }
            </div>

            <div class="field-row">
              <div class="field">
                <label for="from">Du</label>
                <input id="from" type="date" formControlName="from" [min]="today" pfField />
                <pf-field-error for="from" [control]="form.controls.from" [messages]="{ required: 'Indiquez le premier jour.' }" />
              </div>
              <div class="field">
                <label for="to">Au (inclus)</label>
                <input id="to" type="date" formControlName="to" [min]="form.controls.from.value || today" pfField />
                <pf-field-error for="to" [control]="form.controls.to" [messages]="{ required: 'Indiquez le dernier jour.' }" />
              </div>
            </div>

            <fieldset class="field checkbox-group weekdays" formGroupName="weekdays"
                      [attr.aria-describedby]="showError(form.controls.weekdays) ? 'weekdays-error' : null">
              <legend>Jours de la semaine</legend>
              <div class="weekdays__options">
                @for (w of weekdayList; track w.day) {
                  <div class="field--checkbox">
                    <input type="checkbox" [id]="'weekday-' + w.day" [formControlName]="'' + w.day" />
                    <label [for]="'weekday-' + w.day">{{ w.label }}</label>
                  </div>
                }
              </div>
              <pf-field-error for="weekdays" [control]="form.controls.weekdays" [messages]="{ required: 'Choisissez au moins un jour de la semaine.' }" />
            </fieldset>

            @if (lateOffer(); as late) {
              <div class="field field--checkbox">
                <input id="late" type="checkbox" formControlName="late" aria-describedby="late-hint" />
                <label for="late">Réserver aussi les jours dont le délai est dépassé, avec majoration</label>
                <p class="hint" id="late-hint">Ces jours seront réservés comme « {{ late.name }} », facturés avec une majoration ({{ late.deadlineText }}).</p>
              </div>
            }

            <button type="submit" class="button button--primary button--block" [disabled]="previewing()">
              {{ previewing() ? 'Calcul de l’aperçu…' : 'Voir l’aperçu' }}
            </button>
          </form>

          @if (previews(); as list) {
            <section class="card preview" aria-labelledby="preview-title">
              <h2 id="preview-title" tabindex="-1">Aperçu avant envoi</h2>
              <p>Rien n'est encore envoyé. Voici ce que donnerait votre demande aujourd'hui (une place peut être prise d'ici l'envoi).</p>
              @for (p of list; track p.childId) {
                <section class="preview__child" [attr.aria-labelledby]="'preview-' + p.childId">
                  <h3 [id]="'preview-' + p.childId">{{ p.firstName }}</h3>
                  @if (p.error; as e) {
                    <div class="notice notice--error"><p>{{ e.message }}</p></div>
                  } @else if (p.preview; as pv) {
                    <p class="preview__counts">{{ countsText(pv.counts, true) }}</p>
                    @if (notBooked(pv).length) {
                      <ul class="preview__days">
                        @for (d of notBooked(pv); track d.day) {
                          <li>
                            <span class="preview__day">{{ longDay(d.day) }}</span>
                            <span [class]="'status status--' + outcomeClass(d)">{{ outcomeText(d, pv) }}</span>
                            @if (d.reasonText) { <span class="preview__reason">{{ d.reasonText }}</span> }
                          </li>
                        }
                      </ul>
                    }
                    @if (booked(pv).length) {
                      <details class="preview__more">
                        <summary>Voir les {{ booked(pv).length }} jours qui seront réservés</summary>
                        <ul class="preview__days">
                          @for (d of booked(pv); track d.day) {
                            <li>
                              <span class="preview__day">{{ longDay(d.day) }}</span>
                              <span class="status status--accepted">{{ outcomeText(d, pv) }}</span>
                              @if (d.lateActivityId) { <span class="preview__reason">Comme « {{ pv.lateBooking?.name ?? 'réservation tardive' }} »</span> }
                            </li>
                          }
                        </ul>
                      </details>
                    }
                    @if (p.price; as price) {
                      <div class="preview__price">
                        <p><strong>Coût estimé : {{ euros(price.totalCents) }}</strong> pour les jours réservés (ou acceptés par le service).</p>
                        <ul>
                          @for (line of price.lines; track $index) {
                            <li>{{ priceLine(line) }} = {{ euros(line.amountCents) }}</li>
                          }
                        </ul>
                        <pf-quotient-note [price]="price" />
                        @if (price.missing.length) {
                          <p class="hint">Tarif pas encore fixé pour {{ price.missing.length }} jour(s) : non compté.</p>
                        }
                        @if (pv.counts.waitlisted) {
                          <p class="hint">Les jours en liste d'attente ne seront facturés que si une place se libère.</p>
                        }
                      </div>
                    }
                    @if (pv.skipped.length) {
                      <details class="preview__more">
                        <summary>{{ pv.skipped.length }} jour(s) sans accueil sur la période</summary>
                        <ul class="preview__days">
                          @for (s of pv.skipped; track s.day) {
                            <li><span class="preview__day">{{ longDay(s.day) }}</span> <span class="status status--unavailable">Fermé</span> <span class="preview__reason">{{ s.label }}</span></li>
                          }
                        </ul>
                      </details>
                    }
                  }
                </section>
              }
              @if (sendError(); as e) {
                <div class="notice notice--error" role="alert"><p>{{ e.message }}</p></div>
              }
              <div class="button-row">
                <button type="button" class="button button--primary" (click)="send()" [disabled]="sending() || !sendable()">
                  {{ sending() ? 'Envoi en cours…' : sendError() ? 'Réessayer l’envoi' : 'Envoyer la demande' }}
                </button>
              </div>
              @if (!sendable()) {
                <p class="hint">Aucun jour ne peut être demandé avec ces choix : modifiez-les puis revoyez l'aperçu.</p>
              }
            </section>
          }
        }
      }
    }
  `,
})
export class PeriodBookingPage {
  private readonly api = inject(PlanningApi);
  private readonly familyApi = inject(FamilyApi);
  private readonly session = inject(SessionStore);
  private readonly drafts = inject(Drafts);
  private readonly fb = inject(NonNullableFormBuilder);
  private readonly host = inject<ElementRef<HTMLElement>>(ElementRef);
  private readonly injector = inject(Injector);
  private readonly destroyRef = inject(DestroyRef);

  readonly today = todayInParis();
  readonly weekdayList = WEEKDAYS;
  readonly date = formatDate;
  readonly weekdays = weekdaysText;
  readonly longDay = formatLongDay;

  readonly form = this.fb.group(
    {
      children: new FormGroup<Record<string, FormControl<boolean>>>({}, { validators: atLeastOne }),
      activityId: ['', Validators.required],
      from: ['', Validators.required],
      to: ['', Validators.required],
      weekdays: new FormGroup<Record<string, FormControl<boolean>>>(
        Object.fromEntries(WEEKDAYS.map((w) => [String(w.day), this.fb.control(false)])),
        { validators: atLeastOne },
      ),
      late: [false],
    },
    { validators: periodRule },
  );
  private readonly formValue = toSignal(this.form.valueChanges, { initialValue: this.form.getRawValue() });

  readonly setup = signal<Load<Setup>>(loading());
  readonly setupError = computed(() => {
    const s = this.setup();
    return s.state === 'error' ? s.error : null;
  });
  readonly childList = computed(() => {
    const s = this.setup();
    return s.state === 'ready' ? s.value.children : [];
  });
  readonly activityList = computed(() => {
    const s = this.setup();
    return s.state === 'ready' ? s.value.activities : [];
  });
  readonly activity = computed(() => this.activityList().find((a) => a.activityId === this.formValue().activityId) ?? null);
  readonly lateOffer = computed(() => this.activity()?.lateBooking ?? null);

  readonly restored = signal(false);
  readonly previewing = signal(false);
  readonly previews = signal<ChildPreview[] | null>(null);
  readonly formError = signal<ApiError | null>(null);
  readonly otherProblems = signal<FieldProblem[]>([]);
  readonly sending = signal(false);
  readonly sendError = signal<ApiError | null>(null);
  readonly results = signal<ChildResult[] | null>(null);
  readonly failedCount = computed(() => (this.results() ?? []).filter((r) => !r.outcome).length);
  readonly failedNames = computed(() => (this.results() ?? []).filter((r) => !r.outcome).map((r) => r.firstName).join(', '));
  readonly sendable = computed(() =>
    (this.previews() ?? []).some((p) => p.preview && p.preview.counts.accepted + p.preview.counts.waitlisted + p.preview.counts.pending > 0),
  );

  /** One request id per child, kept (with the tab) until the server has answered. */
  private requestIds: Record<string, string> = {};

  constructor() {
    this.loadSetup();
    // Any change after the preview makes it stale: the person previews again.
    this.form.valueChanges.pipe(takeUntilDestroyed()).subscribe(() => {
      if (this.sending()) return;
      if (this.previews()) this.previews.set(null);
      this.requestIds = {};
      this.drafts.clear(SENDING_DRAFT);
    });
  }

  showError(control: AbstractControl): boolean {
    return control.invalid && control.touched;
  }

  loadSetup(): void {
    const familyId = this.session.user()?.familyId;
    if (!familyId) {
      this.setup.set(failed({ statusCode: 404, code: 'NO_FAMILY', message: "Votre compte n'est pas encore rattaché à un dossier famille.", details: [] }));
      return;
    }
    this.setup.set(loading());
    forkJoin({ family: this.familyApi.family(familyId), activities: this.familyApi.activities() }).subscribe({
      next: ({ family, activities }) => {
        for (const child of family.children) {
          if (!this.form.controls.children.contains(child.childId)) this.form.controls.children.addControl(child.childId, this.fb.control(family.children.length === 1), { emitEvent: false });
        }
        this.setup.set(ready({ children: family.children.map((c) => ({ childId: c.childId, firstName: c.firstName })), activities }));
        this.restore();
      },
      error: (e: unknown) => this.setup.set(failed(toApiError(e))),
    });
  }

  private restore(): void {
    const draftFound = this.drafts.keep(DRAFT, this.form, this.destroyRef);
    const sending = this.drafts.load<Record<string, string>>(SENDING_DRAFT);
    if (sending) this.requestIds = sending;
    this.restored.set(draftFound && Object.values(this.form.getRawValue().children).some(Boolean));
  }

  /** A new activity: propose the weekdays it opens. */
  activityChosen(): void {
    const a = this.activity();
    const open = new Set((a?.periods ?? []).flatMap((p) => p.openWeekdays));
    if (open.size === 0) return;
    this.form.controls.weekdays.setValue(Object.fromEntries(WEEKDAYS.map((w) => [String(w.day), open.has(w.day)])));
    if (!a?.lateBooking) this.form.controls.late.setValue(false);
  }

  private fields(childId: string): PeriodFields {
    const v = this.form.getRawValue();
    const weekdays = WEEKDAYS.filter((w) => v.weekdays[String(w.day)]).map((w) => w.day);
    return { childId, activityId: v.activityId, from: v.from, to: v.to, weekdays, ...(v.late && this.lateOffer() ? { late: true } : {}) };
  }

  private chosenChildren() {
    const chosen = this.form.getRawValue().children;
    return this.childList().filter((c) => chosen[c.childId]);
  }

  showPreview(): void {
    this.formError.set(null);
    this.otherProblems.set([]);
    if (this.form.invalid) {
      this.form.markAllAsTouched();
      focusFirstInvalid(this.host.nativeElement, this.injector);
      afterNextRender(() => {
        if (!this.host.nativeElement.querySelector('[aria-invalid="true"]')) this.host.nativeElement.querySelector<HTMLElement>('fieldset[aria-describedby] input')?.focus();
      }, { injector: this.injector });
      return;
    }
    this.previewing.set(true);
    const children = this.chosenChildren();
    forkJoin(
      children.map((c) =>
        this.api.preview(this.fields(c.childId)).pipe(
          switchMap((preview) =>
            this.priceOf(c.childId, preview).pipe(map((price): ChildPreview => ({ childId: c.childId, firstName: c.firstName, preview, error: null, price }))),
          ),
          catchError((e: unknown) => of<ChildPreview>({ childId: c.childId, firstName: c.firstName, preview: null, error: toApiError(e), price: null })),
        ),
      ),
    ).subscribe((list) => {
      this.previewing.set(false);
      // A problem with the form itself (same for every child) goes next to its field.
      const fieldProblem = list.find((p) => p.error && p.error.details.length)?.error;
      if (fieldProblem && list.every((p) => p.error)) {
        this.formError.set(fieldProblem);
        this.otherProblems.set(applyServerErrors(this.form, fieldProblem.details));
        focusFirstInvalid(this.host.nativeElement, this.injector);
        return;
      }
      if (list.every((p) => p.error && p.error.statusCode <= 0)) {
        this.formError.set(list[0]!.error);
        return;
      }
      this.previews.set(list);
      this.sendError.set(null);
      afterNextRender(() => this.host.nativeElement.querySelector<HTMLElement>('#preview-title')?.focus(), { injector: this.injector });
    });
  }

  /** The price of the days the preview would book (accepted now or on the service's decision); null if it cannot be had. */
  private priceOf(childId: string, preview: PeriodPreview) {
    const familyId = this.session.user()?.familyId;
    const activityId = this.form.getRawValue().activityId;
    const days = preview.days
      .filter((d) => d.status === 'accepted' || d.status === 'pending')
      .map((d) => ({ activityId, day: d.day, ...(d.lateActivityId ? { lateActivityId: d.lateActivityId } : {}) }));
    if (!familyId || days.length === 0) return of<PriceEstimate | null>(null);
    return this.api.estimate(familyId, childId, days).pipe(catchError(() => of<PriceEstimate | null>(null)));
  }

  euros(cents: number): string {
    return formatCents(cents);
  }

  priceLine(line: PriceEstimate['lines'][number]): string {
    return priceLineText(line);
  }

  send(): void {
    if (this.sending()) return;
    const already = new Map((this.results() ?? []).filter((r) => r.outcome).map((r) => [r.childId, r]));
    const children = this.chosenChildren().filter((c) => {
      if (already.has(c.childId)) return false;
      const p = this.previews()?.find((x) => x.childId === c.childId);
      // Nothing to ask for this child (every day refused): no request.
      return !p?.preview || p.preview.counts.accepted + p.preview.counts.waitlisted + p.preview.counts.pending > 0;
    });
    if (children.length === 0) return;
    for (const c of children) this.requestIds[c.childId] ??= newRequestId();
    this.drafts.save(SENDING_DRAFT, this.requestIds);
    this.sending.set(true);
    this.sendError.set(null);
    forkJoin(
      children.map((c) =>
        this.api.bookPeriod({ requestId: this.requestIds[c.childId]!, ...this.fields(c.childId) }).pipe(
          map((outcome): ChildResult => ({ childId: c.childId, firstName: c.firstName, outcome, error: null })),
          catchError((e: unknown) => of<ChildResult>({ childId: c.childId, firstName: c.firstName, outcome: null, error: toApiError(e) })),
        ),
      ),
    ).subscribe((list) => {
      this.sending.set(false);
      for (const r of list) {
        // Rejected for good: a new attempt is a new request. Otherwise keep the id to retry.
        if (r.outcome || (r.error && isDefinitiveRejection(r.error))) delete this.requestIds[r.childId];
      }
      const merged = [...already.values(), ...list];
      if (merged.every((r) => r.error && r.error.statusCode <= 0) && !this.results()) {
        // Nothing reached the server: stay on the preview, everything typed is still there.
        this.sendError.set(list[0]!.error);
        this.drafts.save(SENDING_DRAFT, this.requestIds);
        return;
      }
      this.results.set(merged);
      if (merged.every((r) => r.outcome)) {
        this.drafts.clear(DRAFT);
        this.drafts.clear(SENDING_DRAFT);
        this.restored.set(false);
      } else {
        this.drafts.save(SENDING_DRAFT, this.requestIds);
      }
      afterNextRender(() => this.host.nativeElement.querySelector<HTMLElement>('#results-title')?.focus(), { injector: this.injector });
    });
  }

  startOver(): void {
    this.results.set(null);
    this.previews.set(null);
    this.requestIds = {};
    this.drafts.clear(DRAFT);
    this.drafts.clear(SENDING_DRAFT);
    this.form.controls.from.reset('');
    this.form.controls.to.reset('');
    afterNextRender(() => this.host.nativeElement.querySelector<HTMLElement>('h1')?.focus(), { injector: this.injector });
  }

  booked(p: PeriodPreview): DayOutcome[] {
    return p.days.filter((d) => d.status === 'accepted');
  }

  notBooked(p: PeriodPreview): DayOutcome[] {
    return p.days.filter((d) => d.status !== 'accepted');
  }

  outcomeClass(d: DayOutcome): string {
    return d.status === 'pending' ? 'requested' : d.status;
  }

  outcomeText(d: DayOutcome, _p: PeriodPreview): string {
    switch (d.status) {
      case 'accepted':
        return d.lateActivityId ? 'Sera réservé avec majoration' : 'Sera réservé';
      case 'waitlisted':
        // The day is full today: said before the parent sends, with the rank the request would get.
        return `Complet — liste d'attente${d.rank ? ` (rang ${d.rank})` : ''}`;
      case 'pending':
        return 'À valider par le service';
      default:
        return 'Refusé';
    }
  }

  countsText(c: OutcomeCounts, future: boolean): string {
    const parts: string[] = [];
    const n = (count: number, one: string, many: string) => `${count} ${count === 1 ? one : many}`;
    if (future) {
      parts.push(n(c.accepted, 'jour sera réservé', 'jours seront réservés'));
      if (c.pending) parts.push(n(c.pending, 'jour sera étudié par le service', 'jours seront étudiés par le service'));
      if (c.waitlisted) parts.push(n(c.waitlisted, "jour ira en liste d'attente", "jours iront en liste d'attente"));
      if (c.refused) parts.push(n(c.refused, 'jour sera refusé', 'jours seront refusés'));
    } else {
      parts.push(n(c.accepted, 'jour réservé', 'jours réservés'));
      if (c.pending) parts.push(n(c.pending, 'jour en attente de décision', 'jours en attente de décision'));
      if (c.waitlisted) parts.push(n(c.waitlisted, "jour en liste d'attente", "jours en liste d'attente"));
      if (c.refused) parts.push(n(c.refused, 'jour refusé', 'jours refusés'));
    }
    return parts.join(', ') + '.';
  }

  periodStatusText(status: PeriodOutcome['status']): string {
    return (
      { accepted: 'Acceptée', partially_accepted: 'Acceptée en partie', refused: 'Refusée', waitlisted: "En liste d'attente", pending: 'En attente de décision' } as const
    )[status];
  }

  statusClass(status: PeriodOutcome['status']): string {
    return status === 'partially_accepted' ? 'accepted' : status;
  }
}
