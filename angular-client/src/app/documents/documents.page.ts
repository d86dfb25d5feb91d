import { Component, ElementRef, Injector, inject, signal } from '@angular/core';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { forkJoin } from 'rxjs';
import { SessionStore } from '../auth/session.store';
import { toApiError } from '../shared/api-error';
import { FieldDirective, FieldErrorComponent, focusFirstInvalid } from '../shared/form-field';
import { formatDate } from '../shared/french-format';
import { Load, LoadErrorComponent, LoadingComponent, failed, loading, ready, loadedValue, loadErrorOf } from '../shared/load-state';
import { Submission } from '../shared/submission';
import { FamilyApi } from '../family/family.api';
import { DOCUMENT_KINDS, DOCUMENT_STATUS, DocumentsApi, PortalDocument, fileProblem, sizeText } from './documents.api';

interface Data {
  mine: PortalDocument[];
  commune: PortalDocument[];
  children: { childId: string; firstName: string }[];
}

/** Documents: send an attestation CAF, a PAI or a medical certificate; download the commune's. */
@Component({
  selector: 'pf-documents-page',
  imports: [ReactiveFormsModule, LoadingComponent, LoadErrorComponent, FieldDirective, FieldErrorComponent],
  template: `
    <h1 tabindex="-1">Documents</h1>
    @switch (load().state) {
      @case ('loading') { <pf-loading label="Chargement des documents…" /> }
      @case ('error') { <pf-load-error [error]="loadError()!" (retry)="reload()" /> }
      @case ('ready') {
        <section class="card" aria-labelledby="send-title">
          <h2 id="send-title">Envoyer un document au service</h2>
          @if (sent(); as s) { <div class="notice notice--success" role="status"><p>{{ s }}</p></div> }
          <form class="form" [formGroup]="form" (ngSubmit)="send()" novalidate>
            @if (submission.error(); as e) { <div class="notice notice--error" role="alert"><p>{{ e.message }}</p></div> }
            <div class="field-row">
              <div class="field">
                <label for="doc-kind">Type de document</label>
                <select id="doc-kind" formControlName="kind" pfField>
                  <option value="">Choisissez</option>
                  @for (k of kinds; track k.value) { <option [value]="k.value">{{ k.label }}</option> }
                </select>
                <pf-field-error for="doc-kind" [control]="form.controls.kind" [messages]="{ required: 'Choisissez le type de document.' }" />
              </div>
              <div class="field">
                <label for="doc-child">Enfant concerné <span class="optional">(facultatif)</span></label>
                <select id="doc-child" formControlName="childId">
                  <option value="">Toute la famille</option>
                  @for (c of data()!.children; track c.childId) { <option [value]="c.childId">{{ c.firstName }}</option> }
                </select>
              </div>
            </div>
            <div class="field">
              <label for="doc-file">Fichier</label>
              <p class="hint" id="doc-file-hint">PDF, JPEG ou PNG, 10 Mo au plus.</p>
              <input id="doc-file" type="file" accept="application/pdf,image/jpeg,image/png" (change)="choose($event)"
                     [attr.aria-invalid]="fileError() ? 'true' : null" [attr.aria-describedby]="fileError() ? 'doc-file-hint doc-file-error' : 'doc-file-hint'" />
              @if (fileError(); as f) {
                <p class="field-error" id="doc-file-error" role="alert"><span class="field-error__icon" aria-hidden="true">!</span>{{ f }}</p>
              }
            </div>
            <button type="submit" class="button button--primary" [disabled]="submission.sending()">{{ submission.sending() ? 'Envoi en cours…' : 'Envoyer le document' }}</button>
          </form>
        </section>

        <section aria-labelledby="mine-title">
          <h2 id="mine-title">Vos documents</h2>
          @if (data()!.mine.length === 0) {
            <p>Vous n'avez encore envoyé aucun document.</p>
          } @else {
            <ul class="plain-list">
              @for (d of data()!.mine; track d.documentId) {
                <li class="item-card">
                  <h3>{{ kindLabel(d) }}@if (childName(d.childId); as c) {<span> — {{ c }}</span>}</h3>
                  <p>
                    <span [class]="'status status--' + status(d).css">{{ status(d).label }}</span>
                    <span class="hint"> envoyé le {{ date(d.uploadedAt) }} · {{ d.fileName }} ({{ size(d.size) }})</span>
                  </p>
                  @if (d.reason) { <p>Motif : {{ d.reason }}</p> }
                  <a [href]="familyUrl(d)" download>Télécharger<span class="visually-hidden"> {{ d.fileName }}</span></a>
                </li>
              }
            </ul>
          }
        </section>

        <section aria-labelledby="commune-title">
          <h2 id="commune-title">Documents de la commune</h2>
          @if (data()!.commune.length === 0) {
            <p>Aucun document publié.</p>
          } @else {
            <ul class="plain-list">
              @for (d of data()!.commune; track d.documentId) {
                <li class="item-card"><a [href]="publicUrl(d)" download>{{ d.title }}</a> <span class="hint">({{ size(d.size) }}, publié le {{ date(d.uploadedAt) }})</span></li>
              }
            </ul>
          }
        </section>
      }
    }
  `,
})
export class DocumentsPage {
  private readonly api = inject(DocumentsApi);
  private readonly familyApi = inject(FamilyApi);
  private readonly session = inject(SessionStore);
  private readonly host = inject<ElementRef<HTMLElement>>(ElementRef);
  private readonly injector = inject(Injector);
  readonly kinds = DOCUMENT_KINDS;
  readonly date = formatDate;
  readonly size = sizeText;
  readonly load = signal<Load<Data>>(loading());
  readonly data = loadedValue(this.load, null);
  readonly loadError = loadErrorOf(this.load);
  readonly form = inject(NonNullableFormBuilder).group({ kind: ['', Validators.required], childId: [''] });
  readonly file = signal<File | null>(null);
  readonly fileError = signal<string | null>(null);
  readonly submission = new Submission();
  readonly sent = signal<string | null>(null);
  private readonly familyId = this.session.user()?.familyId ?? '';

