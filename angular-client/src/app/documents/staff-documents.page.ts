import { Component, inject, signal } from '@angular/core';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { RouterLink } from '@angular/router';
import { ApiError, toApiError } from '../shared/api-error';
import { FieldDirective, FieldErrorComponent } from '../shared/form-field';
import { formatDate } from '../shared/french-format';
import { Load, LoadErrorComponent, LoadingComponent, failed, loading, ready, loadedValue, loadErrorOf } from '../shared/load-state';
import { newRequestId } from '../shared/request-id';
import { DOCUMENT_STATUS, DocumentsApi, PortalDocument, fileProblem, sizeText } from './documents.api';

/** The commune's documents for every family (règlement intérieur, guides): publish, withdraw. Families' documents are validated from the request queue. */
@Component({
  selector: 'pf-staff-documents-page',
  imports: [ReactiveFormsModule, RouterLink, LoadingComponent, LoadErrorComponent, FieldDirective, FieldErrorComponent],
  template: `
    <h1 tabindex="-1">Documents</h1>
    <p class="lead">Les documents envoyés par les familles se valident depuis les <a routerLink="/gestion/demandes" [queryParams]="{ type: 'document' }">demandes de type « Document »</a>.</p>
    <section class="card" aria-labelledby="publish-title">
      <h2 id="publish-title">Publier un document pour toutes les familles</h2>
      <form class="form" [formGroup]="form" (ngSubmit)="publish()" novalidate>
        @if (done(); as d) { <div class="notice notice--success" role="status"><p>{{ d }}</p></div> }
        @if (error(); as e) { <div class="notice notice--error" role="alert"><p>{{ e.message }}</p></div> }
        <div class="field">
          <label for="pub-title">Titre</label>
          <input id="pub-title" type="text" formControlName="title" maxlength="120" pfField />
          <pf-field-error for="pub-title" [control]="form.controls.title" [messages]="{ required: 'Saisissez un titre.' }" />
        </div>
        <div class="field">
          <label for="pub-file">Fichier</label>
          <p class="hint" id="pub-file-hint">PDF, JPEG ou PNG, 10 Mo au plus.</p>
          <input id="pub-file" type="file" accept="application/pdf,image/jpeg,image/png" (change)="choose($event)"
                 [attr.aria-invalid]="fileError() ? 'true' : null" [attr.aria-describedby]="fileError() ? 'pub-file-hint pub-file-error' : 'pub-file-hint'" />
          @if (fileError(); as f) { <p class="field-error" id="pub-file-error" role="alert"><span class="field-error__icon" aria-hidden="true">!</span>{{ f }}</p> }
        </div>
        <button type="submit" class="button button--primary" [disabled]="sending()">{{ sending() ? 'Publication…' : 'Publier' }}</button>
      </form>
    </section>
    <section aria-labelledby="published-title">
      <h2 id="published-title">Documents en ligne</h2>
      @switch (load().state) {
        @case ('loading') { <pf-loading label="Chargement…" /> }
        @case ('error') { <pf-load-error [error]="loadError()!" (retry)="reload()" /> }
        @case ('ready') {
          @if (items().length === 0) { <p>Aucun document publié.</p> }
          <ul class="plain-list">
            @for (d of items(); track d.documentId) {
              <li class="item-card">
                <a [href]="url(d)" download>{{ d.title }}</a> <span class="hint">({{ size(d.size) }}, le {{ date(d.uploadedAt) }})</span>
                <span [class]="'status status--' + status(d).css">{{ status(d).label }}</span>
                <button type="button" class="button button--quiet" (click)="withdraw(d)">Retirer<span class="visually-hidden"> : {{ d.title }}</span></button>
              </li>
            }
          </ul>
        }
      }
    </section>
  `,
})
export class StaffDocumentsPage {
  private readonly api = inject(DocumentsApi);
  readonly date = formatDate;
  readonly size = sizeText;
  readonly form = inject(NonNullableFormBuilder).group({ title: ['', [Validators.required, Validators.maxLength(120)]] });
  readonly file = signal<File | null>(null);
  readonly fileError = signal<string | null>(null);
  readonly sending = signal(false);
  readonly error = signal<ApiError | null>(null);
  readonly done = signal<string | null>(null);
  readonly load = signal<Load<PortalDocument[]>>(loading());
  readonly items = loadedValue(this.load, []);
  readonly loadError = loadErrorOf(this.load);
  private requestId = newRequestId();

  constructor() {
    this.reload();
  }

  status(d: PortalDocument) {
    return DOCUMENT_STATUS[d.status];
  }

  url(d: PortalDocument): string {
    return this.api.publicContentUrl(d.documentId);
  }

  reload(): void {
    this.api.publicDocuments().subscribe({ next: (d) => this.load.set(ready(d)), error: (e: unknown) => this.load.set(failed(toApiError(e))) });
  }

  choose(event: Event): void {
    const file = (event.target as HTMLInputElement).files?.[0] ?? null;
    this.file.set(file);
    this.fileError.set(file ? fileProblem(file) : null);
    this.requestId = newRequestId();
  }

  publish(): void {
    this.error.set(null);
    this.done.set(null);
    const problem = fileProblem(this.file());
    this.fileError.set(problem);
    if (this.form.invalid || problem) {
      this.form.markAllAsTouched();
      return;
    }
    this.sending.set(true);
    this.api.publish({ requestId: this.requestId, title: this.form.controls.title.value.trim() }, this.file()!).subscribe({
      next: (d) => {
        this.sending.set(false);
        this.requestId = newRequestId();
        this.done.set(`« ${d.title} » est en ligne pour toutes les familles.`);
        this.form.reset({ title: '' });
        this.reload();
      },
      error: (e: unknown) => {
        this.sending.set(false);
        this.error.set(toApiError(e));
      },
    });
  }

  withdraw(d: PortalDocument): void {
    this.api.withdraw(d.documentId, newRequestId()).subscribe({
      next: () => {
        this.done.set(`« ${d.title} » est retiré.`);
        this.reload();
      },
      error: (e: unknown) => this.error.set(toApiError(e)),
    });
  }
}
