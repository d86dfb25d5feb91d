import { Component, DestroyRef, Injector, afterNextRender, inject } from '@angular/core';
import { NavigationEnd, Router, RouterOutlet } from '@angular/router';
import { filter } from 'rxjs';
import { SiteHeaderComponent } from './layout/site-header';
import { BusyNoticeComponent } from './shared/busy-retry';

/** The page frame: skip link, header, the page (main landmark), footer. */
@Component({
  selector: 'pf-root',
  imports: [RouterOutlet, SiteHeaderComponent, BusyNoticeComponent],
  template: `
    <a class="skip-link" href="#contenu" (click)="skipToContent($event)">Aller au contenu</a>
    <pf-site-header />
    <main id="contenu" tabindex="-1">
      <pf-busy-notice />
      <router-outlet />
    </main>
    <footer class="site-footer">
      <p>Portail Famille — service enfance de votre commune. Accessibilité : conçu pour le RGAA 4.1 (niveau AA).</p>
    </footer>
  `,
})
export class App {
  private readonly injector = inject(Injector);

  constructor() {
    const router = inject(Router);
    let first = true;
    const subscription = router.events.pipe(filter((e) => e instanceof NavigationEnd)).subscribe(() => {
      // On the first page, focus stays at the top (skip link first); afterwards, on each new
      // page, focus goes to its h1 so that screen readers announce where the person is.
      if (first) {
        first = false;
        return;
      }
      afterNextRender(() => document.querySelector<HTMLElement>('main h1')?.focus({ preventScroll: false }), {
        injector: this.injector,
      });
    });
    inject(DestroyRef).onDestroy(() => subscription.unsubscribe());
  }

  skipToContent(event: Event): void {
    event.preventDefault();
    document.getElementById('contenu')?.focus();
  }
}
