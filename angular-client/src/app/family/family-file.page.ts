import { Component, DestroyRef, ElementRef, Injector, afterNextRender, computed, effect, inject, input, signal, untracked } from '@angular/core';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { RouterLink } from '@angular/router';
import { isStaff } from '../auth/auth.models';
import { SessionStore } from '../auth/session.store';
import { ApiError, applyServerErrors, isDefinitiveRejection, toApiError } from '../shared/api-error';
import { Drafts } from '../shared/drafts';
import { FieldDirective, FieldErrorComponent, focusFirstInvalid } from '../shared/form-field';
import { formatDate, formatDateTime } from '../shared/french-format';
import { Load, LoadErrorComponent, LoadingComponent, failed, loading, ready, loadedValue, loadErrorOf } from '../shared/load-state';
import { newRequestId } from '../shared/request-id';
import { Submission, SubmissionErrorComponent } from '../shared/submission';
import { Observable } from 'rxjs';
import { FamilyBillingComponent } from '../back-office/billing/family-billing';
import { ChangeRequest, Child, Family, FamilyApi, Guardian, PendingChange, photoProblem } from './family.api';
import { familyLabel } from '../shared/family-name';
import { ChildForm, GuardianForm, PHONE_MESSAGES, POSTCODE_MESSAGES, childChanges, childForm, contactGroup, guardianChanges, guardianForm } from './family-forms';
import { QUALITIES, SITUATIONS, labelOf, yesNo } from './family-labels';

type Editing = { kind: 'guardian'; id: string; form: GuardianForm } | { kind: 'child'; id: string; form: ChildForm };

/**
 * The family file as the parent sees it: guardians, children (health, authorisations, contacts),
 * what mandatory data is missing, and the changes waiting for the service. A parent's change is a
 * request the service validates; until then it shows as pending.
 */
@Component({
  selector: 'pf-family-file-page',
  imports: [ReactiveFormsModule, RouterLink, LoadingComponent, LoadErrorComponent, FieldDirective, FieldErrorComponent, FamilyBillingComponent, SubmissionErrorComponent],
  templateUrl: './family-file.page.html',
  styles: `
    .child-photo { display: flex; gap: 1rem; align-items: flex-start; flex-wrap: wrap; margin-bottom: 0.75rem; }
    .child-photo img, .pending-photo { width: 96px; height: 96px; object-fit: cover; border-radius: 0.5rem; border: 1px solid #6b7280; background: #f3f4f6; }
    .child-photo__none { width: 96px; height: 96px; display: flex; align-items: center; justify-content: center; text-align: center; border: 1px dashed #6b7280; border-radius: 0.5rem; font-size: 0.875rem; }
    .child-photo__form { flex: 1 1 14rem; }
  `,
})
export class FamilyFilePage {
  private readonly api = inject(FamilyApi);
  private readonly session = inject(SessionStore);
  private readonly drafts = inject(Drafts);
  private readonly fb = inject(NonNullableFormBuilder);
  private readonly host = inject<ElementRef<HTMLElement>>(ElementRef);
  private readonly injector = inject(Injector);

  /** The route's family (back office); a parent's own family otherwise. */
  readonly familyId = input<string | undefined>(undefined);
  readonly staff = isStaff(this.session.user()?.role);
  /** The family shown: the route's one, or the parent's own. */
  get shownFamilyId(): string | null {
    return this.familyId() ?? this.session.user()?.familyId ?? null;
  }
  readonly letterUrl = computed(() => (this.family() ? this.api.letterUrl(this.family()!.familyId) : ''));
  readonly newCode = signal<string | null>(null);
  readonly decisionError = signal<ApiError | null>(null);
  readonly refusing = signal<string | null>(null);
  readonly refusal = this.fb.group({ reason: ['', [Validators.required, Validators.maxLength(500)]] });
  readonly quotientForm = this.fb.group({
    value: [null as number | null, [Validators.required, Validators.min(0), Validators.max(100_000)]],
    updatedOn: ['', Validators.required],
  });
  readonly load = signal<Load<Family>>(loading());
  readonly family = loadedValue(this.load, null);
  readonly loadError = loadErrorOf(this.load);
  readonly date = formatDate;
  readonly dateTime = formatDateTime;
  readonly yesNo = yesNo;
  readonly familyLabel = familyLabel;
  readonly qualities = QUALITIES;
  readonly situations = SITUATIONS;
  readonly phoneMessages = PHONE_MESSAGES;
  readonly postcodeMessages = POSTCODE_MESSAGES;
  readonly qualityLabel = (g: Guardian) => labelOf(QUALITIES, g.quality);
  readonly situationLabel = (g: Guardian) => labelOf(SITUATIONS, g.familySituation);

