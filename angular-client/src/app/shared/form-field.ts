import { Component, Directive, ElementRef, Injector, afterNextRender, inject, input } from '@angular/core';
import { AbstractControl, NgControl, ValidationErrors } from '@angular/forms';

/** French messages for the validators used in the portal; a form may override any of them. */
export function errorMessage(errors: ValidationErrors | null, overrides: Record<string, string> = {}): string | null {
  if (!errors) return null;
  if (typeof errors['server'] === 'string') return errors['server'];
  const key = Object.keys(errors)[0];
  if (!key) return null;
  if (overrides[key]) return overrides[key];
  const detail = errors[key] as { requiredLength?: number; message?: string } | undefined;
  switch (key) {
    case 'required':
      return 'Ce champ est obligatoire.';
    case 'email':
      return 'Saisissez une adresse e-mail valide, par exemple nom@exemple.fr.';
    case 'maxlength':
      return `Ce champ ne doit pas dépasser ${detail?.requiredLength ?? ''} caractères.`;
    case 'minlength':
      return `Ce champ doit compter au moins ${detail?.requiredLength ?? ''} caractères.`;
    default:
      return detail?.message ?? 'Ce champ est invalide.';
  }
}

/** An error is shown once the person has left the field, or tried to submit the form. */
export function shouldShowError(control: AbstractControl | null): boolean {
  return !!control && control.invalid && control.touched;
}

/**
 * On an input, select or textarea with an id: sets aria-invalid and aria-describedby (its hint
 * ids given as the attribute value, plus `<id>-error` while an error is shown).
 *   <input id="email" formControlName="email" pfField="email-hint" />
 */
@Directive({
  selector: '[pfField]',
  host: {
    '[attr.aria-invalid]': 'invalid() ? "true" : null',
    '[attr.aria-describedby]': 'describedBy()',
  },
})
export class FieldDirective {
  readonly pfField = input<string>('');
  private readonly ngControl = inject(NgControl, { self: true, optional: true });
  private readonly host = inject<ElementRef<HTMLElement>>(ElementRef);

  invalid(): boolean {
    return shouldShowError(this.ngControl?.control ?? null);
  }

  describedBy(): string | null {
    const ids = this.pfField().split(/\s+/).filter(Boolean);
    if (this.invalid()) ids.push(`${this.host.nativeElement.id}-error`);
    return ids.length ? ids.join(' ') : null;
  }
}

/** The error of one field, right under it, announced when it appears. */
@Component({
  selector: 'pf-field-error',
  template: `
    @if (visible()) {
      <p class="field-error" [id]="for() + '-error'" role="alert">
        <span class="field-error__icon" aria-hidden="true">!</span>{{ message() }}
      </p>
    }
  `,
})
export class FieldErrorComponent {
  /** The id of the field: the message gets the id `<for>-error`. */
  readonly for = input.required<string>();
  readonly control = input.required<AbstractControl>();
  readonly messages = input<Record<string, string>>({});

  visible(): boolean {
    return shouldShowError(this.control());
  }

  message(): string | null {
    return errorMessage(this.control().errors, this.messages());
  }
}

/** After the next render, moves focus to the first field marked invalid (after a failed submit). */
export function focusFirstInvalid(root: HTMLElement, injector: Injector): void {
  afterNextRender(() => root.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus(), { injector });
}

/** For Submission.send's `failed`: when the API found fields wrong, the first of them gets the focus. */
export function focusOnFieldProblems(root: HTMLElement, injector: Injector): (error: { details: unknown[] }) => void {
  return (error) => {
    if (error.details.length) focusFirstInvalid(root, injector);
  };
}

