import { HttpClient } from '@angular/common/http';
import { Component, DestroyRef, ElementRef, Injector, afterNextRender, inject, signal } from '@angular/core';
import { AbstractControl, NonNullableFormBuilder, ReactiveFormsModule, ValidationErrors, Validators } from '@angular/forms';
import { map } from 'rxjs';
import { toApiError } from '../../shared/api-error';
import { Drafts } from '../../shared/drafts';
import { FieldDirective, FieldErrorComponent, focusFirstInvalid } from '../../shared/form-field';
import { formatDate, todayInParis } from '../../shared/french-format';
import { Load, LoadErrorComponent, LoadingComponent, failed, loading, ready, loadedValue, loadErrorOf } from '../../shared/load-state';
import { newRequestId } from '../../shared/request-id';
import { Submission, SubmissionErrorComponent } from '../../shared/submission';
import { NewsItem } from '../../family/family.api';
import { BackOfficeApi, StaffActivity } from '../back-office.api';

const DRAFT = 'actualite';

const untilAfterFrom = (group: AbstractControl): ValidationErrors | null => {
  const from = group.get('publishFrom')?.value as string;
  const until = group.get('publishUntil');
  if (!until) return null;
  const errors = { ...(until.errors ?? {}) };
  delete errors['order'];
  if (from && until.value && until.value < from) errors['order'] = { message: 'La fin de publication doit suivre son début.' };
  until.setErrors(Object.keys(errors).length ? errors : null);
  return null;
};

/** Actualités: publish for the whole commune or one activity's families, with dates; revise; withdraw. */
@Component({
  selector: 'pf-staff-news-page',
  imports: [ReactiveFormsModule, LoadingComponent, LoadErrorComponent, FieldDirective, FieldErrorComponent, SubmissionErrorComponent],
  template: `
    <h1 tabindex="-1">Actualités</h1>
    <section class="card" aria-labelledby="news-form-title">
      <h2 id="news-form-title" tabindex="-1">{{ editingId() ? 'Modifier l’actualité' : 'Publier une actualité' }}</h2>
      @if (notice(); as n) {
        <div class="notice notice--success" role="status"><p>{{ n }}</p></div>
      }
      <form class="form" [formGroup]="form" (ngSubmit)="publish()" novalidate>
        <pf-submission-error [submission]="submission" />
        <div class="field">
          <label for="news-title">Titre</label>
          <input id="news-title" type="text" formControlName="title" maxlength="160" pfField />
          <pf-field-error for="news-title" [control]="form.controls.title" [messages]="{ required: 'Saisissez un titre.' }" />
        </div>
        <div class="field">
          <label for="news-body">Texte</label>
          <textarea id="news-body" rows="6" formControlName="body" maxlength="10000" pfField></textarea>
          <pf-field-error for="news-body" [control]="form.controls.body" [messages]="{ required: 'Saisissez le texte.' }" />
        </div>
        <div class="field-row">
          <div class="field">
            <label for="news-from">En ligne à partir du</label>
            <input id="news-from" type="date" formControlName="publishFrom" pfField />
            <pf-field-error for="news-from" [control]="form.controls.publishFrom" [messages]="{ required: 'Indiquez la date de publication.' }" />
          </div>
          <div class="field">
            <label for="news-until">Jusqu'au <span class="optional">(facultatif : sans date, jusqu'au retrait)</span></label>
            <input id="news-until" type="date" formControlName="publishUntil" pfField />
            <pf-field-error for="news-until" [control]="form.controls.publishUntil" />
          </div>
        </div>
        <div class="field">
          <label for="news-audience">Destinataires</label>
          <select id="news-audience" formControlName="audience">
            <option value="commune">Toutes les familles de la commune</option>
            @for (a of activities(); track a.activityId) { <option [value]="a.activityId">Familles inscrites à : {{ a.name }}</option> }
          </select>
        </div>
        <div class="button-row">
          <button type="submit" class="button button--primary" [disabled]="submission.sending()">{{ submission.sending() ? 'Publication…' : editingId() ? 'Enregistrer les modifications' : 'Publier' }}</button>
          @if (editingId()) {
            <button type="button" class="button button--secondary" (click)="cancelEdit()">Annuler la modification</button>
          }
        </div>
      </form>
    </section>

    <section aria-labelledby="news-list-title">
      <h2 id="news-list-title">Toutes les actualités</h2>
      @switch (load().state) {
        @case ('loading') { <pf-loading label="Chargement des actualités…" /> }
        @case ('error') { <pf-load-error [error]="loadError()!" (retry)="reload()" /> }
        @case ('ready') {
          @if (items().length === 0) {
            <p>Aucune actualité publiée.</p>
          }
          <ul class="plain-list">
            @for (n of items(); track n.newsId) {
              <li class="item-card">
                <h3>{{ n.title }}</h3>
                <p>
                  <span [class]="'status status--' + stateClass(n.state)">{{ n.stateLabel }}</span>
                  <span class="hint"> du {{ date(n.publishFrom) }}{{ n.publishUntil ? ' au ' + date(n.publishUntil) : '' }} · {{ audienceText(n) }}</span>
                </p>
                <p class="news__body">{{ n.body }}</p>
                @if (n.state !== 'withdrawn') {
                  <div class="button-row">
                    <button type="button" class="button button--secondary" (click)="edit(n)">Modifier<span class="visually-hidden"> : {{ n.title }}</span></button>
                    <button type="button" class="button button--quiet" (click)="withdraw(n)">Retirer<span class="visually-hidden"> : {{ n.title }}</span></button>
                  </div>
                }
              </li>
            }
          </ul>
        }
      }
    </section>
  `,
})
export class StaffNewsPage {
  private readonly http = inject(HttpClient);
  private readonly api = inject(BackOfficeApi);
  private readonly drafts = inject(Drafts);
  private readonly host = inject<ElementRef<HTMLElement>>(ElementRef);
  private readonly injector = inject(Injector);
  readonly date = formatDate;
  readonly activities = signal<StaffActivity[]>([]);
  readonly form = inject(NonNullableFormBuilder).group(
    {
      title: ['', [Validators.required, Validators.maxLength(160)]],
      body: ['', [Validators.required, Validators.maxLength(10000)]],
      publishFrom: [todayInParis(), Validators.required],
      publishUntil: [''],
      audience: ['commune'],
    },
    { validators: untilAfterFrom },
  );
  readonly load = signal<Load<NewsItem[]>>(loading());
  readonly items = loadedValue(this.load, []);
  readonly loadError = loadErrorOf(this.load);
  readonly submission = new Submission({ form: this.form });
  readonly notice = signal<string | null>(null);
  readonly editingId = signal<string | null>(null);