  readonly editing = signal<Editing | null>(null);
  /**
   * The change being edited (a new request id for each guardian or child edited); its problems go
   * to the form being edited, without the API's 'guardian.' or 'child.' prefix.
   */
  readonly submission = new Submission({ form: () => this.editing()?.form, fieldPath: (field) => field.replace(/^(guardian|child)\./, '') });
  readonly sentNotice = signal<string | null>(null);
  private stopDraft: (() => void) | null = null;

  /** The photo being chosen for a child, sent once with its own request id (a retry reuses it). */
  readonly photo = signal<{ childId: string; file: File | null; requestId: string; error: string | null; sending: boolean } | null>(null);

  constructor() {
    effect(() => {
      this.familyId();
      untracked(() => this.reload());
    });
    inject(DestroyRef).onDestroy(() => this.stopDraft?.());
  }

  // --- Back office -------------------------------------------------------------------------

  regenerateCode(): void {
    const f = this.family();
    if (!f) return;
    this.decisionError.set(null);
    this.api.regenerateCode(f.familyId, newRequestId()).subscribe({
      next: ({ subscriberCode }) => {
        this.newCode.set(subscriberCode);
        this.reload();
      },
      error: (e: unknown) => this.decisionError.set(toApiError(e)),
    });
  }

  acceptChange(changeId: string): void {
    const f = this.family();
    if (!f) return;
    this.decisionError.set(null);
    this.api.acceptChange(f.familyId, changeId, newRequestId()).subscribe({
      next: (family) => {
        this.load.set(ready(family));
        this.sentNotice.set('Modification acceptée : elle figure maintenant dans le dossier, et la famille est prévenue.');
      },
      error: (e: unknown) => this.decisionError.set(toApiError(e)),
    });
  }

  askRefusal(changeId: string): void {
    this.refusal.reset({ reason: '' });
    this.refusing.set(changeId);
    afterNextRender(() => document.getElementById('refusal-reason')?.focus(), { injector: this.injector });
  }

  refuseChange(): void {
    const f = this.family();
    const changeId = this.refusing();
    if (!f || !changeId) return;
    if (this.refusal.invalid || !this.refusal.controls.reason.value.trim()) {
      this.refusal.controls.reason.setErrors({ required: true });
      this.refusal.markAllAsTouched();
      return;
    }
    this.api.refuseChange(f.familyId, changeId, newRequestId(), this.refusal.controls.reason.value.trim()).subscribe({
      next: (family) => {
        this.refusing.set(null);
        this.load.set(ready(family));
        this.sentNotice.set('Modification refusée : la famille est prévenue, avec votre motif.');
      },
      error: (e: unknown) => this.decisionError.set(toApiError(e)),
    });
  }

  recordQuotient(): void {
    const f = this.family();
    if (!f) return;
    if (this.quotientForm.invalid) {
      this.quotientForm.markAllAsTouched();
      return;
    }
    const { value, updatedOn } = this.quotientForm.getRawValue();
    this.api.recordQuotient(f.familyId, { requestId: newRequestId(), value: Math.round(Number(value)), updatedOn }).subscribe({
      next: (family) => {
        this.load.set(ready(family));
        this.sentNotice.set('Quotient familial enregistré.');
        this.quotientForm.reset({ value: null, updatedOn: '' });
      },
      error: (e: unknown) => {
        const error = toApiError(e);
        this.decisionError.set(error);
        applyServerErrors(this.quotientForm, error.details);
      },
    });
  }

