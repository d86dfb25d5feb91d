import { Component, Injector, afterNextRender, computed, inject, input, output, signal, viewChild } from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { Observable, forkJoin, of } from 'rxjs';
import { catchError } from 'rxjs/operators';
import { SessionStore } from '../auth/session.store';
import { DialogComponent } from '../shared/dialog';
import { FieldDirective, FieldErrorComponent } from '../shared/form-field';
import { formatCents, formatLongDay } from '../shared/french-format';
import { Submission } from '../shared/submission';
import { PlanningApi } from './planning.api';
import { ABSENCE_REASONS, AbsenceReason, DAY_STATUS_LABELS, DayRequestOutcome, PlanningDay, PriceEstimate, ReservationOutcome } from './planning.models';
import { QuotientNoteComponent, priceLineText } from './price-notes';
import { fileProblem } from '../documents/documents.api';

type Mode = 'book' | 'manage';
type Phase = 'confirm' | 'sending' | 'done' | 'error';
type Tone = 'success' | 'error' | 'warning' | 'info';

interface Result {
  title: string;
  text: string;
  tone: Tone;
}

/** A late day's price: the day's own price and the late booking's, whose difference is the surcharge. */
type LatePrice = { state: 'loading' } | { state: 'failed' } | { state: 'ready'; usual: PriceEstimate | null; late: PriceEstimate };

/**
 * What a click on a day opens: « Souhaitez-vous réserver ? » on a free day (or a late booking at
 * its surcharge), or, on a booked day, the choice to cancel (with a reason) or to declare an
 * absence (with its reason), offering only what the rules allow right now. A failed send keeps
 * what was typed and is retried with the same request id.
 */
