import { Component, DestroyRef, ElementRef, Injector, computed, inject, signal } from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { FormControl, FormGroup, NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { RouterLink } from '@angular/router';
import { forkJoin } from 'rxjs';
import { SessionStore } from '../auth/session.store';
import { toApiError } from '../shared/api-error';
import { weekdaysText } from '../shared/calendar';
import { Drafts } from '../shared/drafts';
import { FieldDirective, FieldErrorComponent, focusFirstInvalid } from '../shared/form-field';
import { formatDate, todayInParis } from '../shared/french-format';
import { Load, LoadErrorComponent, LoadingComponent, failed, loading, ready, loadedValue, loadErrorOf } from '../shared/load-state';
import { Submission, SubmissionErrorComponent } from '../shared/submission';
import { Activity, Enrolment, Family, FamilyApi } from './family.api';

const WEEKDAYS = ['Lundi', 'Mardi', 'Mercredi', 'Jeudi', 'Vendredi', 'Samedi', 'Dimanche'];
const DRAFT = 'inscription';

interface Data {
  family: Family;
  activities: Activity[];
  enrolments: Enrolment[];
}

const STATUS: Record<Enrolment['status'], { label: string; css: string }> = {
  accepted: { label: 'Inscrit', css: 'accepted' },
  pending: { label: 'Demande en cours', css: 'pending' },
  refused: { label: 'Refusée', css: 'refused' },
};

/** The children's enrolments (activities that need one), and the form to ask for a new one. */
@Component({
  selector: 'pf-enrolments-page',
  imports: [ReactiveFormsModule, RouterLink, LoadingComponent, LoadErrorComponent, FieldDirective, FieldErrorComponent, SubmissionErrorComponent],
  template: `
    <p class="no-print"><a routerLink="/famille"><span aria-hidden="true">‹</span> Dossier famille</a></p>
    <h1 tabindex="-1">Inscriptions aux activités</h1>
    <p class="lead">
      La cantine se réserve sans inscription. Les garderies, le mercredi et les vacances demandent une inscription
      par période, parfois validée par le service.
    </p>

    @switch (load().state) {
      @case ('loading') { <pf-loading label="Chargement des inscriptions…" /> }
      @case ('error') { <pf-load-error [error]="loadError()!" (retry)="reload()" /> }
      @case ('ready') {
        <section class="card" aria-labelledby="current-title">
          <h2 id="current-title">Inscriptions de vos enfants</h2>
          @for (child of children(); track child.childId) {
            <h3>{{ child.firstName }}</h3>
            @if (enrolmentsOf(child.childId).length === 0) {
              <p>Aucune inscription pour l'instant.</p>
            } @else {
              <ul class="plain-list">
                @for (e of enrolmentsOf(child.childId); track e.requestId) {
                  <li class="enrolment">
                    <span><strong>{{ activityName(e.activityId) }}</strong> — {{ e.periodLabel }}</span>
                    <span [class]="'status status--' + statusOf(e).css">{{ statusOf(e).label }}</span>
                    @if (e.typicalWeek?.length) {
                      <span class="hint">Semaine type : {{ weekdays(e.typicalWeek!) }}</span>
                    }
                    <a [routerLink]="['/demandes', e.requestId]">Suivi<span class="visually-hidden"> de la demande d'inscription de {{ child.firstName }} à {{ activityName(e.activityId) }}</span></a>
                  </li>
                }
              </ul>
            }
          }
        </section>

        <section class="card" aria-labelledby="ask-title">
          <h2 id="ask-title">Demander une inscription</h2>
          @if (outcome(); as o) {
            <div [class]="'notice notice--' + (o.status === 'refused' ? 'error' : 'success')" role="status">
              <p>{{ o.text }}</p>
            </div>
          }
          <form class="form" [formGroup]="form" (ngSubmit)="send()" novalidate>
            <pf-submission-error [submission]="submission" />
            <div class="field-row">
              <div class="field">
                <label for="enrol-child">Enfant</label>
                <select id="enrol-child" formControlName="childId" pfField>
                  <option value="">Choisissez un enfant</option>
                  @for (c of children(); track c.childId) { <option [value]="c.childId">{{ c.firstName }}</option> }
                </select>
                <pf-field-error for="enrol-child" [control]="form.controls.childId" [messages]="{ required: 'Choisissez un enfant.' }" />
              </div>
              <div class="field">
                <label for="enrol-activity">Activité</label>
                <select id="enrol-activity" formControlName="activityId" pfField (change)="form.controls.periodId.setValue('')">
                  <option value="">Choisissez une activité</option>
                  @for (a of enrollable(); track a.activityId) { <option [value]="a.activityId">{{ a.name }}</option> }
                </select>
                <pf-field-error for="enrol-activity" [control]="form.controls.activityId" [messages]="{ required: 'Choisissez une activité.' }" />
              </div>
            </div>
            <div class="field">
              <label for="enrol-period">Période</label>
              <select id="enrol-period" formControlName="periodId" pfField="enrol-period-hint" (change)="periodChosen()">
                <option value="">Choisissez une période</option>
                @for (p of periods(); track p.periodId) {
                  <option [value]="p.periodId">{{ p.label }} (du {{ date(p.from) }} au {{ date(p.to) }})</option>
                }
              </select>
              @if (selectedActivity(); as a) {
                <p class="hint" id="enrol-period-hint">
                  {{ a.enrolment === 'staff' ? 'Le service étudie chaque demande et vous répond.' : 'La demande est acceptée automatiquement si l’enfant relève de l’activité.' }}
                </p>
              }
              <pf-field-error for="enrol-period" [control]="form.controls.periodId" [messages]="{ required: 'Choisissez une période.' }" />
            </div>
            <fieldset class="field checkbox-group" formGroupName="typicalWeek">
              <legend>Semaine type <span class="optional">(facultatif : les jours habituels de présence)</span></legend>
              <div class="weekdays__options">
                @for (w of weekdayNames; track $index) {
                  <div class="field--checkbox">
                    <input type="checkbox" [id]="'typical-' + ($index + 1)" [formControlName]="'' + ($index + 1)" />
                    <label [for]="'typical-' + ($index + 1)">{{ w }}</label>
                  </div>
                }
              </div>
            </fieldset>
            <button type="submit" class="button button--primary" [disabled]="submission.sending()">
              {{ submission.sending() ? 'Envoi en cours…' : submission.error() && !submission.definitive() ? 'Réessayer' : 'Demander l’inscription' }}
            </button>
          </form>
        </section>
      }
    }
  `,
})
export class EnrolmentsPage {
  private readonly api = inject(FamilyApi);
  private readonly session = inject(SessionStore);
  private readonly drafts = inject(Drafts);
  private readonly fb = inject(NonNullableFormBuilder);
  private readonly host = inject<ElementRef<HTMLElement>>(ElementRef);
  private readonly injector = inject(Injector);
  private readonly today = todayInParis();
  readonly date = formatDate;
  readonly weekdays = weekdaysText;
  readonly weekdayNames = WEEKDAYS;

  readonly load = signal<Load<Data>>(loading());
  readonly loadError = loadErrorOf(this.load);
  private readonly data = loadedValue(this.load, null);
  readonly children = computed(() => this.data()?.family.children ?? []);
  readonly enrollable = computed(() => (this.data()?.activities ?? []).filter((a) => a.enrolment && a.enrolment !== 'open'));

  readonly form = this.fb.group({
    childId: ['', Validators.required],
    activityId: ['', Validators.required],
    periodId: ['', Validators.required],
    typicalWeek: new FormGroup<Record<string, FormControl<boolean>>>(Object.fromEntries(WEEKDAYS.map((_, i) => [String(i + 1), this.fb.control(false)]))),
  });
  private readonly value = toSignal(this.form.valueChanges, { initialValue: this.form.getRawValue() });
  readonly selectedActivity = computed(() => this.enrollable().find((a) => a.activityId === this.value().activityId) ?? null);
  /** Periods not over yet. */
  readonly periods = computed(() => (this.selectedActivity()?.periods ?? []).filter((p) => p.to >= this.today));

  readonly submission = new Submission({ form: this.form });
  readonly outcome = signal<{ status: string; text: string } | null>(null);

  constructor() {
    this.drafts.keep(DRAFT, this.form, inject(DestroyRef));
    this.reload();
  }

  reload(): void {
    const familyId = this.session.user()?.familyId;
    if (!familyId) {
      this.load.set(failed({ statusCode: 404, code: 'NO_FAMILY', message: "Votre compte n'est pas encore rattaché à un dossier famille.", details: [] }));
      return;
    }
    if (this.load().state !== 'ready') this.load.set(loading());
    forkJoin({ family: this.api.family(familyId), activities: this.api.activities(), enrolments: this.api.enrolments(familyId) }).subscribe({
      next: (data) => this.load.set(ready(data)),
      error: (e: unknown) => this.load.set(failed(toApiError(e))),
    });
  }

  enrolmentsOf(childId: string): Enrolment[] {
    return (this.data()?.enrolments ?? []).filter((e) => e.childId === childId);
  }

  activityName(activityId: string): string {
    return this.data()?.activities.find((a) => a.activityId === activityId)?.name ?? 'Activité';
  }

  statusOf(e: Enrolment) {
    return STATUS[e.status];
  }

  periodChosen(): void {
    const period = this.periods().find((p) => p.periodId === this.form.controls.periodId.value);
    if (!period) return;
    this.form.controls.typicalWeek.setValue(Object.fromEntries(WEEKDAYS.map((_, i) => [String(i + 1), false])));
  }

  send(): void {
    this.submission.clear();
    this.outcome.set(null);
    if (this.form.invalid) {
      this.form.markAllAsTouched();
      focusFirstInvalid(this.host.nativeElement, this.injector);
      return;
    }
    const v = this.form.getRawValue();
    const typicalWeek = Object.entries(v.typicalWeek).filter(([, on]) => on).map(([d]) => Number(d));
    this.submission.send(
      this.api.requestEnrolment({ requestId: this.submission.requestId, childId: v.childId, activityId: v.activityId, periodId: v.periodId, ...(typicalWeek.length ? { typicalWeek } : {}) }),
      (o) => {
        this.drafts.clear(DRAFT);
        const child = this.children().find((c) => c.childId === v.childId)?.firstName ?? '';
        const activity = this.activityName(v.activityId);
        this.outcome.set({
          status: o.status,
          text:
            o.status === 'accepted'
              ? `${child} est inscrit(e) à « ${activity} ». Vous pouvez maintenant réserver ses jours dans le planning.`
              : o.status === 'pending'
                ? `Votre demande d'inscription de ${child} à « ${activity} » est envoyée : le service va l'étudier.`
                : `La demande d'inscription est refusée : ${o.reasonText ?? 'aucun motif précisé.'}`,
        });
        this.form.reset();
        this.reload();
      },
    );
  }
}
