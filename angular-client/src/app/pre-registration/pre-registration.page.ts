import { Component, DestroyRef, ElementRef, Injector, afterNextRender, computed, inject, signal } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { FormControl, NonNullableFormBuilder, ReactiveFormsModule } from '@angular/forms';
import { RouterLink } from '@angular/router';
import { EMPTY, Subject, catchError, debounceTime, distinctUntilChanged, switchMap } from 'rxjs';
import { QUALITIES } from '../family/family-labels';
import { ApiError, toApiError } from '../shared/api-error';
import { Drafts } from '../shared/drafts';
import { FieldDirective, FieldErrorComponent, focusFirstInvalid, focusOnFieldProblems, shouldShowError } from '../shared/form-field';
import { LoadErrorComponent, LoadingComponent } from '../shared/load-state';
import { newRequestId } from '../shared/request-id';
import { Submission } from '../shared/submission';
import { CommunePage, PreRegistrationApi, PublicCommune } from './pre-registration.api';
import {
  MAX_CHILDREN,
  MAX_GUARDIANS,
  MAX_MESSAGE,
  PHONE_MESSAGE,
  POSTCODE_MESSAGE,
  PreRegistrationDraft,
  applySameAddress,
  childGroup,
  guardianGroup,
  preRegistrationForm,
  preRegistrationRequest,
  sizeLike,
} from './pre-registration.form';

const DRAFT = 'pre-inscription';
const REQUEST_ID = 'pre-inscription:requete';
/** Communes per page of the list; beyond one page, a search field helps find one's own. */
export const COMMUNES_PAGE = 50;

/**
 * A family without a code abonné presents itself to its commune's childhood service: guardians,
 * address, children. Staff then open its file from the request and hand over the code abonné.
 */
@Component({
  selector: 'pf-pre-registration-page',
  imports: [ReactiveFormsModule, RouterLink, FieldDirective, FieldErrorComponent, LoadingComponent, LoadErrorComponent],
  templateUrl: './pre-registration.page.html',
  styles: `
    .field-legend {
      font-weight: 600;
      padding: 0;
      margin-bottom: var(--space-1);
    }
    fieldset.field {
      border: 0;
      padding: 0;
      min-width: 0;
    }
  `,
})
export class PreRegistrationPage {
  private readonly api = inject(PreRegistrationApi);
  private readonly fb = inject(NonNullableFormBuilder);
  private readonly drafts = inject(Drafts);
  private readonly host = inject<ElementRef<HTMLElement>>(ElementRef);
  private readonly injector = inject(Injector);
  private readonly destroyRef = inject(DestroyRef);

  readonly showError = shouldShowError;
  readonly qualities = QUALITIES;
  readonly maxGuardians = MAX_GUARDIANS;
  readonly maxChildren = MAX_CHILDREN;
  readonly maxMessage = MAX_MESSAGE;
  readonly phoneMessage = PHONE_MESSAGE;
  readonly postcodeMessage = POSTCODE_MESSAGE;
  readonly phoneFields = [
    { key: 'mobile', label: 'Portable' },
    { key: 'home', label: 'Domicile' },
    { key: 'work', label: 'Travail' },
  ] as const;

  readonly form = preRegistrationForm(this.fb);
  readonly guardians = this.form.controls.guardians;
  readonly children = this.form.controls.children;

  readonly communesLoading = signal(true);
  readonly communesError = signal<ApiError | null>(null);
  private readonly communeItems = signal<PublicCommune[]>([]);
  private readonly communeTotal = signal(0);
  /** More communes than one page: a search field is offered. */
  readonly searchable = signal(false);
  readonly search = signal('');
  readonly searching = signal(false);
  private readonly selected = signal<PublicCommune | null>(null);
  private readonly searches = new Subject<string>();

  /** The list, with the commune already chosen kept in it while another search is shown. */
  readonly communeOptions = computed(() => {
    const items = this.communeItems();
    const chosen = this.selected();
    return chosen && !items.some((c) => c.communeId === chosen.communeId) ? [chosen, ...items] : items;
  });
  readonly moreCommunes = computed(() => this.communeItems().length < this.communeTotal());
  readonly foundText = computed(() => {
    if (this.searching()) return 'Recherche en cours…';
    const total = this.communeTotal();
    return total === 0 ? 'Aucune commune ne correspond : vérifiez l’orthographe.' : `${total} commune${total > 1 ? 's' : ''} dans la liste.`;
  });

  readonly restored = signal(false);
  readonly sent = signal<{ reference: string; commune: PublicCommune | null } | null>(null);
  /**
   * Kept with the draft across retries and reloads after a network failure (the request may have
   * arrived: sending it again must not file it twice), renewed once the server has answered.
   */
  private readonly requestId = new FormControl(this.drafts.load<string>(REQUEST_ID) ?? newRequestId(), { nonNullable: true });
  readonly submission = new Submission({ form: this.form, requestId: this.requestId });

