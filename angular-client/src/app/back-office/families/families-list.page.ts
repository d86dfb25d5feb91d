import { Component, computed, inject, signal } from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { NonNullableFormBuilder, ReactiveFormsModule } from '@angular/forms';
import { RouterLink } from '@angular/router';
import { SessionStore } from '../../auth/session.store';
import { toApiError } from '../../shared/api-error';
import { familyTitle } from '../../shared/family-name';
import { formatDate } from '../../shared/french-format';
import { Load, LoadErrorComponent, LoadingComponent, failed, loading, ready, loadedValue, loadErrorOf } from '../../shared/load-state';
import { FamiliesApi, FamilySummary } from './families.api';
import { PreRegistrationsComponent } from './pre-registrations';

@Component({
  selector: 'pf-families-list-page',
  imports: [RouterLink, ReactiveFormsModule, LoadingComponent, LoadErrorComponent, PreRegistrationsComponent],
  template: `
    <div class="page-head">
      <h1 tabindex="-1">Familles</h1>
      <a class="button button--primary" routerLink="/gestion/familles/nouvelle">Ouvrir un dossier famille</a>
    </div>
    <p class="lead">Les dossiers famille de {{ session.communeName() }}.</p>
    <pf-pre-registrations (opened)="reload()" />

    @switch (load().state) {
      @case ('loading') {
        <pf-loading label="Chargement des familles…" />
      }
      @case ('error') {
        <pf-load-error [error]="error()!" (retry)="reload()" />
      }
      @case ('ready') {
        <form role="search" aria-label="Rechercher une famille" (submit)="$event.preventDefault()">
          <div class="field">
            <label for="family-search">Rechercher une famille</label>
            <p class="hint" id="family-search-hint">Nom, prénom, e-mail ou code abonné.</p>
            <input id="family-search" type="search" [formControl]="search" aria-describedby="family-search-hint" />
          </div>
        </form>
        <p role="status">{{ countText() }}</p>
        <ul class="plain-list">
          @for (family of filtered(); track family.familyId) {
            <li class="item-card">
              <h2><a [routerLink]="['/gestion/familles', family.familyId]">{{ familyTitle(family.name) }}</a></h2>
              <dl class="facts">
                <dt>Code abonné</dt>
                <dd class="code">{{ family.subscriberCode ?? 'utilisé (compte créé)' }}</dd>
                @if (family.missingData) {
                  <dt>À compléter</dt>
                  <dd>{{ family.missingData === 1 ? '1 donnée obligatoire' : family.missingData + ' données obligatoires' }}</dd>
                }
                <dt>Responsables</dt>
                <dd>
                  @for (g of family.guardians; track g.email; let last = $last) {
                    {{ g.firstName }} {{ g.lastName }} ({{ g.email }}){{ g.hasAccount === false ? ' — compte non créé' : '' }}@if (!last) {<br />}
                  }
                </dd>
                <dt>Enfants</dt>
                <dd>
                  @for (c of family.children; track c.childId; let last = $last) {
                    {{ c.firstName }} {{ c.lastName }} ({{ date(c.birthDate) }}){{ last ? '' : ', ' }}
                  } @empty {
                    Aucun enfant
                  }
                </dd>
              </dl>
            </li>
          }
        </ul>
      }
    }
  `,
})
export class FamiliesListPage {
  readonly session = inject(SessionStore);
  private readonly api = inject(FamiliesApi);
  readonly load = signal<Load<FamilySummary[]>>(loading());
  readonly search = inject(NonNullableFormBuilder).control('');
  private readonly query = toSignal(this.search.valueChanges, { initialValue: '' });
  readonly date = formatDate;
  readonly familyTitle = familyTitle;

  readonly error = loadErrorOf(this.load);
  private readonly families = loadedValue(this.load, []);
  readonly filtered = computed(() => {
    const q = normalise(this.query());
    if (!q) return this.families();
    return this.families().filter((f) =>
      normalise(
        [f.name, f.subscriberCode, ...f.guardians.flatMap((g) => [g.firstName, g.lastName, g.email]), ...f.children.map((c) => c.firstName)].join(' '),
      ).includes(q),
    );
  });
  readonly countText = computed(() => {
    const n = this.filtered().length;
    const total = this.families().length;
    const count = n === 0 ? 'Aucune famille' : n === 1 ? '1 famille' : `${n} familles`;
    return n === total ? `${count}.` : `${count} sur ${total}.`;
  });

  constructor() {
    this.reload();
  }

  reload(): void {
    this.load.set(loading());
    this.api.list().subscribe({
      next: (items) => this.load.set(ready(items)),
      error: (e: unknown) => this.load.set(failed(toApiError(e))),
    });
  }
}

/** Case- and accent-insensitive search. */
function normalise(text: string): string {
  return text.normalize('NFD').replace(/\p{Diacritic}/gu, '').toLowerCase().trim();
}
