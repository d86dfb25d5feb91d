import { Component, ElementRef, Injector, afterNextRender, computed, inject, signal } from '@angular/core';
import { takeUntilDestroyed, toSignal } from '@angular/core/rxjs-interop';
import { AbstractControl, FormControl, FormGroup, NonNullableFormBuilder, ReactiveFormsModule, ValidationErrors, Validators } from '@angular/forms';
import { RouterLink } from '@angular/router';
import { forkJoin, of } from 'rxjs';
import { catchError } from 'rxjs/operators';
import { SessionStore } from '../auth/session.store';
import { ApiError, toApiError } from '../shared/api-error';
import { addMonths } from '../shared/calendar';
import { FieldDirective, FieldErrorComponent, focusFirstInvalid } from '../shared/form-field';
import { formatCents, formatLongDay, todayInParis } from '../shared/french-format';
import { Load, LoadErrorComponent, LoadingComponent, failed, loading, ready } from '../shared/load-state';
import { Submission } from '../shared/submission';
import { Activity, FamilyApi } from '../family/family.api';
import { PlanningApi } from './planning.api';
import { CancellationDay, CancellationOutcome, CancellationPeriodFields, CancellationPreview, PriceEstimate } from './planning.models';

const WEEKDAYS = [
  { day: 1, label: 'Lundi' },
  { day: 2, label: 'Mardi' },
  { day: 3, label: 'Mercredi' },
  { day: 4, label: 'Jeudi' },
  { day: 5, label: 'Vendredi' },
  { day: 6, label: 'Samedi' },
  { day: 7, label: 'Dimanche' },
];

interface Setup {
  children: { childId: string; firstName: string }[];
  activities: Activity[];
}

/** What the cancellation changes to the bill: the days freed no longer cost anything, the days kept are still billed. */
interface PriceChange {
  saved: PriceEstimate | null;
  kept: PriceEstimate | null;
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
  else if (to.value >= addMonths(from.value, 12)) current['tooLong'] = { message: 'Une annulation sur une période couvre au plus un an.' };
  to.setErrors(Object.keys(current).length ? current : null);
  return null;
};

/**
 * « Annuler sur une période »: one child, one activity, from / to and weekdays. A preview says,
 * before anything is sent, which days will be freed, which stay booked and billed because the
 * deadline is past (and why), which the service decides, and what it changes to the bill; then
 * one request is sent.
 */