@Component({
  selector: 'pf-day-actions',
  imports: [ReactiveFormsModule, DialogComponent, FieldDirective, FieldErrorComponent, QuotientNoteComponent],
  template: `
    <pf-dialog titleId="booking-title" [dismissible]="phase() !== 'sending'" (dismiss)="close()">
      @if (entry(); as e) {
        @if (phase() === 'done' && result(); as r) {
          <h2 id="booking-title" class="dialog__title">{{ r.title }}</h2>
          <div role="status" [class]="'notice notice--' + r.tone"><p>{{ r.text }}</p></div>
          <p class="dialog__summary">{{ summary(e) }}</p>
          <div class="dialog__actions">
            <button type="button" class="button button--primary" id="booking-close" (click)="close()">Fermer</button>
          </div>
        } @else if (mode() === 'book') {
          <h2 id="booking-title" class="dialog__title">Souhaitez-vous réserver ?</h2>
          <p class="dialog__summary">{{ summary(e) }}</p>
          @if (late()) {
            <div class="notice notice--warning">
              <p>
                Le délai de réservation est dépassé : ce jour peut encore être réservé comme
                « {{ e.lateBooking?.name ?? 'réservation tardive' }} », facturé avec une majoration.
              </p>
            </div>
            <!-- The price before the parent commits, the surcharge on its own line (as the period preview says it). -->
            <section class="dialog__price" aria-labelledby="late-price-title">
              <h3 id="late-price-title" class="dialog__subtitle">Prix de ce jour</h3>
              @switch (latePrice().state) {
                @case ('loading') { <p class="hint" role="status">Calcul du prix…</p> }
                @case ('failed') { <p class="hint">Le prix n'a pas pu être calculé : il figurera sur votre facture du mois.</p> }
                @case ('ready') {
                  @if (priceLines(); as lines) {
                    <ul class="price-lines">
                      @for (line of lines; track line.label) {
                        <li><span>{{ line.label }} : </span><span class="price-lines__amount">{{ line.amount }}</span></li>
                      }
                    </ul>
                  }
                  @if (lateEstimate(); as lateEstimate) {
                    @if (lateEstimate.missing.length) {
                      <p class="hint">Le tarif de ce jour n'est pas encore fixé par la commune.</p>
                    }
                    <pf-quotient-note [price]="lateEstimate" />
                  }
                }
              }
            </section>
          }
          @if (e.waitingListRank) {
            <div class="notice notice--warning">
              <p>
                Ce jour est complet : votre demande sera inscrite sur la liste d'attente, au rang {{ e.waitingListRank }}.
                Vous serez prévenu si une place se libère.
              </p>
            </div>
          }
          @if (submission.error(); as err) {
            <div class="notice notice--error" role="alert"><p>{{ err.message }}</p></div>
          }
          <div class="dialog__actions">
            <button type="button" class="button button--primary" id="booking-confirm" (click)="confirmBooking()" [disabled]="phase() === 'sending'">
              {{ phase() === 'sending' ? 'Envoi en cours…' : phase() === 'error' ? 'Réessayer' : e.waitingListRank ? 'Oui, inscrire en liste d’attente' : 'Oui, réserver' }}
            </button>
            <button type="button" class="button button--secondary" (click)="close()" [disabled]="phase() === 'sending'">Annuler</button>
          </div>
        } @else {
          <h2 id="booking-title" class="dialog__title">{{ manageTitle() }}</h2>
          <p class="dialog__summary">{{ summary(e) }}</p>
          <p>État : <span [class]="'status status--' + e.status">{{ statusWords(e) }}</span></p>
          @if (e.reasonText) {
            <p class="hint">{{ e.reasonText }}</p>
          }
          <form class="form" [formGroup]="form" (ngSubmit)="send()" novalidate>
            @if (canCancel() && canAbsence()) {
              <fieldset class="field radio-group">
                <legend>Que souhaitez-vous faire ?</legend>
                <div class="radio-group__options">
                  <div class="radio">
                    <input id="action-cancel" type="radio" formControlName="action" value="cancel" />
                    <label for="action-cancel">Annuler la réservation</label>
                  </div>
                  <div class="radio">
                    <input id="action-absence" type="radio" formControlName="action" value="absence" />
                    <label for="action-absence">Signaler une absence</label>
                  </div>
                </div>
              </fieldset>
            }
            @if (action() === 'cancel') {
              <div class="field">
                <label for="cancel-reason">Motif de l'annulation <span class="optional">(facultatif)</span></label>
                <textarea id="cancel-reason" rows="2" formControlName="reason" maxlength="300" pfField="cancel-reason-hint"></textarea>
                <p class="hint" id="cancel-reason-hint">300 caractères au plus.</p>
                <pf-field-error for="cancel-reason" [control]="form.controls.reason" />
              </div>
            } @else {
              <fieldset class="field radio-group"
                        [attr.aria-describedby]="showAbsenceError() ? 'absence-reason-error' : 'absence-hint'">
                <legend>Motif de l'absence</legend>
                <div class="radio-group__options">
                  @for (reason of absenceReasons; track reason.value) {
                    <div class="radio">
                      <input [id]="'absence-' + reason.value" type="radio" formControlName="absenceReason" [value]="reason.value" />
                      <label [for]="'absence-' + reason.value">{{ reason.label }}</label>
                    </div>
                  }
                </div>
                <pf-field-error for="absence-reason" [control]="form.controls.absenceReason"
                                [messages]="{ required: 'Choisissez le motif de l’absence.' }" />
              </fieldset>
              @if (form.controls.absenceReason.value === 'illness') {
                <!-- The certificate itself, checked like any document (PDF or photo, 10 Mo at most): the service then checks what it says. -->
                <div class="field">
                  <label for="medical-certificate">Certificat médical <span class="optional">(facultatif)</span></label>
                  <input id="medical-certificate" type="file" accept="application/pdf,image/jpeg,image/png"
                         [attr.aria-invalid]="certificateProblem() ? 'true' : null"
                         [attr.aria-describedby]="certificateProblem() ? 'medical-certificate-error medical-certificate-hint' : 'medical-certificate-hint'"
                         (change)="certificateChosen($event)" />
                  <p class="hint" id="medical-certificate-hint">PDF ou photo (JPEG, PNG), 10 Mo au plus. Vous pouvez photographier le certificat avec votre téléphone.</p>
                  @if (certificateProblem(); as problem) {
                    <p class="field-error" id="medical-certificate-error"><span class="field-error__icon" aria-hidden="true">!</span>{{ problem }}</p>
                  }
                </div>
              }
              <p class="hint" id="absence-hint">
                Une absence pour maladie avec son certificat médical n'est pas facturée (le service vérifie le certificat) ; toute autre absence reste facturée.
              </p>
            }
            @if (submission.error(); as err) {
              <div class="notice notice--error" role="alert"><p>{{ err.message }}</p></div>
            }
            <div class="dialog__actions">
              <button type="submit" class="button button--primary" [disabled]="phase() === 'sending'">
                {{ phase() === 'sending' ? 'Envoi en cours…' : phase() === 'error' ? 'Réessayer' : sendLabel() }}
              </button>
              <button type="button" class="button button--secondary" (click)="close()" [disabled]="phase() === 'sending'">Fermer</button>
            </div>
          </form>
        }
      }
    </pf-dialog>
  `,
})
export class DayActionsComponent {
  private readonly api = inject(PlanningApi);
  private readonly session = inject(SessionStore);
  private readonly injector = inject(Injector);
  private readonly dialog = viewChild.required(DialogComponent);

