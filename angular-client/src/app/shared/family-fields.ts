import { NgTemplateOutlet } from '@angular/common';
import { Component, input, output } from '@angular/core';
import { FormControl, FormGroup, NonNullableFormBuilder, ReactiveFormsModule, ValidatorFn, Validators } from '@angular/forms';
import { Civility } from '../auth/auth.models';
import { frenchBirthDate } from './date-validators';
import { FieldDirective, FieldErrorComponent, shouldShowError } from './form-field';

/*
 * The guardian and children fields a family file is opened with, by the family itself
 * (pre-registration) or by the service (« Ouvrir un dossier famille »): the same API shapes
 * (GuardianDto, ChildDto in libs/families/family.dto.ts), so the same limits and the same fields.
 */

/** Who a guardian is: civility, names, e-mail (the API's limits). */
export function guardianIdentityControls(fb: NonNullableFormBuilder) {
  return {
    civility: fb.control<Civility | ''>('', Validators.required),
    lastName: fb.control('', [Validators.required, Validators.maxLength(80)]),
    firstName: fb.control('', [Validators.required, Validators.maxLength(80)]),
    email: fb.control('', [Validators.required, Validators.email, Validators.maxLength(254)]),
  };
}
/** Any group holding those controls (the pre-registration's has phones and an address too). */
export type GuardianIdentityGroup = FormGroup & { controls: ReturnType<typeof guardianIdentityControls> };

/** A child: names, birth date (jj/mm/aaaa, plus any rule of the caller's), class. */
export function childControls(fb: NonNullableFormBuilder, lastName = '', birthDateRules: ValidatorFn[] = []) {
  return {
    firstName: fb.control('', [Validators.required, Validators.maxLength(80)]),
    lastName: fb.control(lastName, [Validators.required, Validators.maxLength(80)]),
    birthDate: fb.control('', [Validators.required, frenchBirthDate(), ...birthDateRules]),
    schoolClass: fb.control('', Validators.maxLength(40)),
  };
}
export type ChildFieldsGroup = FormGroup & { controls: ReturnType<typeof childControls> & { sex?: FormControl<'' | 'F' | 'M'> } };

/**
 * Civility, names and e-mail of a guardian. `self`: the person types their own details (the
 * browser may fill them in); `ofWhom` completes the messages (« Saisissez le nom du responsable. »).
 */
@Component({
  selector: 'pf-guardian-identity-fields',
  imports: [ReactiveFormsModule, FieldDirective, FieldErrorComponent],
  styles: ':host { display: block; }',
  template: `
    <div [formGroup]="group()">
      <fieldset class="field radio-group" [attr.aria-describedby]="showError(group().controls.civility) ? id('civility-error') : null">
        <legend>Civilité</legend>
        <div class="radio-group__options">
          <div class="radio">
            <input [id]="id('civility-mme')" type="radio" formControlName="civility" value="Mme" />
            <label [for]="id('civility-mme')">Madame</label>
          </div>
          <div class="radio">
            <input [id]="id('civility-m')" type="radio" formControlName="civility" value="M" />
            <label [for]="id('civility-m')">Monsieur</label>
          </div>
        </div>
        <pf-field-error [for]="id('civility')" [control]="group().controls.civility" [messages]="{ required: 'Choisissez une civilité.' }" />
      </fieldset>
      <div class="field-row">
        <div class="field">
          <label [for]="id('lastName')">Nom</label>
          <input [id]="id('lastName')" type="text" formControlName="lastName" [attr.autocomplete]="self() ? 'family-name' : 'off'"
                 (blur)="lastNameLeft.emit()" pfField />
          <pf-field-error [for]="id('lastName')" [control]="group().controls.lastName" [messages]="{ required: 'Saisissez le nom' + ofWhom() + '.' }" />
        </div>
        <div class="field">
          <label [for]="id('firstName')">Prénom</label>
          <input [id]="id('firstName')" type="text" formControlName="firstName" [attr.autocomplete]="self() ? 'given-name' : 'off'" pfField />
          <pf-field-error [for]="id('firstName')" [control]="group().controls.firstName" [messages]="{ required: 'Saisissez le prénom' + ofWhom() + '.' }" />
        </div>
      </div>
      <div class="field">
        <label [for]="id('email')">Adresse e-mail</label>
        <input [id]="id('email')" type="email" formControlName="email" inputmode="email" spellcheck="false"
               [attr.autocomplete]="self() ? 'email' : 'off'" pfField />
        <pf-field-error [for]="id('email')" [control]="group().controls.email" [messages]="{ required: 'Saisissez l’adresse e-mail' + ofWhom() + '.' }" />
      </div>
    </div>
  `,
})
export class GuardianIdentityFieldsComponent {
  readonly group = input.required<GuardianIdentityGroup>();
  /** Ids of the fields: `<prefix>-lastName`… */
  readonly idPrefix = input.required<string>();
  readonly self = input(false);
  readonly ofWhom = input('');
  /** The name was typed: the page may give it to the children still without one. */
  readonly lastNameLeft = output<void>();
  readonly showError = shouldShowError;