@Component({
  selector: 'pf-period-cancellation-page',
  imports: [ReactiveFormsModule, RouterLink, FieldDirective, FieldErrorComponent, LoadingComponent, LoadErrorComponent],
  template: `
    <p class="no-print"><a routerLink="/planning"><span aria-hidden="true">‹</span> Retour au planning</a></p>
    <h1 tabindex="-1">Annuler sur une période</h1>
    <p class="lead">Choisissez l'enfant, l'activité et les dates : un aperçu vous montre les jours annulés, ceux qui restent facturés et pourquoi, avant l'envoi.</p>

    @switch (setup().state) {
      @case ('loading') { <pf-loading label="Chargement des enfants et des activités…" /> }
      @case ('error') { <pf-load-error [error]="setupError()!" (retry)="loadSetup()" /> }
      @case ('ready') {
        @if (result(); as o) {
          <section class="card" aria-labelledby="result-title">
            <h2 id="result-title" tabindex="-1">Demande d'annulation envoyée</h2>
            <p><span [class]="'status status--' + (o.status === 'partially_accepted' ? 'accepted' : o.status)">{{ statusText(o.status) }}</span></p>
            <p>{{ countsText(o, false) }}</p>
            <p><a [routerLink]="['/demandes', o.requestId]">Suivre la demande</a></p>
            <div class="button-row">
              <a class="button button--primary" routerLink="/planning">Voir le planning</a>
              <button type="button" class="button button--secondary" (click)="startOver()">Faire une autre demande</button>
            </div>
          </section>
        } @else {
          <form class="card form" [formGroup]="form" (ngSubmit)="showPreview()" novalidate>
            @if (formError(); as e) {
              <div class="notice notice--error" role="alert"><p>{{ e.message }}</p></div>
            }
            <div class="field">
              <label for="cancel-child">Enfant</label>
              <select id="cancel-child" formControlName="childId" pfField>
                <option value="">Choisissez un enfant</option>
                @for (c of childList(); track c.childId) { <option [value]="c.childId">{{ c.firstName }}</option> }
              </select>
              <pf-field-error for="cancel-child" [control]="form.controls.childId" [messages]="{ required: 'Choisissez un enfant.' }" />
            </div>
            <div class="field">
              <label for="cancel-activity">Activité</label>
              <select id="cancel-activity" formControlName="activityId" pfField="cancel-activity-hint">
                <option value="">Choisissez une activité</option>
                @for (a of activityList(); track a.activityId) { <option [value]="a.activityId">{{ a.name }}</option> }
              </select>
              <pf-field-error for="cancel-activity" [control]="form.controls.activityId" [messages]="{ required: 'Choisissez une activité.' }" />
              @if (activity(); as a) {
                <p class="hint" id="cancel-activity-hint">{{ a.deadlineText }} : une annulation suit le même délai ; au-delà, le jour reste réservé et facturé.</p>
              }
            </div>
            <div class="field-row">
              <div class="field">
                <label for="cancel-from">Du</label>
                <input id="cancel-from" type="date" formControlName="from" [min]="today" pfField />
                <pf-field-error for="cancel-from" [control]="form.controls.from" [messages]="{ required: 'Indiquez le premier jour.' }" />
              </div>
              <div class="field">
                <label for="cancel-to">Au (inclus)</label>
                <input id="cancel-to" type="date" formControlName="to" [min]="form.controls.from.value || today" pfField />
                <pf-field-error for="cancel-to" [control]="form.controls.to" [messages]="{ required: 'Indiquez le dernier jour.' }" />
              </div>
            </div>
            <fieldset class="field checkbox-group weekdays" formGroupName="weekdays"
                      [attr.aria-describedby]="showError(form.controls.weekdays) ? 'cancel-weekdays-error' : null">
              <legend>Jours de la semaine</legend>
              <div class="weekdays__options">
                @for (w of weekdayList; track w.day) {
                  <div class="field--checkbox">
                    <input type="checkbox" [id]="'cancel-weekday-' + w.day" [formControlName]="'' + w.day" />
                    <label [for]="'cancel-weekday-' + w.day">{{ w.label }}</label>
                  </div>
                }
              </div>
              <pf-field-error for="cancel-weekdays" [control]="form.controls.weekdays" [messages]="{ required: 'Choisissez au moins un jour de la semaine.' }" />
            </fieldset>
            <div class="field">
              <label for="cancel-reason">Motif <span class="optional">(facultatif)</span></label>
              <textarea id="cancel-reason" rows="2" formControlName="reason" maxlength="300" pfField="cancel-reason-hint"></textarea>
              <p class="hint" id="cancel-reason-hint">300 caractères au plus.</p>
            </div>
            <button type="submit" class="button button--primary button--block" [disabled]="previewing()">
              {{ previewing() ? 'Calcul de l’aperçu…' : 'Voir l’aperçu' }}
            </button>
          </form>

          @if (preview(); as p) {
            <section class="card preview" aria-labelledby="preview-title">
              <h2 id="preview-title" tabindex="-1">Aperçu avant envoi</h2>
              @if (p.days.length === 0) {
                <p>Cet enfant n'a aucun jour réservé de cette activité sur cette période : il n'y a rien à annuler.</p>
              } @else {
                <p>Rien n'est encore envoyé. Voici ce que donnerait votre demande maintenant.</p>
                <p class="preview__counts">{{ countsText(p, true) }}</p>
                <ul class="preview__days">
                  @for (d of p.days; track d.day) {
                    <li>
                      <span class="preview__day">{{ longDay(d.day) }}</span>
                      <span [class]="'status status--' + dayClass(d)">{{ dayText(d) }}</span>
                      @if (d.reasonText) { <span class="preview__reason">{{ d.reasonText }}</span> }
                    </li>
                  }
                </ul>
                @if (price(); as change) {
                  <div class="preview__price">
                    @if (change.saved; as saved) {
                      <p><strong>Économie estimée : {{ euros(saved.totalCents) }}</strong> pour les jours annulés, qui ne seront pas facturés.</p>
                    }
                    @if (change.kept; as kept) {
                      <p>Les jours maintenus restent facturés : {{ euros(kept.totalCents) }}.</p>
                    }
                  </div>
                }
              }
              @if (submission.error(); as e) {
                <div class="notice notice--error" role="alert"><p>{{ e.message }}</p></div>
              }
              <div class="button-row">
                <button type="button" class="button button--primary" (click)="send()" [disabled]="submission.sending() || !sendable()">
                  {{ submission.sending() ? 'Envoi en cours…' : submission.error() ? 'Réessayer l’envoi' : 'Envoyer la demande d’annulation' }}
                </button>
              </div>
              @if (!sendable()) {
                <p class="hint">Aucun jour ne peut être annulé avec ces choix : modifiez-les puis revoyez l'aperçu.</p>
              }
            </section>
          }
        }
      }
    }
  `,
})
export class PeriodCancellationPage {
  private readonly api = inject(PlanningApi);
  private readonly familyApi = inject(FamilyApi);
  private readonly session = inject(SessionStore);
  private readonly fb = inject(NonNullableFormBuilder);
  private readonly host = inject<ElementRef<HTMLElement>>(ElementRef);
  private readonly injector = inject(Injector);

