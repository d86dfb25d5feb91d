import { AbstractControl, FormArray, FormControl, FormGroup, NonNullableFormBuilder, ValidationErrors, Validators } from '@angular/forms';
import { Child, ChildContact, Guardian } from './family.api';
import { FRENCH_PHONE, FRENCH_POSTCODE } from './family-labels';

const phone = Validators.pattern(FRENCH_PHONE);
const phoneMessage = { pattern: 'Numéro de téléphone français attendu (10 chiffres, par exemple 06 12 34 56 78).' };
export const PHONE_MESSAGES = phoneMessage;
export const POSTCODE_MESSAGES = { pattern: 'Code postal : 5 chiffres attendus (par exemple 44000).', required: 'Saisissez le code postal.' };

/** At least one phone, as the service requires it. */
const onePhone = (group: AbstractControl): ValidationErrors | null =>
  Object.values((group as FormGroup).controls).some((c) => String(c.value ?? '').trim()) ? null : { phoneRequired: { message: 'Indiquez au moins un numéro de téléphone.' } };

/** An address is all or nothing: once started, the street, postcode and city are required. */
const wholeAddress = (group: AbstractControl): ValidationErrors | null => {
  const g = group as FormGroup<{ line1: FormControl<string>; line2: FormControl<string>; postcode: FormControl<string>; city: FormControl<string> }>;
  const started = Object.values(g.controls).some((c) => c.value.trim());
  for (const key of ['line1', 'postcode', 'city'] as const) {
    const c = g.controls[key];
    const errors = { ...(c.errors ?? {}) };
    delete errors['required'];
    if (started && !c.value.trim()) errors['required'] = true;
    c.setErrors(Object.keys(errors).length ? errors : null);
  }
  return null;
};

export function guardianForm(fb: NonNullableFormBuilder, g: Guardian) {
  return fb.group({
    quality: [g.quality ?? ''],
    familySituation: [g.familySituation ?? ''],
    phones: fb.group(
      {
        mobile: [g.phones?.mobile ?? '', phone],
        home: [g.phones?.home ?? '', phone],
        work: [g.phones?.work ?? '', phone],
      },
      { validators: onePhone },
    ),
    address: fb.group(
      {
        line1: [g.address?.line1 ?? '', Validators.maxLength(120)],
        line2: [g.address?.line2 ?? '', Validators.maxLength(120)],
        postcode: [g.address?.postcode ?? '', Validators.pattern(FRENCH_POSTCODE)],
        city: [g.address?.city ?? '', Validators.maxLength(80)],
      },
      { validators: wholeAddress },
    ),
    invoiceDelivery: [g.invoiceDelivery ?? ''],
    communicationConsent: [g.communicationConsent ?? false],
  });
}
export type GuardianForm = ReturnType<typeof guardianForm>;

/** Only what the form holds, without empty values: the API replaces each section whole. */
export function guardianChanges(form: GuardianForm): Record<string, unknown> {
  const v = form.getRawValue();
  const phones = Object.fromEntries(Object.entries(v.phones).filter(([, x]) => x.trim()).map(([k, x]) => [k, x.trim()]));
  const address = v.address.line1.trim()
    ? { line1: v.address.line1.trim(), ...(v.address.line2.trim() ? { line2: v.address.line2.trim() } : {}), postcode: v.address.postcode.trim(), city: v.address.city.trim() }
    : undefined;
  return {
    ...(v.quality ? { quality: v.quality } : {}),
    ...(v.familySituation ? { familySituation: v.familySituation } : {}),
    phones,
    ...(address ? { address } : {}),
    ...(v.invoiceDelivery ? { invoiceDelivery: v.invoiceDelivery } : {}),
    communicationConsent: v.communicationConsent,
  };
}

export function contactGroup(fb: NonNullableFormBuilder, c?: ChildContact) {
  return fb.group({
    contactId: [c?.contactId ?? ''],
    lastName: [c?.lastName ?? '', [Validators.required, Validators.maxLength(80)]],
    firstName: [c?.firstName ?? '', [Validators.required, Validators.maxLength(80)]],
    relationship: [c?.relationship ?? '', [Validators.required, Validators.maxLength(60)]],
    phone: [c?.phone ?? '', [Validators.required, phone]],
    canPickUp: [c?.canPickUp ?? false],
    emergency: [c?.emergency ?? false],
  });
}

export function childForm(fb: NonNullableFormBuilder, c: Child) {
  return fb.group({
    sex: [c.sex ?? ''],
    birthPlace: [c.birthPlace ?? '', Validators.maxLength(120)],
    school: fb.group({
      name: [c.school?.name ?? '', Validators.maxLength(120)],
      level: [c.school?.level ?? ''],
      className: [c.school?.className ?? c.schoolClass ?? '', Validators.maxLength(40)],
    }),
    health: fb.group({
      doctorName: [c.health?.doctor?.name ?? '', Validators.maxLength(120)],
      doctorPhone: [c.health?.doctor?.phone ?? '', phone],
      allergies: [c.health?.allergies ?? '', Validators.maxLength(1000)],
      pai: [c.health?.pai ?? false],
      glasses: [c.health?.glasses ?? false],
      dentalDevice: [c.health?.dentalDevice ?? false],
      hearingAid: [c.health?.hearingAid ?? false],
      notes: [c.health?.notes ?? '', Validators.maxLength(2000)],
    }),
    authorisations: fb.group({
      sport: [c.authorisations?.sport ?? false],
      photos: [c.authorisations?.photos ?? false],
      leaveAlone: [c.authorisations?.leaveAlone ?? false],
      hospitalisation: [c.authorisations?.hospitalisation ?? false],
    }),
    contacts: fb.array((c.contacts ?? []).map((x) => contactGroup(fb, x))),
  });
}
export type ChildForm = ReturnType<typeof childForm>;
export type ContactForm = ReturnType<typeof contactGroup>;

export function childChanges(form: ChildForm): Record<string, unknown> {
  const v = form.getRawValue();
  const school = Object.fromEntries(Object.entries(v.school).filter(([, x]) => x.trim()).map(([k, x]) => [k, x.trim()]));
  const h = v.health;
  const health = {
    ...(h.doctorName.trim() ? { doctor: { name: h.doctorName.trim(), ...(h.doctorPhone.trim() ? { phone: h.doctorPhone.trim() } : {}) } } : {}),
    allergies: h.allergies.trim(),
    pai: h.pai,
    glasses: h.glasses,
    dentalDevice: h.dentalDevice,
    hearingAid: h.hearingAid,
    notes: h.notes.trim(),
  };
  return {
    ...(v.sex ? { sex: v.sex } : {}),
    ...(v.birthPlace.trim() ? { birthPlace: v.birthPlace.trim() } : {}),
    school,
    health,
    authorisations: v.authorisations,
    contacts: v.contacts.map(({ contactId, ...c }) => ({ ...(contactId ? { contactId } : {}), ...c, lastName: c.lastName.trim(), firstName: c.firstName.trim(), relationship: c.relationship.trim(), phone: c.phone.trim() })),
  };
}

export const contactsOf = (form: ChildForm): FormArray<ContactForm> => form.controls.contacts;
