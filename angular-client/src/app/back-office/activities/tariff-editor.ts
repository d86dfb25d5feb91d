import { Component, ElementRef, Injector, OnInit, afterNextRender, inject, input, output } from '@angular/core';
import { HttpClient } from '@angular/common/http';
import { NonNullableFormBuilder, ReactiveFormsModule } from '@angular/forms';
import { FieldDirective, FieldErrorComponent, focusFirstInvalid } from '../../shared/form-field';
import { formatDate } from '../../shared/french-format';
import { Submission } from '../../shared/submission';
import { StaffActivity } from '../back-office.api';
import { Tariff, TariffForm, missingForMode, newBracket, tariffBody, tariffForm } from './tariffs';

/** The form's path of a tariff field the API names (pricing.brackets[i].unitPriceCents is brackets.i.price). */
function bracketField(field: string): string {
  return field.replace(/^pricing\.brackets\[(\d+)\]\.unitPriceCents$/, 'brackets.$1.price').replace(/^pricing\.brackets\[(\d+)\]\.fromQuotient$/, 'brackets.$1.fromQuotient');
}

/** The tariff of one activity over one period: QF brackets, an effort rate, or (late booking) a surcharge. */
@Component({
  selector: 'pf-tariff-editor',
  imports: [ReactiveFormsModule, FieldDirective, FieldErrorComponent],
  template: `
    <section class="card" aria-labelledby="tariff-title">
      <h2 id="tariff-title" tabindex="-1">Tarif : {{ activity().name }} — {{ period().label }}</h2>
      <p class="hint">Du {{ date(period().from) }} au {{ date(period().to) }}. Montants en euros par jour.</p>
      <form class="form" [formGroup]="form" (ngSubmit)="save()" novalidate>
        @if (submission.error(); as e) {
          <div class="notice notice--error" role="alert"><p>{{ e.message }}</p>@for (d of e.details; track $index) {<p>{{ d.message }}</p>}</div>
        }
        <fieldset class="field radio-group">
          <legend>Mode de tarification</legend>
          <div class="radio-group__options">
            @if (!late()) {
              <div class="radio"><input id="t-brackets" type="radio" formControlName="kind" value="brackets" /><label for="t-brackets">Tranches de quotient familial</label></div>
              <div class="radio"><input id="t-rate" type="radio" formControlName="kind" value="effort_rate" /><label for="t-rate">Taux d'effort</label></div>
            } @else {
              <div class="radio"><input id="t-surcharge" type="radio" formControlName="kind" value="surcharge" /><label for="t-surcharge">Majoration du prix du jour</label></div>
            }
          </div>
        </fieldset>

        @switch (form.controls.kind.value) {
          @case ('brackets') {
            <fieldset class="form-section" formArrayName="brackets">
              <legend>Tranches (la première commence à 0)</legend>
              @for (b of form.controls.brackets.controls; track b; let i = $index) {
                <div class="field-row" [formGroupName]="i">
                  <div class="field">
                    <label [for]="'b-' + i + '-from'">Tranche {{ i + 1 }} : à partir d'un QF de</label>
                    <input [id]="'b-' + i + '-from'" type="text" inputmode="numeric" formControlName="fromQuotient" pfField />
                    <pf-field-error [for]="'b-' + i + '-from'" [control]="b.controls.fromQuotient" [messages]="{ required: 'Indiquez le quotient.', pattern: 'Un quotient entier.' }" />
                  </div>
                  <div class="field">
                    <label [for]="'b-' + i + '-price'">Prix par jour, tranche {{ i + 1 }} (€)</label>
                    <input [id]="'b-' + i + '-price'" type="text" inputmode="decimal" formControlName="price" pfField />
                    <pf-field-error [for]="'b-' + i + '-price'" [control]="b.controls.price" [messages]="{ required: 'Indiquez le prix.', pattern: 'Un montant en euros, par exemple 3,20.' }" />
                  </div>
                  @if (form.controls.brackets.length > 1) {
                    <div><button type="button" class="button button--quiet" (click)="form.controls.brackets.removeAt(i)">Retirer la tranche {{ i + 1 }}</button></div>
                  }
                </div>
              }
              <button type="button" class="button button--secondary" (click)="addBracket()">Ajouter une tranche</button>
            </fieldset>
          }
          @case ('effort_rate') {
            <div class="field-row">
              <div class="field">
                <label for="t-rate-percent">Taux d'effort (% du QF)</label>
                <input id="t-rate-percent" type="text" inputmode="decimal" formControlName="ratePercent" pfField />
                <pf-field-error for="t-rate-percent" [control]="form.controls.ratePercent" [messages]="{ required: 'Indiquez le taux.', pattern: 'Un pourcentage, par exemple 0,45.' }" />
              </div>
              <div class="field">
                <label for="t-floor">Prix plancher (€)</label>
                <input id="t-floor" type="text" inputmode="decimal" formControlName="floor" pfField />
                <pf-field-error for="t-floor" [control]="form.controls.floor" [messages]="{ required: 'Indiquez le plancher.', pattern: 'Un montant en euros.' }" />
              </div>
              <div class="field">
                <label for="t-ceiling">Prix plafond (€)</label>
                <input id="t-ceiling" type="text" inputmode="decimal" formControlName="ceiling" pfField />
                <pf-field-error for="t-ceiling" [control]="form.controls.ceiling" [messages]="{ required: 'Indiquez le plafond.', pattern: 'Un montant en euros.' }" />
              </div>
            </div>
          }
          @case ('surcharge') {
            <div class="field-row">
              <div class="field">
                <label for="t-surcharge-kind">Majoration</label>
                <select id="t-surcharge-kind" formControlName="surchargeKind">
                  <option value="percent">En pourcentage du prix du jour</option>
                  <option value="amount">En montant fixe (€)</option>
                </select>
              </div>
              <div class="field">
                <label for="t-surcharge-value">{{ form.controls.surchargeKind.value === 'percent' ? 'Pourcentage' : 'Montant (€)' }}</label>
                <input id="t-surcharge-value" type="text" inputmode="decimal" formControlName="surchargeValue" pfField />
                <pf-field-error for="t-surcharge-value" [control]="form.controls.surchargeValue" [messages]="{ required: 'Indiquez la majoration.', pattern: 'Un nombre, par exemple 25 ou 1,50.' }" />
              </div>
            </div>
          }
        }
        @if (form.controls.kind.value !== 'surcharge') {
          <div class="field-row">
            <div class="field">
              <label for="t-unexpected">Présence sans réservation</label>
              <select id="t-unexpected" formControlName="unexpected">
                <option value="usual">Prix habituel</option>
                <option value="price">Prix fixe</option>
              </select>
            </div>
            @if (form.controls.unexpected.value === 'price') {
              <div class="field">
                <label for="t-unexpected-price">Prix d'une présence non réservée (€)</label>
                <input id="t-unexpected-price" type="text" inputmode="decimal" formControlName="unexpectedPrice" pfField />
                <pf-field-error for="t-unexpected-price" [control]="form.controls.unexpectedPrice" [messages]="{ required: 'Indiquez le prix.', pattern: 'Un montant en euros.' }" />
              </div>
            }
          </div>
        }
        <div class="button-row">
          <button type="submit" class="button button--primary" [disabled]="submission.sending()">{{ submission.sending() ? 'Enregistrement…' : 'Enregistrer le tarif' }}</button>
          <button type="button" class="button button--secondary" (click)="closed.emit()">Annuler</button>
        </div>
      </form>
    </section>
  `,
})
export class TariffEditorComponent implements OnInit {
  private readonly http = inject(HttpClient);
  private readonly fb = inject(NonNullableFormBuilder);
  private readonly host = inject<ElementRef<HTMLElement>>(ElementRef);
  private readonly injector = inject(Injector);
  readonly activity = input.required<StaffActivity>();
  readonly period = input.required<StaffActivity['periods'][number]>();
  readonly tariff = input<Tariff | undefined>(undefined);
  readonly saved = output<string>();
  readonly closed = output<void>();
  readonly date = formatDate;
  readonly late = () => this.activity().lateBookingOf !== null;
  form!: TariffForm;
  submission!: Submission;