  readonly childById = input.required<Map<string, { firstName: string }>>();
  readonly activityById = input.required<Map<string, { name: string }>>();
  /** Something was sent: the planning should be reloaded. */
  readonly changed = output<void>();

  readonly entry = signal<PlanningDay | null>(null);
  readonly mode = signal<Mode>('book');
  readonly late = signal(false);
  readonly phase = signal<Phase>('confirm');
  /** The request id and the error of the command sent; the phase still drives the dialog. */
  readonly submission = new Submission();
  readonly result = signal<Result | null>(null);
  readonly absenceReasons = ABSENCE_REASONS;
  readonly latePrice = signal<LatePrice>({ state: 'loading' });
  readonly lateEstimate = computed(() => {
    const p = this.latePrice();
    return p.state === 'ready' ? p.late : null;
  });
  /** « Restaurant scolaire : 3,20 € », « Majoration (réservation tardive) : + 1,00 € », « Total : 4,20 € ». */
  readonly priceLines = computed(() => {
    const p = this.latePrice();
    if (p.state !== 'ready' || p.late.lines.length === 0) return null;
    const late = p.late.totalCents;
    const usual = p.usual && p.usual.lines.length === 1 && p.usual.missing.length === 0 ? p.usual : null;
    if (!usual || usual.totalCents > late) return [...p.late.lines.map((l) => ({ label: priceLineText(l), amount: formatCents(l.amountCents) })), { label: 'Total', amount: formatCents(late) }];
    return [
      { label: `Prix habituel (${usual.lines[0]!.activityName ?? 'activité'})`, amount: formatCents(usual.totalCents) },
      { label: 'Majoration (réservation tardive)', amount: `+ ${formatCents(late - usual.totalCents)}` },
      { label: 'Total', amount: formatCents(late) },
    ];
  });

  readonly form = inject(NonNullableFormBuilder).group({
    action: ['cancel' as 'cancel' | 'absence'],
    reason: ['', Validators.maxLength(300)],
    absenceReason: ['' as AbsenceReason | ''],
  });
  /** The medical certificate chosen for an illness, and what is wrong with it (checked again by the server). */
  readonly certificateFile = signal<File | null>(null);
  readonly certificateProblem = signal<string | null>(null);
  readonly action = toSignal(this.form.controls.action.valueChanges, { initialValue: this.form.controls.action.value });

  readonly canCancel = computed(() => this.entry()?.actions.includes('cancel') ?? false);
  readonly canAbsence = computed(() => this.entry()?.actions.includes('declare_absence') ?? false);
  readonly manageTitle = computed(() => {
    const e = this.entry();
    if (!e) return '';
    if (e.status === 'requested' || e.status === 'waitlisted') return 'Annuler la demande ?';
    if (this.canCancel() && this.canAbsence()) return 'Annuler ou signaler une absence';
    return this.canCancel() ? 'Annuler la réservation ?' : 'Signaler une absence';
  });
  readonly sendLabel = computed(() => (this.action() === 'cancel' ? 'Confirmer l’annulation' : 'Signaler l’absence'));