  reload(): void {
    if (!this.shownFamilyId) {
      this.load.set(failed({ statusCode: 404, code: 'NO_FAMILY', message: "Votre compte n'est pas encore rattaché à un dossier famille. Contactez le service enfance de la mairie.", details: [] }));
      return;
    }
    if (this.load().state !== 'ready') this.load.set(loading());
    this.api.family(this.shownFamilyId).subscribe({
      next: (f) => this.load.set(ready(f)),
      error: (e: unknown) => this.load.set(failed(toApiError(e))),
    });
  }

  photoUrl(photoId: string): string {
    return this.api.photoUrl(this.family()!.familyId, photoId);
  }

  /** A pending change that proposes a child's new photo: its id and the child's first name. */
  pendingPhoto(p: PendingChange): { photoId: string; who: string } | null {
    const photoId = p.change?.target === 'child' ? p.change.changes.photoId : undefined;
    if (!photoId) return null;
    const child = this.family()?.children.find((c) => c.childId === p.change!.childId);
    return { photoId, who: child ? `${child.firstName} ${child.lastName}` : 'l’enfant' };
  }

  choosePhoto(child: Child, event: Event): void {
    const file = (event.target as HTMLInputElement).files?.[0] ?? null;
    this.sentNotice.set(null);
    // Another file is another request.
    this.photo.set({ childId: child.childId, file, requestId: newRequestId(), error: file ? photoProblem(file) : null, sending: false });
  }

  sendPhoto(child: Child): void {
    const chosen = this.photo();
    const f = this.family();
    if (!f || !chosen || chosen.childId !== child.childId || chosen.sending) return;
    const problem = photoProblem(chosen.file);
    if (problem) {
      this.photo.set({ ...chosen, error: problem });
      afterNextRender(() => document.getElementById(`photo-${child.childId}`)?.focus(), { injector: this.injector });
      return;
    }
    this.photo.set({ ...chosen, error: null, sending: true });
    this.api.uploadPhoto(f.familyId, child.childId, chosen.requestId, chosen.file!).subscribe({
      next: (sent) => {
        this.photo.set(null);
        this.sentNotice.set(
          sent.status === 'recorded'
            ? `La photo de ${child.firstName} est enregistrée.`
            : `La photo de ${child.firstName} est envoyée : elle apparaît « En attente de validation » jusqu’à la décision du service.`,
        );
        this.reload();
        afterNextRender(() => this.host.nativeElement.querySelector<HTMLElement>('#sent-notice')?.focus(), { injector: this.injector });
      },
      error: (e: unknown) => {
        const error = toApiError(e);
        const current = this.photo();
        if (!current) return;
        this.photo.set({ ...current, sending: false, error: error.message, requestId: isDefinitiveRejection(error) ? newRequestId() : current.requestId });
        afterNextRender(() => document.getElementById(`photo-${child.childId}`)?.focus(), { injector: this.injector });
      },
    });
  }

  missingFor(id: string): string[] {
    return (this.family()?.missingData ?? []).filter((m) => m.id === id).map((m) => m.label);
  }

  phonesText(g: Guardian): string {
    const p = g.phones ?? {};
    return [p.mobile && `portable ${p.mobile}`, p.home && `domicile ${p.home}`, p.work && `travail ${p.work}`].filter(Boolean).join(', ');
  }

  addressText(g: Guardian): string {
    const a = g.address;
    return a ? [a.line1, a.line2, `${a.postcode} ${a.city}`].filter(Boolean).join(', ') : '';
  }

  schoolText(c: Child): string {
    const level = c.school?.level === 'maternelle' ? 'Maternelle' : c.school?.level === 'elementaire' ? 'Élémentaire' : '';
    return [level, c.school?.className ?? c.schoolClass, c.school?.name].filter(Boolean).join(' — ');
  }

  devicesText(c: Child): string {
    const h = c.health ?? {};
    const list = [h.glasses && 'lunettes', h.dentalDevice && 'appareil dentaire', h.hearingAid && 'appareil auditif'].filter(Boolean);
    return list.length ? list.join(', ') : 'aucun';
  }

  editGuardian(g: Guardian): void {
    if (!g.guardianId) return;
    const form = guardianForm(this.fb, g);
    this.startEditing({ kind: 'guardian', id: g.guardianId, form });
  }

