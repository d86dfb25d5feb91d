import { Component, effect, inject, input, signal, untracked } from '@angular/core';
import { RouterLink } from '@angular/router';
import { toApiError } from '../shared/api-error';
import { formatDate } from '../shared/french-format';
import { Load, LoadErrorComponent, LoadingComponent, failed, loading, ready, loadedValue, loadErrorOf } from '../shared/load-state';
import { Attestation, AttestationsApi } from './attestations.api';

/** On the parent's request page: the attestation once issued (what it states, the PDF), or that the service is on it. */
@Component({
  selector: 'pf-attestation-file',
  imports: [RouterLink, LoadingComponent, LoadErrorComponent],
  template: `
    <section class="card" aria-labelledby="attestation-title">
      <h2 id="attestation-title">Votre attestation</h2>
      @switch (load().state) {
        @case ('loading') { <pf-loading label="Chargement de l'attestation…" /> }
        @case ('error') { <pf-load-error [error]="loadError()!" (retry)="reload()" /> }
        @case ('ready') {
          @let a = attestation()!;
          @switch (a.status) {
            @case ('issued') {
              <p>{{ a.kindLabel }} émise le {{ date(a.issuedOn) }} : {{ a.summaryText }}.</p>
              <a class="button button--primary" [href]="a.pdfUrl" download>Télécharger l'attestation (PDF)</a>
            }
            @case ('refused') {
              <p>Le service n'a pas pu établir cette attestation (motif ci-dessous).</p>
              <a routerLink="/attestations/demande">Faire une nouvelle demande</a>
            }
            @default {
              <p>Le service prépare votre attestation : vous serez prévenu par e-mail dès qu'elle sera prête à télécharger ici.</p>
            }
          }
        }
      }
    </section>
  `,
})
export class AttestationFileComponent {
  private readonly api = inject(AttestationsApi);
  readonly familyId = input.required<string>();
  readonly attestationId = input.required<string>();
  /** The request's status: when it changes (a live decision), the attestation is read again. */
  readonly status = input<string>('');
  readonly date = formatDate;
  readonly load = signal<Load<Attestation>>(loading());
  readonly attestation = loadedValue(this.load, null);
  readonly loadError = loadErrorOf(this.load);

  constructor() {
    effect(() => {
      this.familyId();
      this.attestationId();
      this.status();
      untracked(() => this.reload());
    });
  }

  reload(): void {
    if (this.load().state !== 'ready') this.load.set(loading());
    this.api.one(this.familyId(), this.attestationId()).subscribe({
      next: (a) => this.load.set(ready(a)),
      error: (e: unknown) => this.load.set(failed(toApiError(e))),
    });
  }
}
