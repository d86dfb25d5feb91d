import { Component, DestroyRef, computed, inject, signal } from '@angular/core';
import { NavigationEnd, Router, RouterLink, RouterLinkActive } from '@angular/router';
import { filter } from 'rxjs';
import { AuthApi } from '../auth/auth.api';
import { homeFor, isStaff } from '../auth/auth.models';
import { SessionStore } from '../auth/session.store';
import { Drafts } from '../shared/drafts';
import { FlashMessages } from '../shared/flash-messages';

interface NavItem {
  path: string;
  label: string;
  exact: boolean;
}

const GUARDIAN_NAV: NavItem[] = [
  { path: '/accueil', label: 'Accueil', exact: true },
  { path: '/planning', label: 'Planning', exact: false },
  { path: '/demandes', label: 'Mes demandes', exact: false },
  { path: '/famille', label: 'Dossier famille', exact: false },
  { path: '/factures', label: 'Mes factures', exact: false },
  { path: '/documents', label: 'Documents', exact: false },
  { path: '/actualites', label: 'Actualités', exact: false },
  { path: '/contact', label: 'Nous contacter', exact: false },
  { path: '/mon-compte', label: 'Mon compte', exact: false },
];
const STAFF_NAV: NavItem[] = [
  { path: '/gestion/demandes', label: 'Demandes', exact: false },
  { path: '/gestion/occupation', label: 'Occupation', exact: false },
  { path: '/gestion/pointage', label: 'Pointage', exact: false },
  { path: '/gestion/familles', label: 'Familles', exact: false },
  { path: '/gestion/activites', label: 'Activités', exact: false },
  { path: '/gestion/facturation', label: 'Facturation', exact: false },
  { path: '/gestion/statistiques', label: 'Statistiques', exact: false },
  { path: '/gestion/documents', label: 'Documents', exact: false },
  { path: '/gestion/actualites', label: 'Actualités', exact: false },
  { path: '/gestion/integrations', label: 'Intégrations', exact: false },
  { path: '/mon-compte', label: 'Mon compte', exact: false },
];

/** The commune's name, who is signed in, sign-out, and the navigation of their role. */
@Component({
  selector: 'pf-site-header',
  imports: [RouterLink, RouterLinkActive],
  template: `
    <header class="site-header">
      <div class="site-header__bar">
        <a class="brand" [routerLink]="homeLink()">
          <span class="brand__commune">{{ session.communeName() ?? 'Portail Famille' }}</span>
          <span class="brand__product">{{ session.communeName() ? 'Portail Famille' : 'Services enfance de votre commune' }}</span>
        </a>
        @if (session.user(); as user) {
          <div class="account">
            <span><span class="visually-hidden">Connecté en tant que </span><span class="account__name">{{ user.displayName }}</span></span>
            <button type="button" class="button" (click)="signOut()" [disabled]="signingOut()">Se déconnecter</button>
          </div>
        }
      </div>
      @if (nav().length) {
        <nav class="main-nav" aria-label="Menu principal">
          <button type="button" class="main-nav__toggle" aria-controls="main-nav-list" [attr.aria-expanded]="menuOpen()"
                  (click)="menuOpen.set(!menuOpen())">
            <span class="main-nav__icon" aria-hidden="true"></span>Menu
          </button>
          <ul id="main-nav-list" [class.main-nav__list--open]="menuOpen()">
            @for (item of nav(); track item.path) {
              <li>
                <a [routerLink]="item.path" routerLinkActive #rla="routerLinkActive"
                   [routerLinkActiveOptions]="{ exact: item.exact }"
                   [attr.aria-current]="rla.isActive ? 'page' : null">{{ item.label }}</a>
              </li>
            }
          </ul>
        </nav>
      }
    </header>
  `,
})
export class SiteHeaderComponent {
  readonly session = inject(SessionStore);
  private readonly api = inject(AuthApi);
  private readonly router = inject(Router);
  private readonly flash = inject(FlashMessages);
  private readonly drafts = inject(Drafts);
  readonly signingOut = signal(false);
  /** On a phone the menu folds behind a « Menu » button; it folds again after each navigation. */
  readonly menuOpen = signal(false);

  constructor() {
    const subscription = this.router.events.pipe(filter((e) => e instanceof NavigationEnd)).subscribe(() => this.menuOpen.set(false));
    inject(DestroyRef).onDestroy(() => subscription.unsubscribe());
  }

  readonly nav = computed(() => {
    const user = this.session.user();
    if (!user) return [];
    return isStaff(user.role) ? STAFF_NAV : GUARDIAN_NAV;
  });
  readonly homeLink = computed(() => {
    const user = this.session.user();
    if (!user) return '/connexion';
    return homeFor(user);
  });

  signOut(): void {
    this.signingOut.set(true);
    const done = () => {
      this.signingOut.set(false);
      this.session.clear();
      this.drafts.clearAll();
      this.flash.show('Vous êtes déconnecté. À bientôt !', 'info');
      void this.router.navigateByUrl('/connexion');
    };
    // Even if the call fails, forget the session on this device.
    this.api.signOut().subscribe({ next: done, error: done });
  }
}