  constructor() {
    // What was typed survives a lost connection or a reload (this tab only).
    sizeLike(this.fb, this.form, this.drafts.load<PreRegistrationDraft>(DRAFT));
    this.restored.set(this.drafts.keep(DRAFT, this.form, this.destroyRef));
    this.guardians.controls.slice(1).forEach(applySameAddress);
    this.drafts.save(REQUEST_ID, this.requestId.value);
    this.requestId.valueChanges.pipe(takeUntilDestroyed()).subscribe((id) => this.drafts.save(REQUEST_ID, id));

    this.form.controls.communeId.valueChanges.pipe(takeUntilDestroyed()).subscribe((id) => this.selected.set(this.communeOptions().find((c) => c.communeId === id) ?? null));
    this.searches
      .pipe(
        debounceTime(250),
        distinctUntilChanged(),
        switchMap((q) => {
          this.searching.set(true);
          return this.api.communes(q, 0, COMMUNES_PAGE).pipe(
            catchError((e: unknown) => {
              this.searching.set(false);
              this.communesError.set(toApiError(e));
              return EMPTY;
            }),
          );
        }),
        takeUntilDestroyed(),
      )
      .subscribe((page) => this.showCommunes(page, false));
    this.loadCommunes();
  }

  loadCommunes(): void {
    this.communesLoading.set(true);
    this.communesError.set(null);
    this.api.communes('', 0, COMMUNES_PAGE).subscribe({
      next: (page) => {
        this.communesLoading.set(false);
        this.searchable.set(page.total > page.items.length);
        this.showCommunes(page, false);
        // One commune only: it is the family's.
        if (page.total === 1 && !this.form.controls.communeId.value) this.form.controls.communeId.setValue(page.items[0]!.communeId);
        this.selected.set(this.communeOptions().find((c) => c.communeId === this.form.controls.communeId.value) ?? null);
      },
      error: (e: unknown) => {
        this.communesLoading.set(false);
        this.communesError.set(toApiError(e));
      },
    });
  }

  searchFor(text: string): void {
    this.search.set(text);
    this.searches.next(text.trim());
  }

  loadMoreCommunes(): void {
    this.api.communes(this.search(), this.communeItems().length, COMMUNES_PAGE).subscribe({
      next: (page) => this.showCommunes(page, true),
      error: (e: unknown) => this.communesError.set(toApiError(e)),
    });
  }

  private showCommunes(page: CommunePage, append: boolean): void {
    this.searching.set(false);
    this.communeItems.set(append ? [...this.communeItems(), ...page.items] : page.items);
    this.communeTotal.set(page.total);
  }

  /** Children usually bear the family name: fill it in where it is still empty. */
  copyFamilyName(): void {
    const name = this.guardians.at(0).controls.lastName.value.trim();
    if (!name) return;
    for (const child of this.children.controls) {
      if (!child.controls.lastName.value) child.controls.lastName.setValue(name);
    }
  }

  addGuardian(): void {
    if (this.guardians.length >= MAX_GUARDIANS) return;
    this.guardians.push(guardianGroup(this.fb, false));
    this.focusLater(`g${this.guardians.length - 1}-civility-mme`);
  }

  removeGuardian(index: number): void {
    this.guardians.removeAt(index);
    this.focusLater('g0-email');
  }

  addChild(): void {
    if (this.children.length >= MAX_CHILDREN) return;
    this.children.push(childGroup(this.fb, this.guardians.at(0).controls.lastName.value.trim()));
    this.focusLater(`child-${this.children.length - 1}-firstName`);
  }

  removeChild(index: number): void {
    this.children.removeAt(index);
    this.focusLater(`child-${Math.max(0, index - 1)}-firstName`);
  }

  submit(): void {
    this.submission.clear();
    if (this.form.invalid) {
      this.form.markAllAsTouched();
      focusFirstInvalid(this.host.nativeElement, this.injector);
      return;
    }
    const commune = this.communeOptions().find((c) => c.communeId === this.form.controls.communeId.value) ?? null;
    this.submission.send(
      this.api.submit(preRegistrationRequest(this.form, this.submission.requestId)),
      (sent) => {
        this.drafts.clear(DRAFT);
        this.drafts.clear(REQUEST_ID);
        this.sent.set({ reference: sent.preRegistrationId.slice(0, 8).toUpperCase(), commune });
        afterNextRender(() => this.host.nativeElement.querySelector<HTMLElement>('h1')?.focus(), { injector: this.injector });
      },
      // A field the service finds wrong gets the focus.
      { failed: focusOnFieldProblems(this.host.nativeElement, this.injector) },
    );
  }

  private focusLater(id: string): void {
    afterNextRender(() => document.getElementById(id)?.focus(), { injector: this.injector });
  }
}
