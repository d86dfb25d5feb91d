import { Component, ElementRef, Injector, afterNextRender, inject, signal } from '@angular/core';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { RouterLink } from '@angular/router';
import { Civility } from '../../auth/auth.models';
import { frenchBirthDate } from '../../shared/date-validators';
import { FieldDirective, FieldErrorComponent, focusFirstInvalid, focusOnFieldProblems, shouldShowError } from '../../shared/form-field';
import { familyLabel } from '../../shared/family-name';
import { parseFrenchDate } from '../../shared/french-format';
import { Submission } from '../../shared/submission';
import { FamiliesApi, OpenedFamilyFile } from './families.api';

@Component({
  selector: 'pf-open-family-page',
  imports: [ReactiveFormsModule, RouterLink, FieldDirective, FieldErrorComponent],
  template: `
    <p class="no-print"><a routerLink="/gestion/familles"><span aria-hidden="true">‹</span> Toutes les familles</a></p>

    @if (opened(); as o) {
      <h1 tabindex="-1" id="opened-title">Dossier famille ouvert</h1>
      <section class="card" aria-labelledby="opened-title">
        <p>Le dossier de la <strong>{{ familyLabel(o.name) }}</strong> est ouvert.</p>
        <p>
          <label class="subscriber-code-label" for="subscriber-code">Code abonné</label>
          <output id="subscriber-code" class="subscriber-code">{{ o.subscriberCode }}</output>
        </p>
        <p>
          Remettez ce code à la famille (courrier ou accueil) : il lui permet de créer son compte sur le portail
          et de le relier à ce dossier.
        </p>
        @if (o.children.length) {
          <p>Enfant{{ o.children.length > 1 ? 's' : '' }} : {{ childNames(o) }}.</p>
        }
        <div class="button-row no-print">
          <button type="button" class="button button--secondary" (click)="print()">Imprimer</button>
          <button type="button" class="button button--secondary" (click)="reset()">Ouvrir un autre dossier</button>
          <a class="button button--primary" routerLink="/gestion/familles">Retour à la liste des familles</a>
        </div>
      </section>
    } @else {
      <h1 tabindex="-1">Ouvrir un dossier famille</h1>
      <p class="lead">Le portail génère un code abonné à remettre à la famille.</p>
      <p class="hint">Les champs sont obligatoires, sauf mention « facultatif ».</p>

      <form class="card form" [formGroup]="form" (ngSubmit)="submit()" novalidate>
        @if (submission.error(); as e) {
          <div class="notice notice--error" role="alert">
            <p>{{ e.message }}</p>
            @if (submission.otherProblems().length) {
              <ul>
                @for (problem of submission.otherProblems(); track problem.field + problem.code) {
                  <li>{{ problem.message }}</li>
                }
              </ul>
            }
          </div>
        }

        <fieldset class="form-section" formGroupName="guardian">
          <legend>Responsable légal</legend>
          <fieldset class="field radio-group"
                    [attr.aria-describedby]="showError(form.controls.guardian.controls.civility) ? 'guardian-civility-error' : null">
            <legend>Civilité</legend>
            <div class="radio-group__options">
              <div class="radio">
                <input id="guardian-civility-mme" type="radio" formControlName="civility" value="Mme" />
                <label for="guardian-civility-mme">Madame</label>
              </div>
              <div class="radio">
                <input id="guardian-civility-m" type="radio" formControlName="civility" value="M" />
                <label for="guardian-civility-m">Monsieur</label>
              </div>
            </div>
            <pf-field-error for="guardian-civility" [control]="form.controls.guardian.controls.civility"
                            [messages]="{ required: 'Choisissez une civilité.' }" />
          </fieldset>
          <div class="field-row">
            <div class="field">
              <label for="guardian-lastName">Nom</label>
              <input id="guardian-lastName" type="text" formControlName="lastName" autocomplete="off"
                     (blur)="copyFamilyName()" pfField />
              <pf-field-error for="guardian-lastName" [control]="form.controls.guardian.controls.lastName"
                              [messages]="{ required: 'Saisissez le nom du responsable.' }" />
            </div>
            <div class="field">
              <label for="guardian-firstName">Prénom</label>
              <input id="guardian-firstName" type="text" formControlName="firstName" autocomplete="off" pfField />
              <pf-field-error for="guardian-firstName" [control]="form.controls.guardian.controls.firstName"
                              [messages]="{ required: 'Saisissez le prénom du responsable.' }" />
            </div>
          </div>
          <div class="field">
            <label for="guardian-email">Adresse e-mail</label>
            <input id="guardian-email" type="email" formControlName="email" autocomplete="off" spellcheck="false" pfField />
            <pf-field-error for="guardian-email" [control]="form.controls.guardian.controls.email"
                            [messages]="{ required: 'Saisissez l’adresse e-mail du responsable.' }" />
          </div>
        </fieldset>

        <fieldset class="form-section" formArrayName="children">
          <legend>Enfants</legend>
          @for (child of form.controls.children.controls; track child; let i = $index) {
            <fieldset class="child-fields" [formGroupName]="i">
              <legend>Enfant {{ i + 1 }}</legend>
              <div class="field-row">
                <div class="field">
                  <label [for]="'child-' + i + '-firstName'">Prénom</label>
                  <input [id]="'child-' + i + '-firstName'" type="text" formControlName="firstName" autocomplete="off" pfField />
                  <pf-field-error [for]="'child-' + i + '-firstName'" [control]="child.controls.firstName"
                                  [messages]="{ required: 'Saisissez le prénom de l’enfant.' }" />
                </div>
                <div class="field">
                  <label [for]="'child-' + i + '-lastName'">Nom</label>
                  <input [id]="'child-' + i + '-lastName'" type="text" formControlName="lastName" autocomplete="off" pfField />
                  <pf-field-error [for]="'child-' + i + '-lastName'" [control]="child.controls.lastName"
                                  [messages]="{ required: 'Saisissez le nom de l’enfant.' }" />
                </div>
              </div>
              <div class="field-row">
                <div class="field">
                  <label [for]="'child-' + i + '-birthDate'">Date de naissance</label>
                  <p class="hint" [id]="'child-' + i + '-birthDate-hint'">Format : jj/mm/aaaa, par exemple 14/03/2019.</p>
                  <input [id]="'child-' + i + '-birthDate'" type="text" class="input--date" formControlName="birthDate"
                         inputmode="numeric" autocomplete="off" [pfField]="'child-' + i + '-birthDate-hint'" />
                  <pf-field-error [for]="'child-' + i + '-birthDate'" [control]="child.controls.birthDate"
                                  [messages]="{ required: 'Saisissez la date de naissance.' }" />
                </div>
                <div class="field">
                  <label [for]="'child-' + i + '-schoolClass'">Classe <span class="optional">(facultatif)</span></label>
                  <p class="hint" [id]="'child-' + i + '-schoolClass-hint'">Par exemple : CP, MS, CE2.</p>
                  <input [id]="'child-' + i + '-schoolClass'" type="text" formControlName="schoolClass" autocomplete="off"
                         [pfField]="'child-' + i + '-schoolClass-hint'" />
                  <pf-field-error [for]="'child-' + i + '-schoolClass'" [control]="child.controls.schoolClass" />
                </div>
              </div>
              @if (form.controls.children.length > 1) {
                <button type="button" class="button button--quiet" (click)="removeChild(i)">
                  Retirer l'enfant {{ i + 1 }}<span class="visually-hidden">{{ child.controls.firstName.value ? ' (' + child.controls.firstName.value + ')' : '' }}</span>
                </button>
              }
            </fieldset>
          }
          <button type="button" class="button button--secondary" (click)="addChild()">Ajouter un enfant</button>
        </fieldset>

        <button type="submit" class="button button--primary button--block" [disabled]="submission.sending()">
          {{ submission.sending() ? 'Ouverture en cours…' : 'Ouvrir le dossier' }}
        </button>
      </form>
    }
  `,
})
export class OpenFamilyPage {
  private readonly api = inject(FamiliesApi);
  private readonly fb = inject(NonNullableFormBuilder);
  private readonly host = inject<ElementRef<HTMLElement>>(ElementRef);
  private readonly injector = inject(Injector);

