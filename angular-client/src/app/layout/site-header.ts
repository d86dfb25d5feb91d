import { Component, computed, inject, signal } from '@angular/core';
import { Router, RouterLink, RouterLinkActive } from '@angular/router';
import { AuthApi } from '../auth/auth.api';
import { isStaff } from '../auth/auth.models';
import { SessionStore } from '../auth/session.store';
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
];
const STAFF_NAV: NavItem[] = [{ path: '/gestion/familles', label: 'Familles', exact: false }];

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
          <ul>
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
  readonly signingOut = signal(false);

  readonly nav = computed(() => {
    const user = this.session.user();
    if (!user) return [];
    return isStaff(user.role) ? STAFF_NAV : GUARDIAN_NAV;
  });
  readonly homeLink = computed(() => {
    const user = this.session.user();
    if (!user) return '/connexion';
    return isStaff(user.role) ? '/gestion/familles' : '/accueil';
  });

  signOut(): void {
    this.signingOut.set(true);
    const done = () => {
      this.signingOut.set(false);
      this.session.clear();
      this.flash.show('Vous êtes déconnecté. À bientôt !', 'info');
      void this.router.navigateByUrl('/connexion');
    };
    // Even if the call fails, forget the session on this device.
    this.api.signOut().subscribe({ next: done, error: done });
  }
}
