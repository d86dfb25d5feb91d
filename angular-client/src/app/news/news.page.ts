import { Component, inject, signal } from '@angular/core';
import { SessionStore } from '../auth/session.store';
import { toApiError } from '../shared/api-error';
import { formatDate } from '../shared/french-format';
import { Load, LoadErrorComponent, LoadingComponent, failed, loading, ready, loadedValue, loadErrorOf } from '../shared/load-state';
import { FamilyApi, NewsItem } from '../family/family.api';

/** Actualités: what the service publishes for the commune and for the children's activities. */
@Component({
  selector: 'pf-news-page',
  imports: [LoadingComponent, LoadErrorComponent],
  template: `
    <h1 tabindex="-1">Actualités</h1>
    <p class="lead">Les informations du service enfance : menus, fermetures, inscriptions, sorties…</p>
    @switch (load().state) {
      @case ('loading') { <pf-loading label="Chargement des actualités…" /> }
      @case ('error') { <pf-load-error [error]="error()!" (retry)="reload()" /> }
      @case ('ready') {
        @if (items().length === 0) {
          <p class="notice" role="status">Aucune actualité en ce moment.</p>
        } @else {
          <ul class="plain-list">
            @for (n of items(); track n.newsId) {
              <li>
                <article class="card news" [id]="'actualite-' + n.newsId" [attr.aria-labelledby]="'titre-' + n.newsId">
                  <h2 [id]="'titre-' + n.newsId">{{ n.title }}</h2>
                  <p class="hint">Publiée le {{ date(n.publishFrom) }}@if (n.publishUntil) {<span>, jusqu'au {{ date(n.publishUntil) }}</span>}</p>
                  <p class="news__body">{{ n.body }}</p>
                </article>
              </li>
            }
          </ul>
        }
      }
    }
  `,
})
export class NewsPage {
  private readonly api = inject(FamilyApi);
  private readonly session = inject(SessionStore);
  readonly load = signal<Load<NewsItem[]>>(loading());
  readonly items = loadedValue(this.load, []);
  readonly error = loadErrorOf(this.load);
  readonly date = formatDate;

  constructor() {
    this.reload();
  }

  reload(): void {
    const familyId = this.session.user()?.familyId;
    if (!familyId) {
      this.load.set(ready([]));
      return;
    }
    this.load.set(loading());
    this.api.news(familyId).subscribe({
      next: (items) => this.load.set(ready(items)),
      error: (e: unknown) => this.load.set(failed(toApiError(e))),
    });
  }
}