  readonly today = todayInParis();
  readonly weekdayList = WEEKDAYS;
  readonly longDay = formatLongDay;

  readonly form = this.fb.group(
    {
      childId: ['', Validators.required],
      activityId: ['', Validators.required],
      from: ['', Validators.required],
      to: ['', Validators.required],
      weekdays: new FormGroup<Record<string, FormControl<boolean>>>(
        Object.fromEntries(WEEKDAYS.map((w) => [String(w.day), this.fb.control(w.day <= 5)])),
        { validators: atLeastOne },
      ),
      reason: ['', Validators.maxLength(300)],
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

  readonly previewing = signal(false);
  readonly preview = signal<CancellationPreview | null>(null);
  readonly price = signal<PriceChange | null>(null);
  readonly formError = signal<ApiError | null>(null);
  readonly result = signal<CancellationOutcome | null>(null);
  readonly submission = new Submission();
  readonly sendable = computed(() => (this.preview()?.days ?? []).some((d) => d.status !== 'kept'));

  constructor() {
    this.loadSetup();
    // Any change after the preview makes it stale (and is another request).
    this.form.valueChanges.pipe(takeUntilDestroyed()).subscribe(() => {
      if (this.submission.sending()) return;
      if (this.preview()) {
        this.preview.set(null);
        this.price.set(null);
        this.submission.clear();
        this.submission.renewRequestId();
      }
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
        if (family.children.length === 1) this.form.controls.childId.setValue(family.children[0]!.childId, { emitEvent: false });
        this.setup.set(ready({ children: family.children.map((c) => ({ childId: c.childId, firstName: c.firstName })), activities }));
      },
      error: (e: unknown) => this.setup.set(failed(toApiError(e))),
    });
  }

  private fields(): CancellationPeriodFields {
    const v = this.form.getRawValue();
    const weekdays = WEEKDAYS.filter((w) => v.weekdays[String(w.day)]).map((w) => w.day);
    const reason = v.reason.trim();
    return { childId: v.childId, activityId: v.activityId, from: v.from, to: v.to, weekdays, ...(reason ? { reason } : {}) };
  }

  showPreview(): void {
    this.formError.set(null);
    if (this.form.invalid) {
      this.form.markAllAsTouched();
      focusFirstInvalid(this.host.nativeElement, this.injector);
      return;
    }
    this.previewing.set(true);
    this.api.cancellationPreview(this.fields()).subscribe({
      next: (preview) => {
        this.previewing.set(false);
        this.preview.set(preview);
        this.loadPrice(preview);
        afterNextRender(() => this.host.nativeElement.querySelector<HTMLElement>('#preview-title')?.focus(), { injector: this.injector });
      },
      error: (e: unknown) => {
        this.previewing.set(false);
        this.formError.set(toApiError(e));
      },
    });
  }

  /** The price of the booked days freed (saved) and of those kept past the deadline (still billed). */
  private loadPrice(preview: CancellationPreview): void {
    const familyId = this.session.user()?.familyId;
    const { childId, activityId } = this.form.getRawValue();
    const daysOf = (keep: (d: CancellationDay) => boolean) =>
      preview.days.filter((d) => d.previousStatus === 'accepted' && keep(d)).map((d) => ({ activityId, day: d.day, ...(d.lateActivityId ? { lateActivityId: d.lateActivityId } : {}) }));
    const saved = daysOf((d) => d.status === 'cancelled');
    const kept = daysOf((d) => d.status === 'refused');
    if (!familyId || saved.length + kept.length === 0) return;
    const estimate = (days: typeof saved) => (days.length ? this.api.estimate(familyId, childId, days).pipe(catchError(() => of(null))) : of(null));
    forkJoin({ saved: estimate(saved), kept: estimate(kept) }).subscribe((change) => {
      if (this.preview() === preview) this.price.set(change);
    });
  }

  send(): void {
    if (this.submission.sending() || !this.sendable()) return;
    this.submission.send(this.api.cancelPeriod({ requestId: this.submission.requestId, ...this.fields() }), (outcome) => {
      this.result.set(outcome);
      afterNextRender(() => this.host.nativeElement.querySelector<HTMLElement>('#result-title')?.focus(), { injector: this.injector });
    });
  }

  startOver(): void {
    this.result.set(null);
    this.preview.set(null);
    this.price.set(null);
    this.form.controls.from.reset('');
    this.form.controls.to.reset('');
    this.form.controls.reason.reset('');
    afterNextRender(() => this.host.nativeElement.querySelector<HTMLElement>('h1')?.focus(), { injector: this.injector });
  }

  euros(cents: number): string {
    return formatCents(cents);
  }

  dayClass(d: CancellationDay): string {
    return { cancelled: 'cancelled', refused: 'refused', pending: 'requested', kept: 'unavailable' }[d.status];
  }

  dayText(d: CancellationDay): string {
    switch (d.status) {
      case 'cancelled':
        return d.previousStatus === 'accepted' ? 'Sera annulé' : d.previousStatus === 'waitlisted' ? "Sera retiré de la liste d'attente" : 'Demande retirée';
      case 'refused':
        return 'Reste réservé et facturé';
      case 'pending':
        return 'À valider par le service';
      default:
        return 'Non annulable';
    }
  }

  countsText(p: CancellationPreview, future: boolean): string {
    const n = (count: number, one: string, many: string) => `${count} ${count === 1 ? one : many}`;
    const c = p.counts;
    const parts = future
      ? [
          n(c.cancelled, 'jour sera annulé', 'jours seront annulés'),
          c.refused ? n(c.refused, 'jour restera facturé (délai dépassé)', 'jours resteront facturés (délai dépassé)') : '',
          c.pending ? n(c.pending, 'jour sera étudié par le service', 'jours seront étudiés par le service') : '',
          c.kept ? n(c.kept, 'jour ne peut pas être annulé', 'jours ne peuvent pas être annulés') : '',
        ]
      : [
          n(c.cancelled, 'jour annulé', 'jours annulés'),
          c.refused ? n(c.refused, 'jour maintenu et facturé (délai dépassé)', 'jours maintenus et facturés (délai dépassé)') : '',
          c.pending ? n(c.pending, 'jour en attente de décision', 'jours en attente de décision') : '',
        ];
    return parts.filter(Boolean).join(', ') + '.';
  }

  statusText(status: CancellationOutcome['status']): string {
    return { accepted: 'Acceptée', partially_accepted: 'Acceptée en partie', refused: 'Refusée', pending: 'En attente de décision' }[status];
  }
}
