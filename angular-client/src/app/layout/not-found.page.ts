import { Component } from '@angular/core';
import { RouterLink } from '@angular/router';

@Component({
  selector: 'pf-not-found-page',
  imports: [RouterLink],
  template: `
    <h1 tabindex="-1">Page introuvable</h1>
    <p>L'adresse demandée n'existe pas ou a changé.</p>
    <p><a routerLink="/">Revenir à l'accueil du portail</a></p>
  `,
})
export class NotFoundPage {}
