import { AbstractControl, FormArray, FormControl, FormGroup, NonNullableFormBuilder, ValidationErrors, ValidatorFn, Validators } from '@angular/forms';
import { Civility } from '../auth/auth.models';
import { FRENCH_PHONE, FRENCH_POSTCODE } from '../family/family-labels';
import { frenchBirthDate } from '../shared/date-validators';
import { parseFrenchDate } from '../shared/french-format';
import { PreRegistrationChild, PreRegistrationGuardian, PreRegistrationRequest } from './pre-registration.api';

/** The API's limits (libs/families/pre-registration.controller.ts, family.dto.ts). */
export const MAX_GUARDIANS = 2;
export const MAX_CHILDREN = 12;
export const MAX_MESSAGE = 1000;

export const PHONE_MESSAGE = 'Numéro de téléphone français attendu (10 chiffres, par exemple 06 12 34 56 78).';
export const POSTCODE_MESSAGE = 'Code postal : 5 chiffres attendus (par exemple 44000).';

const phone = Validators.pattern(FRENCH_PHONE);

/** The first guardian is called by the service: at least one number (PHONE_REQUIRED on the API). */
const onePhone: ValidatorFn = (group: AbstractControl): ValidationErrors | null =>
  Object.values((group as FormGroup).controls).some((c) => String(c.value ?? '').trim())
    ? null
    : { phoneRequired: { message: 'Indiquez au moins un numéro de téléphone.' } };

/** A child born before 1990 is a typing error (BIRTH_DATE_TOO_OLD on the API). */
const childBirthDate: ValidatorFn = (control: AbstractControl<string>): ValidationErrors | null => {
  const iso = parseFrenchDate((control.value ?? '').trim());
  return iso && iso < '1990-01-01' ? { tooOld: { message: 'La date de naissance semble erronée : vérifiez l’année.' } } : null;
};

function addressGroup(fb: NonNullableFormBuilder) {
  return fb.group({
    line1: ['', [Validators.required, Validators.maxLength(120)]],
    line2: ['', Validators.maxLength(120)],
    postcode: ['', [Validators.required, Validators.pattern(FRENCH_POSTCODE)]],
    city: ['', [Validators.required, Validators.maxLength(80)]],
  });
}

/**
 * One guardian. The first one gives a phone and the family's address (both required by the API);
 * a second one may share that address and leave the phones empty.
 */
export function guardianGroup(fb: NonNullableFormBuilder, first: boolean) {
  const group = fb.group({
    civility: fb.control<Civility | ''>('', Validators.required),
    lastName: ['', [Validators.required, Validators.maxLength(80)]],
    firstName: ['', [Validators.required, Validators.maxLength(80)]],
    email: ['', [Validators.required, Validators.email, Validators.maxLength(254)]],
    quality: [''],
    phones: fb.group({ mobile: ['', phone], home: ['', phone], work: ['', phone] }, { validators: first ? onePhone : [] }),
    sameAddress: [!first],
    address: addressGroup(fb),
  });
  if (!first) {
    applySameAddress(group);
    group.controls.sameAddress.valueChanges.subscribe(() => applySameAddress(group));
  }
  return group;
}
export type GuardianGroup = ReturnType<typeof guardianGroup>;

/** Sharing the first guardian's address: the address fields are neither asked nor checked. */
export function applySameAddress(group: GuardianGroup): void {
  if (group.controls.sameAddress.value) group.controls.address.disable({ emitEvent: false });
  else group.controls.address.enable({ emitEvent: false });
}

export function childGroup(fb: NonNullableFormBuilder, lastName = '') {
  return fb.group({
    firstName: ['', [Validators.required, Validators.maxLength(80)]],
    lastName: [lastName, [Validators.required, Validators.maxLength(80)]],
    birthDate: ['', [Validators.required, frenchBirthDate(), childBirthDate]],
    sex: fb.control<'' | 'F' | 'M'>(''),
    schoolClass: ['', Validators.maxLength(40)],
  });
}
export type ChildGroup = ReturnType<typeof childGroup>;

export function preRegistrationForm(fb: NonNullableFormBuilder) {
  return fb.group({
    communeId: ['', Validators.required],
    guardians: fb.array<GuardianGroup>([guardianGroup(fb, true)]),
    children: fb.array<ChildGroup>([childGroup(fb)]),
    message: ['', Validators.maxLength(MAX_MESSAGE)],
  });
}
export type PreRegistrationForm = ReturnType<typeof preRegistrationForm>;

/** What a draft holds (the form's raw value): enough to rebuild as many guardians and children. */
export interface PreRegistrationDraft {
  guardians?: unknown[];
  children?: unknown[];
}

/** Gives the form as many guardians and children as the draft had, before the draft is patched in. */
export function sizeLike(fb: NonNullableFormBuilder, form: PreRegistrationForm, draft: PreRegistrationDraft | null): void {
  const guardians = Math.min(Math.max(draft?.guardians?.length ?? 1, 1), MAX_GUARDIANS);
  const children = Math.min(Math.max(draft?.children?.length ?? 1, 1), MAX_CHILDREN);
  while (form.controls.guardians.length < guardians) form.controls.guardians.push(guardianGroup(fb, false));
  while (form.controls.children.length < children) form.controls.children.push(childGroup(fb));
}

const trimmedOrOmitted = <K extends string>(key: K, value: string): Partial<Record<K, string>> =>
  value.trim() ? ({ [key]: value.trim() } as Record<K, string>) : {};

function guardianPayload(g: ReturnType<GuardianGroup['getRawValue']>, first: boolean): PreRegistrationGuardian {
  const phones = Object.fromEntries(Object.entries(g.phones).filter(([, v]) => v.trim()).map(([k, v]) => [k, v.trim()]));
  const withAddress = first || !g.sameAddress;
  return {
    civility: g.civility as Civility,
    lastName: g.lastName.trim(),
    firstName: g.firstName.trim(),
    email: g.email.trim(),
    ...(g.quality ? { quality: g.quality } : {}),
    ...(Object.keys(phones).length ? { phones } : {}),
    ...(withAddress
      ? { address: { line1: g.address.line1.trim(), ...trimmedOrOmitted('line2', g.address.line2), postcode: g.address.postcode.trim(), city: g.address.city.trim() } }
      : {}),
  };
}

function childPayload(c: ReturnType<ChildGroup['getRawValue']>): PreRegistrationChild {
  return {
    firstName: c.firstName.trim(),
    lastName: c.lastName.trim(),
    birthDate: parseFrenchDate(c.birthDate.trim()) ?? c.birthDate.trim(),
    ...(c.sex ? { sex: c.sex } : {}),
    ...trimmedOrOmitted('schoolClass', c.schoolClass),
  };
}

/** The request the API expects, from a valid form: empty optional fields left out, dates as AAAA-MM-JJ. */
export function preRegistrationRequest(form: PreRegistrationForm, requestId: string): PreRegistrationRequest {
  const v = form.getRawValue();
  return {
    requestId,
    communeId: v.communeId,
    guardians: v.guardians.map((g, i) => guardianPayload(g, i === 0)),
    children: v.children.map(childPayload),
    ...trimmedOrOmitted('message', v.message),
  };
}

export const guardiansOf = (form: PreRegistrationForm): FormArray<GuardianGroup> => form.controls.guardians;
export const childrenOf = (form: PreRegistrationForm): FormArray<ChildGroup> => form.controls.children;
export type AddressControls = FormGroup<{ line1: FormControl<string>; line2: FormControl<string>; postcode: FormControl<string>; city: FormControl<string> }>;
