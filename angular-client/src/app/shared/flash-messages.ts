import { Injectable, signal } from '@angular/core';

export interface FlashMessage {
  text: string;
  kind: 'success' | 'info';
}

/** A message carried from one page to the next (after sign-up, sign-out, an expired session). */
@Injectable({ providedIn: 'root' })
export class FlashMessages {
  private readonly pending = signal<FlashMessage | null>(null);
  /** An e-mail to prefill on the sign-in page after sign-up. */
  private email: string | null = null;

  show(text: string, kind: FlashMessage['kind'] = 'success', email?: string): void {
    this.pending.set({ text, kind });
    this.email = email ?? null;
  }

  /** Returns the pending message once, then forgets it. */
  take(): { message: FlashMessage | null; email: string | null } {
    const out = { message: this.pending(), email: this.email };
    this.pending.set(null);
    this.email = null;
    return out;
  }
}
