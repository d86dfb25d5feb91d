import { Component, computed, input, output, type Signal } from '@angular/core';
import { ApiError } from './api-error';

/** What a screen shows while its data comes: loading, an error (with a retry), or the data. */
export type Load<T> = { state: 'loading' } | { state: 'ready'; value: T } | { state: 'error'; error: ApiError };

export const loading = <T>(): Load<T> => ({ state: 'loading' });
export const ready = <T>(value: T): Load<T> => ({ state: 'ready', value });
export const failed = <T>(error: ApiError): Load<T> => ({ state: 'error', error });

/** What a screen's load gave once ready (or the part `pick` takes of it); `otherwise` while loading or failed. */
export function loadedValue<T, D>(load: Signal<Load<T>>, otherwise: D): Signal<T | D>;
export function loadedValue<T, R, D>(load: Signal<Load<T>>, otherwise: D, pick: (value: T) => R): Signal<R | D>;
export function loadedValue<T, R, D>(load: Signal<Load<T>>, otherwise: D, pick?: (value: T) => R): Signal<T | R | D> {
  return computed(() => {
    const l = load();
    if (l.state !== 'ready') return otherwise;
    return pick ? pick(l.value) : l.value;
  });
}

/** The error a screen's load failed with, or null. */
export function loadErrorOf<T>(load: Signal<Load<T>>): Signal<ApiError | null> {
  return computed(() => {
    const l = load();
    return l.state === 'error' ? l.error : null;
  });
}

@Component({
  selector: 'pf-loading',
  template: `
    <p class="loading" role="status">
      <span class="spinner" aria-hidden="true"></span>{{ label() }}
    </p>
  `,
})
export class LoadingComponent {
  readonly label = input('Chargement en cours…');
}

@Component({
  selector: 'pf-load-error',
  template: `
    <div class="notice notice--error" role="alert">
      <p>{{ error().message }}</p>
      <button type="button" class="button button--secondary" (click)="retry.emit()">Réessayer</button>
    </div>
  `,
})
export class LoadErrorComponent {
  readonly error = input.required<ApiError>();
  readonly retry = output<void>();
}