  constructor() {
    this.reload();
  }

  reload(): void {
    if (this.load().state !== 'ready') this.load.set(loading());
    forkJoin({ mine: this.api.familyDocuments(this.familyId), commune: this.api.publicDocuments(), family: this.familyApi.family(this.familyId) }).subscribe({
      next: ({ mine, commune, family }) => this.load.set(ready({ mine, commune, children: family.children })),
      error: (e: unknown) => this.load.set(failed(toApiError(e))),
    });
  }

  kindLabel(d: PortalDocument): string {
    return DOCUMENT_KINDS.find((k) => k.value === d.kind)?.label ?? d.title;
  }

  childName(childId: string | null): string | null {
    return childId ? (this.data()?.children.find((c) => c.childId === childId)?.firstName ?? null) : null;
  }

  status(d: PortalDocument) {
    return DOCUMENT_STATUS[d.status];
  }

  familyUrl(d: PortalDocument): string {
    return this.api.familyContentUrl(this.familyId, d.documentId);
  }

  publicUrl(d: PortalDocument): string {
    return this.api.publicContentUrl(d.documentId);
  }

  choose(event: Event): void {
    const file = (event.target as HTMLInputElement).files?.[0] ?? null;
    this.file.set(file);
    this.fileError.set(file ? fileProblem(file) : null);
    this.submission.renewRequestId(); // another file is another request
  }

  send(): void {
    this.submission.clear();
    this.sent.set(null);
    const problem = fileProblem(this.file());
    this.fileError.set(problem);
    if (this.form.invalid || problem) {
      this.form.markAllAsTouched();
      focusFirstInvalid(this.host.nativeElement, this.injector);
      return;
    }
    const v = this.form.getRawValue();
    this.submission.send(this.api.upload(this.familyId, { requestId: this.submission.requestId, kind: v.kind as never, ...(v.childId ? { childId: v.childId } : {}) }, this.file()!), () => {
      this.sent.set('Document envoyé : le service va le vérifier. Vous suivez sa validation ici et dans « Mes demandes ».');
      this.form.reset({ kind: '', childId: '' });
      this.file.set(null);
      const input = this.host.nativeElement.querySelector<HTMLInputElement>('#doc-file');
      if (input) input.value = '';
      this.reload();
    });
  }
}