  readonly showError = shouldShowError;
  readonly familyLabel = familyLabel;
  readonly form = this.fb.group({
    guardian: this.fb.group({
      civility: this.fb.control<Civility | ''>('', Validators.required),
      lastName: ['', [Validators.required, Validators.maxLength(80)]],
      firstName: ['', [Validators.required, Validators.maxLength(80)]],
      email: ['', [Validators.required, Validators.email, Validators.maxLength(254)]],
    }),
    children: this.fb.array([this.childGroup()]),
  });
  readonly submission = new Submission({ form: this.form });
  readonly opened = signal<OpenedFamilyFile | null>(null);

  private childGroup(lastName = '') {
    return this.fb.group({
      firstName: ['', [Validators.required, Validators.maxLength(80)]],
      lastName: [lastName, [Validators.required, Validators.maxLength(80)]],
      birthDate: ['', [Validators.required, frenchBirthDate()]],
      schoolClass: ['', Validators.maxLength(40)],
    });
  }

  /** Children usually bear the family name: fill it in where it is still empty. */
  copyFamilyName(): void {
    const name = this.form.controls.guardian.controls.lastName.value.trim();
    if (!name) return;
    for (const child of this.form.controls.children.controls) {
      if (!child.controls.lastName.value) child.controls.lastName.setValue(name);
    }
  }