  showAbsenceError(): boolean {
    const c = this.form.controls.absenceReason;
    return c.invalid && c.touched;
  }

  statusWords(e: PlanningDay): string {
    return e.statusLabel || DAY_STATUS_LABELS[e.status];
  }

  summary(e: PlanningDay): string {
    const activity = this.activityById().get(e.activityId)?.name ?? 'Activité';
    const child = this.childById().get(e.childId)?.firstName ?? '';
    return `${activity} pour ${child}, le ${formatLongDay(e.day)}.`;
  }

  openBooking(entry: PlanningDay, late: boolean): void {
    this.start(entry, 'book');
    this.late.set(late);
    if (late) this.loadLatePrice(entry);
  }

  /** What the late day will cost: priced as the monthly invoice will, with and without the late booking. */
  private loadLatePrice(entry: PlanningDay): void {
    const familyId = this.session.user()?.familyId;
    if (!familyId || !entry.lateBooking) {
      this.latePrice.set({ state: 'failed' });
      return;
    }
    this.latePrice.set({ state: 'loading' });
    const day = { activityId: entry.activityId, day: entry.day };
    forkJoin({
      usual: this.api.estimate(familyId, entry.childId, [day]).pipe(catchError(() => of(null))),
      late: this.api.estimate(familyId, entry.childId, [{ ...day, lateActivityId: entry.lateBooking.activityId }]),
    }).subscribe({
      next: ({ usual, late }) => {
        if (this.entry() === entry) this.latePrice.set({ state: 'ready', usual, late });
      },
      error: () => {
        if (this.entry() === entry) this.latePrice.set({ state: 'failed' });
      },
    });
  }

  openManage(entry: PlanningDay): void {
    this.start(entry, 'manage');
    this.form.reset({ action: entry.actions.includes('cancel') ? 'cancel' : 'absence', reason: '', absenceReason: '' });
    this.certificateFile.set(null);
    this.certificateProblem.set(null);
  }

  private start(entry: PlanningDay, mode: Mode): void {
    this.entry.set(entry);
    this.mode.set(mode);
    this.late.set(false);
    this.phase.set('confirm');
    this.submission.clear();
    this.result.set(null);
    this.submission.renewRequestId();
    // The content is rendered from `entry`: open the dialog once it is on screen, with focus on
    // « Oui, réserver » when booking (its first control otherwise).
    afterNextRender(() => this.dialog().open(mode === 'book' ? '#booking-confirm' : undefined), { injector: this.injector });
  }

  certificateChosen(event: Event): void {
    const file = (event.target as HTMLInputElement).files?.[0] ?? null;
    this.certificateFile.set(file);
    this.certificateProblem.set(file ? fileProblem(file) : null);
    // Another file is another declaration.
    this.submission.renewRequestId();
  }

  confirmBooking(): void {
    const e = this.entry();
    if (!e || this.phase() === 'sending') return;
    this.run(
      this.api.book({ requestId: this.submission.requestId, childId: e.childId, activityId: e.activityId, day: e.day, ...(this.late() ? { late: true } : {}) }),
      (outcome) => bookingResult(outcome),
    );
  }

