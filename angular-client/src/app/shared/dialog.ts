import { Component, ElementRef, input, output, viewChild } from '@angular/core';

const FOCUSABLE =
  'a[href], button:not([disabled]), input:not([disabled]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"])';

/**
 * A modal dialog on the native <dialog> element: the page behind is inert, Tab and Shift+Tab
 * stay inside, Escape closes it (unless `dismissible` is false), and focus goes back to where it
 * was when the dialog opened.
 */
@Component({
  selector: 'pf-dialog',
  template: `
    <!-- eslint-disable-next-line @angular-eslint/template/interactive-supports-focus -- keydown only catches Tab bubbling up from the focusable controls inside, to keep focus in the dialog; the dialog itself need not take focus (Escape is the native cancel event) -->
    <dialog #dialog class="dialog" [attr.aria-labelledby]="titleId()" (cancel)="onCancel($event)"
            (keydown)="trapTab($event)">
      <ng-content />
    </dialog>
  `,
})
export class DialogComponent {
  /** The id of the element that titles the dialog (its h2). */
  readonly titleId = input.required<string>();
  /** While false (e.g. a request is being sent), Escape does nothing. */
  readonly dismissible = input(true);
  /** The person pressed Escape: the parent decides and calls close(). */
  readonly dismiss = output<void>();

  private readonly dialog = viewChild.required<ElementRef<HTMLDialogElement>>('dialog');
  private returnFocusTo: HTMLElement | null = null;

  /** Opens the dialog and focuses `initialFocus` (a selector inside it) or else its first control. */
  open(initialFocus?: string): void {
    const dialog = this.dialog().nativeElement;
    this.returnFocusTo = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    if (typeof dialog.showModal === 'function') dialog.showModal();
    else dialog.setAttribute('open', '');
    const first = (initialFocus ? dialog.querySelector<HTMLElement>(initialFocus) : null) ?? dialog.querySelector<HTMLElement>(FOCUSABLE);
    first?.focus();
  }

  /** Closes the dialog; focus goes back to the opener or, if it is gone, to `fallback`. */
  close(fallback?: () => HTMLElement | null): void {
    const dialog = this.dialog().nativeElement;
    if (typeof dialog.close === 'function' && dialog.open) dialog.close();
    else dialog.removeAttribute('open');
    const target = this.returnFocusTo?.isConnected ? this.returnFocusTo : (fallback?.() ?? null);
    target?.focus();
    this.returnFocusTo = null;
  }

  /** Moves focus into the dialog (e.g. on a new step's main button). */
  focus(selector: string): void {
    this.dialog().nativeElement.querySelector<HTMLElement>(selector)?.focus();
  }

  onCancel(event: Event): void {
    event.preventDefault(); // closing goes through close() so that focus is restored
    if (this.dismissible()) this.dismiss.emit();
  }

  trapTab(event: KeyboardEvent): void {
    if (event.key !== 'Tab') return;
    const items = Array.from(this.dialog().nativeElement.querySelectorAll<HTMLElement>(FOCUSABLE));
    if (items.length === 0) return;
    const first = items[0]!;
    const last = items[items.length - 1]!;
    if (event.shiftKey && document.activeElement === first) {
      event.preventDefault();
      last.focus();
    } else if (!event.shiftKey && document.activeElement === last) {
      event.preventDefault();
      first.focus();
    }
  }
}
