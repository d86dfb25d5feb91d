import { DestroyRef, Injectable, inject } from '@angular/core';
import { AbstractControl } from '@angular/forms';
import { SessionStore } from '../auth/session.store';

const PREFIX = 'pf-brouillon:';

/**
 * What a person typed, kept in this tab's sessionStorage until it is sent: a lost connection, an
 * expired session or a reload never loses it. Drafts are per account and forgotten at sign-out
 * (sessionStorage itself ends with the tab).
 */
@Injectable({ providedIn: 'root' })
export class Drafts {
  private readonly session = inject(SessionStore);

  private key(name: string): string {
    return `${PREFIX}${this.session.user()?.accountId ?? 'anonyme'}:${name}`;
  }

  load<T>(name: string): T | null {
    try {
      const raw = storage()?.getItem(this.key(name));
      return raw ? (JSON.parse(raw) as T) : null;
    } catch {
      return null;
    }
  }

  save(name: string, value: unknown): void {
    try {
      storage()?.setItem(this.key(name), JSON.stringify(value));
    } catch {
      // Storage full or disabled: the form still works, only the safety net is missing.
    }
  }

  clear(name: string): void {
    storage()?.removeItem(this.key(name));
  }

  /** Forgets every draft of this tab (at sign-out). */
  clearAll(): void {
    const store = storage();
    if (!store) return;
    for (let i = store.length - 1; i >= 0; i--) {
      const key = store.key(i);
      if (key?.startsWith(PREFIX)) store.removeItem(key);
    }
  }

  /**
   * Restores a form from its draft, then saves each change. Returns true when a draft was found
   * (the page may say « Nous avons gardé ce que vous aviez saisi »).
   */
  keep(name: string, form: AbstractControl, destroyRef: DestroyRef, skip: string[] = []): boolean {
    const draft = this.load<Record<string, unknown>>(name);
    if (draft) form.patchValue(draft, { emitEvent: false });
    const subscription = form.valueChanges.subscribe(() => {
      const value = { ...(form.getRawValue() as Record<string, unknown>) };
      for (const field of skip) delete value[field];
      this.save(name, value);
    });
    destroyRef.onDestroy(() => subscription.unsubscribe());
    return draft !== null;
  }
}

function storage(): Storage | null {
  try {
    return typeof sessionStorage === 'undefined' ? null : sessionStorage;
  } catch {
    return null;
  }
}