  send(): void {
    const e = this.entry();
    if (!e || this.phase() === 'sending') return;
    const value = this.form.getRawValue();
    if (value.action === 'absence') {
      this.form.controls.absenceReason.setValidators(Validators.required);
      this.form.controls.absenceReason.updateValueAndValidity({ emitEvent: false });
    } else {
      this.form.controls.absenceReason.clearValidators();
      this.form.controls.absenceReason.updateValueAndValidity({ emitEvent: false });
    }
    const certificate = value.action === 'absence' && value.absenceReason === 'illness' ? this.certificateFile() : null;
    if (this.form.invalid || (certificate && this.certificateProblem())) {
      this.form.markAllAsTouched();
      afterNextRender(() => this.dialog().focus('[aria-invalid="true"], fieldset input[type="radio"]'), { injector: this.injector });
      return;
    }
    const target = { requestId: this.submission.requestId, childId: e.childId, activityId: e.activityId, day: e.day };
    if (value.action === 'cancel') {
      const reason = value.reason.trim();
      this.run(this.api.cancel({ ...target, ...(reason ? { reason } : {}) }), (o) => cancellationResult(o, e));
    } else {
      const reason = value.absenceReason as AbsenceReason;
      this.run(
        certificate ? this.api.declareAbsenceWithCertificate(target, certificate) : this.api.declareAbsence({ ...target, reason, medicalCertificate: false }),
        (o) => absenceResult(o),
      );
    }
  }

  private run<T>(call: Observable<T>, toResult: (outcome: T) => Result): void {
    this.phase.set('sending');
    // Rejected for good, the submission makes a new request id; otherwise the retry sends the same one.
    this.submission.send(
      call,
      (outcome) => {
        this.result.set(toResult(outcome));
        this.phase.set('done');
        afterNextRender(() => this.dialog().focus('#booking-close'), { injector: this.injector });
        this.changed.emit();
      },
      { failed: () => this.phase.set('error') },
    );
  }

  close(): void {
    if (this.phase() === 'sending') return;
    const day = this.entry()?.day;
    this.dialog().close(() => (day ? document.getElementById(`day-${day}`) : null));
    this.entry.set(null);
  }
}

export function bookingResult(o: ReservationOutcome): Result {
  switch (o.status) {
    case 'accepted':
      return { title: 'Réservation acceptée', tone: 'success', text: 'Votre réservation est acceptée. Elle apparaît dans votre planning et dans vos demandes.' };
    case 'refused':
      return { title: 'Réservation refusée', tone: 'error', text: `Votre demande de réservation est refusée : ${o.reasonText ?? 'aucun motif précisé.'}` };
    case 'pending':
      return { title: 'Demande envoyée', tone: 'info', text: 'Votre demande de réservation est transmise au service, qui va l’étudier. Vous serez prévenu de sa décision.' };
    default:
      return {
        title: "Inscription en liste d'attente",
        tone: 'warning',
        text:
          `Ce jour est complet : votre demande est inscrite sur liste d'attente${o.rank ? ` (rang ${o.rank})` : ''}. Vous serez prévenu si une place se libère.` +
          (o.reasonText ? ` ${o.reasonText}` : ''),
      };
  }
}

function cancellationResult(o: DayRequestOutcome, e: PlanningDay): Result {
  const what = e.status === 'requested' || e.status === 'waitlisted' ? 'demande' : 'réservation';
  switch (o.status) {
    case 'accepted':
      return { title: what === 'demande' ? 'Demande annulée' : 'Réservation annulée', tone: 'success', text: `Votre ${what} est annulée.` };
    case 'refused':
      return { title: 'Annulation refusée', tone: 'error', text: `L'annulation est refusée : ${o.reasonText ?? 'aucun motif précisé.'}` };
    default:
      return { title: "Demande d'annulation envoyée", tone: 'info', text: "Le service va étudier votre demande d'annulation. Vous serez prévenu de sa décision." };
  }
}

function absenceResult(o: DayRequestOutcome): Result {
  if (o.status === 'refused') return { title: 'Absence refusée', tone: 'error', text: `L'absence n'a pas pu être enregistrée : ${o.reasonText ?? 'aucun motif précisé.'}` };
  return {
    title: 'Absence enregistrée',
    tone: 'success',
    text: o.certificate
      ? "L'absence est enregistrée avec son certificat médical : ce jour ne sera pas facturé. Le service vérifie le certificat ; s'il le refuse, vous en serez prévenu et le jour sera facturé."
      : o.justified
        ? "L'absence est enregistrée comme justifiée : ce jour ne sera pas facturé."
        : "L'absence est enregistrée. Sans certificat médical, ce jour reste facturé.",
  };
}