  constructor() {
    this.drafts.keep(DRAFT, this.form, inject(DestroyRef));
    this.api.activities().subscribe({ next: (a) => this.activities.set(a.filter((x) => !x.lateBookingOf)), error: () => undefined });
    this.reload();
  }

  reload(): void {
    if (this.load().state !== 'ready') this.load.set(loading());
    this.http
      .get<{ items: NewsItem[] }>('/api/news', { params: { limit: 200 } })
      .pipe(map((r) => r.items))
      .subscribe({ next: (items) => this.load.set(ready(items)), error: (e: unknown) => this.load.set(failed(toApiError(e))) });
  }

  stateClass(state: NewsItem['state']): string {
    return { current: 'accepted', scheduled: 'requested', ended: 'cancelled', withdrawn: 'refused' }[state];
  }

  audienceText(n: NewsItem): string {
    if (n.audience.kind === 'commune') return 'toute la commune';
    const activityId = n.audience.activityId;
    return `familles inscrites à ${this.activities().find((a) => a.activityId === activityId)?.name ?? 'une activité'}`;
  }

  edit(n: NewsItem): void {
    this.editingId.set(n.newsId);
    this.submission.renewRequestId();
    this.notice.set(null);
    this.form.setValue({ title: n.title, body: n.body, publishFrom: n.publishFrom, publishUntil: n.publishUntil ?? '', audience: n.audience.kind === 'commune' ? 'commune' : n.audience.activityId });
    afterNextRender(() => this.host.nativeElement.querySelector<HTMLElement>('#news-form-title')?.focus(), { injector: this.injector });
  }

  cancelEdit(): void {
    this.editingId.set(null);
    this.form.reset();
    this.drafts.clear(DRAFT);
  }

  publish(): void {
    this.submission.clear();
    if (this.form.invalid) {
      this.form.markAllAsTouched();
      focusFirstInvalid(this.host.nativeElement, this.injector);
      return;
    }
    const v = this.form.getRawValue();
    const body = {
      requestId: this.submission.requestId,
      title: v.title.trim(),
      body: v.body.trim(),
      publishFrom: v.publishFrom,
      publishUntil: v.publishUntil || null,
      audience: v.audience === 'commune' ? { kind: 'commune' } : { kind: 'activity', activityId: v.audience },
    };
    const id = this.editingId();
    this.submission.send(id ? this.http.put<NewsItem>(`/api/news/${encodeURIComponent(id)}`, body) : this.http.post<NewsItem>('/api/news', body), (n) => {
      this.notice.set(id ? `« ${n.title} » est modifiée.` : `« ${n.title} » est publiée (${n.stateLabel.toLowerCase()}).`);
      this.editingId.set(null);
      this.form.reset();
      this.drafts.clear(DRAFT);
      this.reload();
    });
  }

  withdraw(n: NewsItem): void {
    this.http.post<NewsItem>(`/api/news/${encodeURIComponent(n.newsId)}/withdraw`, { requestId: newRequestId() }).subscribe({
      next: () => {
        this.notice.set(`« ${n.title} » est retirée.`);
        this.reload();
      },
      error: (e: unknown) => this.submission.fail(toApiError(e)),
    });
  }
}
