import { Injectable, inject } from '@angular/core';
import { Title } from '@angular/platform-browser';
import { RouterStateSnapshot, TitleStrategy } from '@angular/router';
import { SessionStore } from '../auth/session.store';

/** « Planning — Portail Famille — Saint-Hilaire-du-Bois »: the page first, then where. */
@Injectable()
export class PortalTitleStrategy extends TitleStrategy {
  private readonly title = inject(Title);
  private readonly session = inject(SessionStore);

  override updateTitle(snapshot: RouterStateSnapshot): void {
    const page = this.buildTitle(snapshot);
    const commune = this.session.communeName();
    this.title.setTitle([page, 'Portail Famille', commune].filter(Boolean).join(' — '));
  }
}