  ngOnInit(): void {
    this.form = tariffForm(this.fb, this.tariff(), this.late());
    // The API's pricing.brackets[i].* fields are the form's brackets.i.* ones.
    this.submission = new Submission({ form: this.form, fieldPath: bracketField });
    afterNextRender(() => this.host.nativeElement.querySelector<HTMLElement>('#tariff-title')?.focus(), { injector: this.injector });
  }

  addBracket(): void {
    this.form.controls.brackets.push(newBracket(this.fb));
    const i = this.form.controls.brackets.length - 1;
    afterNextRender(() => document.getElementById(`b-${i}-from`)?.focus(), { injector: this.injector });
  }

  save(): void {
    this.submission.clear();
    for (const field of missingForMode(this.form)) {
      const control = this.form.get(field)!;
      control.setErrors({ ...(control.errors ?? {}), required: true });
    }
    const kind = this.form.controls.kind.value;
    const relevant = kind === 'brackets' ? this.form.controls.brackets.invalid : false;
    const others = ['ratePercent', 'floor', 'ceiling', 'surchargeValue', 'unexpectedPrice'].some((f) => this.form.get(f)!.invalid);
    if (relevant || others) {
      this.form.markAllAsTouched();
      focusFirstInvalid(this.host.nativeElement, this.injector);
      return;
    }
    this.submission.send(this.http.post('/api/billing/tariffs', tariffBody(this.form, this.activity().activityId, this.period().periodId, this.submission.requestId)), () =>
      this.saved.emit(`Tarif de « ${this.activity().name} » (${this.period().label}) enregistré.`),
    );
  }
}