  addChild(): void {
    this.form.controls.children.push(this.childGroup(this.form.controls.guardian.controls.lastName.value.trim()));
    const index = this.form.controls.children.length - 1;
    afterNextRender(() => document.getElementById(`child-${index}-firstName`)?.focus(), { injector: this.injector });
  }

  removeChild(index: number): void {
    this.form.controls.children.removeAt(index);
    afterNextRender(() => document.getElementById(`child-${Math.max(0, index - 1)}-firstName`)?.focus(), {
      injector: this.injector,
    });
  }

  childNames(o: OpenedFamilyFile): string {
    return o.children.map((c) => c.firstName).join(', ');
  }

  print(): void {
    window.print();
  }

  reset(): void {
    this.form.reset();
    while (this.form.controls.children.length > 1) this.form.controls.children.removeAt(1);
    this.opened.set(null);
    this.submission.clear();
    this.submission.renewRequestId();
    this.focusHeading();
  }

  submit(): void {
    this.submission.clear();
    if (this.form.invalid) {
      this.form.markAllAsTouched();
      focusFirstInvalid(this.host.nativeElement, this.injector);
      return;
    }
    const { guardian, children } = this.form.getRawValue();
    const open = this.api
      .open({
        requestId: this.submission.requestId,
        guardian: {
          civility: guardian.civility as Civility,
          lastName: guardian.lastName.trim(),
          firstName: guardian.firstName.trim(),
          email: guardian.email.trim(),
        },
        children: children.map((c) => ({
          firstName: c.firstName.trim(),
          lastName: c.lastName.trim(),
          birthDate: parseFrenchDate(c.birthDate) ?? c.birthDate,
          ...(c.schoolClass.trim() ? { schoolClass: c.schoolClass.trim() } : {}),
        })),
      });
    this.submission.send(
      open,
      (opened) => {
        this.opened.set(opened);
        this.focusHeading();
      },
      // A field the service finds wrong gets the focus.
      { failed: focusOnFieldProblems(this.host.nativeElement, this.injector) },
    );
  }

  private focusHeading(): void {
    afterNextRender(() => this.host.nativeElement.querySelector<HTMLElement>('h1')?.focus(), { injector: this.injector });
  }
}
