import { DestroyRef } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { FormControl, FormGroup } from '@angular/forms';
import { SessionStore } from '../auth/session.store';
import { Drafts } from './drafts';
import { provideHttpClient } from '@angular/common/http';

describe('Drafts: what the parent typed survives a lost connection or a reload', () => {
  let drafts: Drafts;
  const destroyRef = (): DestroyRef & { destroy(): void } => {
    const callbacks: Array<() => void> = [];
    return { onDestroy: (cb: () => void) => (callbacks.push(cb), () => undefined), destroyed: false, destroy: () => callbacks.forEach((c) => c()) } as never;
  };

  beforeEach(() => {
    sessionStorage.clear();
    TestBed.configureTestingModule({ providers: [provideHttpClient()] });
    TestBed.inject(SessionStore).signedInAs({ accountId: 'acc-1', role: 'guardian', communeId: 'c', communeName: 'C', displayName: 'Claire' });
    drafts = TestBed.inject(Drafts);
  });

  it('saves each change and gives the text back to a new form (after a reload)', () => {
    const ref = destroyRef();
    const form = new FormGroup({ topic: new FormControl('other'), text: new FormControl('') });
    expect(drafts.keep('contact', form, ref)).toBe(false);
    form.controls.text.setValue('Bonjour, ma fille mangera sans porc.');
    ref.destroy();

    const again = new FormGroup({ topic: new FormControl(''), text: new FormControl('') });
    expect(drafts.keep('contact', again, destroyRef())).toBe(true);
    expect(again.getRawValue()).toEqual({ topic: 'other', text: 'Bonjour, ma fille mangera sans porc.' });
  });

  it('keeps drafts apart per account and forgets them all at sign-out', () => {
    drafts.save('contact', { text: 'a' });
    TestBed.inject(SessionStore).signedInAs({ accountId: 'acc-2', role: 'guardian', communeId: 'c', communeName: 'C', displayName: 'Thomas' });
    expect(drafts.load('contact')).toBeNull();
    drafts.save('contact', { text: 'b' });
    drafts.clearAll();
    expect(sessionStorage.length).toBe(0);
  });

  it('leaves out fields that must never be stored (a password)', () => {
    const form = new FormGroup({ email: new FormControl(''), password: new FormControl('') });
    drafts.keep('email', form, destroyRef(), ['password']);
    form.setValue({ email: 'a@b.fr', password: 'Secret-2026' });
    expect(drafts.load('email')).toEqual({ email: 'a@b.fr' });
  });
});
