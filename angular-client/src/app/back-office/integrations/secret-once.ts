import { Component, input, output, signal } from '@angular/core';

/**
 * A secret the portal shows once (an API key, a webhook signing secret): readable, selectable,
 * copied in one tap, and gone once the person says it is kept.
 */
@Component({
  selector: 'pf-secret-once',
  template: `
    <section class="notice notice--warning secret-once" [attr.aria-labelledby]="name() + '-title'">
      <h3 [id]="name() + '-title'" tabindex="-1">{{ title() }}</h3>
      <p>{{ notice() }}</p>
      <div class="field">
        <label [for]="name() + '-value'">{{ fieldLabel() }}</label>
        <input [id]="name() + '-value'" type="text" readonly [value]="secret()" spellcheck="false" autocomplete="off"
               (focus)="$any($event.target).select()" />
      </div>
      <div class="button-row">
        <button type="button" class="button button--secondary" (click)="copy()">Copier<span class="visually-hidden"> : {{ fieldLabel() }}</span></button>
        <button type="button" class="button button--primary" (click)="done.emit()">C'est noté, masquer<span class="visually-hidden"> : {{ fieldLabel() }}</span></button>
      </div>
      <p role="status" class="hint">{{ copied() }}</p>
    </section>
  `,
  styles: `
    .secret-once input {
      width: 100%;
      font-family: var(--font-mono);
    }
  `,
})
export class SecretOnceComponent {
  /** Prefix of the ids inside (two may be on one page). */
  readonly name = input.required<string>();
  readonly title = input.required<string>();
  readonly fieldLabel = input.required<string>();
  readonly secret = input.required<string>();
  readonly notice = input.required<string>();
  readonly done = output<void>();
  readonly copied = signal('');

  copy(): void {
    const clipboard = globalThis.navigator?.clipboard;
    if (!clipboard) {
      this.copied.set('Copie impossible ici : sélectionnez le texte puis copiez-le.');
      return;
    }
    clipboard.writeText(this.secret()).then(
      () => this.copied.set('Copié dans le presse-papiers.'),
      () => this.copied.set('Copie refusée par le navigateur : sélectionnez le texte puis copiez-le.'),
    );
  }
}