  id(field: string): string {
    return `${this.idPrefix()}-${field}`;
  }
}

/** One child's fields, ids `child-<index>-…`; the sex only when the form asks for it. */
@Component({
  selector: 'pf-child-fields',
  imports: [ReactiveFormsModule, NgTemplateOutlet, FieldDirective, FieldErrorComponent],
  styles: ':host { display: block; }',
  template: `
    <fieldset class="child-fields" [formGroup]="group()">
      <legend>Enfant {{ index() + 1 }}</legend>
      <div class="field-row">
        <div class="field">
          <label [for]="id('firstName')">Prénom</label>
          <input [id]="id('firstName')" type="text" formControlName="firstName" autocomplete="off" pfField />
          <pf-field-error [for]="id('firstName')" [control]="group().controls.firstName" [messages]="{ required: 'Saisissez le prénom de l’enfant.' }" />
        </div>
        <div class="field">
          <label [for]="id('lastName')">Nom</label>
          <input [id]="id('lastName')" type="text" formControlName="lastName" autocomplete="off" pfField />
          <pf-field-error [for]="id('lastName')" [control]="group().controls.lastName" [messages]="{ required: 'Saisissez le nom de l’enfant.' }" />
        </div>
      </div>
      <div class="field-row">
        <div class="field">
          <label [for]="id('birthDate')">Date de naissance</label>
          <p class="hint" [id]="id('birthDate-hint')">Format : jj/mm/aaaa, par exemple 14/03/2019.</p>
          <input [id]="id('birthDate')" type="text" class="input--date" formControlName="birthDate"
                 inputmode="numeric" autocomplete="off" [pfField]="id('birthDate-hint')" />
          <pf-field-error [for]="id('birthDate')" [control]="group().controls.birthDate" [messages]="{ required: 'Saisissez la date de naissance.' }" />
        </div>
        @if (group().controls.sex) {
          <div class="field">
            <label [for]="id('sex')">Sexe <span class="optional">(facultatif)</span></label>
            <select [id]="id('sex')" formControlName="sex" pfField>
              <option value="">Non précisé</option>
              <option value="F">Fille</option>
              <option value="M">Garçon</option>
            </select>
          </div>
        } @else {
          <ng-container *ngTemplateOutlet="schoolClass" />
        }
      </div>
      @if (group().controls.sex) {
        <ng-container *ngTemplateOutlet="schoolClass" />
      }
      <ng-template #schoolClass>
        <div class="field">
          <label [for]="id('schoolClass')">{{ schoolClassLabel() }} <span class="optional">(facultatif)</span></label>
          <p class="hint" [id]="id('schoolClass-hint')">{{ schoolClassHint() }}</p>
          <input [id]="id('schoolClass')" type="text" formControlName="schoolClass" autocomplete="off" [pfField]="id('schoolClass-hint')" />
          <pf-field-error [for]="id('schoolClass')" [control]="group().controls.schoolClass" />
        </div>
      </ng-template>
      @if (removable()) {
        <button type="button" class="button button--quiet" (click)="remove.emit()">
          Retirer l'enfant {{ index() + 1 }}<span class="visually-hidden">{{ group().controls.firstName.value ? ' (' + group().controls.firstName.value + ')' : '' }}</span>
        </button>
      }
    </fieldset>
  `,
})
export class ChildFieldsComponent {
  readonly group = input.required<ChildFieldsGroup>();
  readonly index = input.required<number>();
  readonly removable = input(false);
  readonly schoolClassLabel = input('Classe');
  readonly schoolClassHint = input('Par exemple : CP, MS, CE2.');
  readonly remove = output<void>();

  id(field: string): string {
    return `child-${this.index()}-${field}`;
  }
}