  editChild(c: Child): void {
    const form = childForm(this.fb, c);
    this.startEditing({ kind: 'child', id: c.childId, form });
  }

  private startEditing(editing: Editing): void {
    this.submission.clear();
    this.sentNotice.set(null);
    this.submission.renewRequestId();
    const draftName = `dossier-${editing.kind}-${editing.id}`;
    const draft = this.drafts.load<Record<string, unknown>>(draftName);
    if (editing.kind === 'child' && draft && Array.isArray(draft['contacts'])) {
      const contacts = editing.form.controls.contacts;
      while (contacts.length < (draft['contacts'] as unknown[]).length) contacts.push(contactGroup(this.fb));
    }
    if (draft) editing.form.patchValue(draft as never);
    const form = editing.form as { valueChanges: import('rxjs').Observable<unknown>; getRawValue(): unknown };
    const subscription = form.valueChanges.subscribe(() => this.drafts.save(draftName, form.getRawValue()));
    this.stopDraft?.();
    this.stopDraft = () => subscription.unsubscribe();
    this.editing.set(editing);
    afterNextRender(() => this.host.nativeElement.querySelector<HTMLElement>('#edit-title')?.focus(), { injector: this.injector });
  }

  /** A parent's change is a request; the service writes the record whole (PUT), merged with what it holds. */
  private save(change: ChangeRequest): Observable<unknown> {
    const f = this.family()!;
    if (!this.staff) return this.api.requestChange(f.familyId, change);
    if (change.target === 'guardian') {
      const { guardianId: _g, hasAccount: _h, ...current } = f.guardians.find((g) => g.guardianId === change.guardianId)!;
      return this.api.recordGuardian(f.familyId, change.guardianId!, { ...current, ...change.guardian, requestId: change.requestId });
    }
    const { childId: _c, colour: _k, ...current } = f.children.find((c) => c.childId === change.childId)!;
    return this.api.recordChild(f.familyId, change.childId!, { ...current, ...change.child, requestId: change.requestId });
  }

  childForm(): ChildForm | null {
    const e = this.editing();
    return e?.kind === 'child' ? e.form : null;
  }

  guardianFormOf(): GuardianForm | null {
    const e = this.editing();
    return e?.kind === 'guardian' ? e.form : null;
  }

  addContact(form: ChildForm): void {
    form.controls.contacts.push(contactGroup(this.fb));
    const index = form.controls.contacts.length - 1;
    afterNextRender(() => document.getElementById(`contact-${index}-lastName`)?.focus(), { injector: this.injector });
  }

  removeContact(form: ChildForm, index: number): void {
    form.controls.contacts.removeAt(index);
  }

  cancelEditing(): void {
    const e = this.editing();
    if (e) this.drafts.clear(`dossier-${e.kind}-${e.id}`);
    this.editing.set(null);
    afterNextRender(() => this.host.nativeElement.querySelector<HTMLElement>('h1')?.focus(), { injector: this.injector });
  }

  send(): void {
    const e = this.editing();
    if (!e || !this.shownFamilyId || this.submission.sending()) return;
    this.submission.clear();
    if (e.form.invalid) {
      e.form.markAllAsTouched();
      focusFirstInvalid(this.host.nativeElement, this.injector);
      return;
    }
    const change =
      e.kind === 'guardian'
        ? { requestId: this.submission.requestId, target: 'guardian' as const, guardianId: e.id, guardian: guardianChanges(e.form) }
        : { requestId: this.submission.requestId, target: 'child' as const, childId: e.id, child: childChanges(e.form) };
    this.submission.send(
      this.save(change),
      () => {
        this.drafts.clear(`dossier-${e.kind}-${e.id}`);
        this.editing.set(null);
        this.sentNotice.set(
          this.staff
            ? 'Le dossier est mis à jour.'
            : 'Votre demande de modification est envoyée : elle apparaît « En attente de validation » jusqu’à la décision du service.',
        );
        this.reload();
        afterNextRender(() => this.host.nativeElement.querySelector<HTMLElement>('#sent-notice')?.focus(), { injector: this.injector });
      },
      { failed: () => focusFirstInvalid(this.host.nativeElement, this.injector) },
    );
  }
}
