import { Component, ElementRef, Injector, afterNextRender, computed, effect, inject, input, output, signal, untracked } from '@angular/core';
import { RouterLink } from '@angular/router';
import { forkJoin, of } from 'rxjs';
import { catchError, map } from 'rxjs/operators';
import { SessionStore } from '../auth/session.store';
import { ApiError, toApiError } from '../shared/api-error';
import { addDays } from '../shared/calendar';
import { formatCents, formatDate, formatLongDay } from '../shared/french-format';
import { Submission } from '../shared/submission';
import { PlanningApi } from './planning.api';
import { CopiedDay, CopyOutcome, CopyPreview, OutcomeCounts, PriceEstimate, SelectedDay } from './planning.models';
import { QuotientNoteComponent, priceLineText } from './price-notes';

const WEEKDAY_NAMES = ['', 'lundi', 'mardi', 'mercredi', 'jeudi', 'vendredi', 'samedi', 'dimanche'];

interface ChildPrice {
  childId: string;
  price: PriceEstimate;
}

/**
 * « Recopier la sélection »: the days chosen in the week shown are copied to each following week
 * until a date. A preview says, before anything is sent, which copies will be booked, refused
 * (and why), waiting-listed or left to the service, which fall on a closed day, and their price;
 * then one request is sent. Changing the selection or the date makes the preview stale.
 */
@Component({
  selector: 'pf-selection-copy',
  imports: [RouterLink, QuotientNoteComponent],
  template: `
    <section class="card copy-panel" aria-labelledby="copy-title">
      <h2 id="copy-title" tabindex="-1">Recopier la sélection</h2>
      @if (result(); as o) {
        <h3 id="copy-result-title" tabindex="-1">Demande envoyée</h3>
        <p><span [class]="'status status--' + (o.status === 'partially_accepted' ? 'accepted' : o.status)">{{ statusText(o.status) }}</span></p>
        <p>{{ countsText(o.counts, false) }}</p>
        <div class="button-row">
          <a class="button button--secondary" [routerLink]="['/demandes', o.requestId]">Suivre la demande</a>
          <button type="button" class="button button--primary" (click)="done.emit()">Terminer</button>
        </div>
      } @else {
        @if (selection().length === 0) {
          <p>Cochez dans la semaine affichée les jours à recopier (pour chaque enfant et chaque activité), puis choisissez jusqu'à quand.</p>
        } @else {
          <p>{{ selection().length === 1 ? '1 jour choisi' : selection().length + ' jours choisis' }}, recopiés chaque semaine à partir du {{ date(firstCopyDay()) }} :</p>
          <ul class="copy-panel__chosen">
            @for (s of selection(); track s.childId + s.activityId + s.day) {
              <li>{{ chosenText(s) }}</li>
            }
          </ul>
        }
        <div class="field">
          <label for="copy-until">Jusqu'au (inclus)</label>
          <input id="copy-until" type="date" [min]="firstCopyDay()" [value]="until()" (change)="untilChosen($event)"
                 [attr.aria-invalid]="untilProblem() ? 'true' : null" [attr.aria-describedby]="untilProblem() ? 'copy-until-error' : null" />
          @if (untilProblem(); as problem) {
            <p class="field-error" id="copy-until-error"><span class="field-error__icon" aria-hidden="true">!</span>{{ problem }}</p>
          }
        </div>
        @if (previewError(); as e) {
          <div class="notice notice--error" role="alert"><p>{{ e.message }}</p></div>
        }
        <div class="button-row">
          <button type="button" class="button button--primary" (click)="showPreview()" [disabled]="previewing() || selection().length === 0">
            {{ previewing() ? 'Calcul de l’aperçu…' : 'Voir l’aperçu' }}
          </button>
          <button type="button" class="button button--quiet" (click)="done.emit()">Annuler la recopie</button>
        </div>

        @if (preview(); as p) {
          <section class="preview" aria-labelledby="copy-preview-title">
            <h3 id="copy-preview-title" tabindex="-1">Aperçu avant envoi</h3>
            <p>Rien n'est encore envoyé. Voici ce que donnerait la recopie du {{ date(p.from) }} au {{ date(p.until) }} (une place peut être prise d'ici l'envoi).</p>
            <p class="preview__counts">{{ countsText(p.counts, true) }}</p>
            @if (notBooked(p).length) {
              <ul class="preview__days">
                @for (d of notBooked(p); track d.childId + d.activityId + d.day) {
                  <li>
                    <span class="preview__day">{{ longDay(d.day) }} — {{ whatText(d) }}</span>
                    <span [class]="'status status--' + outcomeClass(d)">{{ outcomeText(d) }}</span>
                    @if (d.reasonText) { <span class="preview__reason">{{ d.reasonText }}</span> }
                  </li>
                }
              </ul>
            }
            @if (booked(p).length) {
              <details class="preview__more">
                <summary>Voir les {{ booked(p).length }} jours qui seront réservés</summary>
                <ul class="preview__days">
                  @for (d of booked(p); track d.childId + d.activityId + d.day) {
                    <li><span class="preview__day">{{ longDay(d.day) }} — {{ whatText(d) }}</span> <span class="status status--accepted">{{ outcomeText(d) }}</span></li>
                  }
                </ul>
              </details>
            }
            @if (prices().length) {
              <div class="preview__price">
                @for (cp of prices(); track cp.childId) {
                  <p><strong>Coût estimé pour {{ childName(cp.childId) }} : {{ euros(cp.price.totalCents) }}</strong></p>
                  <ul>
                    @for (line of cp.price.lines; track $index) { <li>{{ priceLine(line) }} = {{ euros(line.amountCents) }}</li> }
                  </ul>
                }
                <pf-quotient-note [price]="prices()[0]!.price" />
                @if (p.counts.waitlisted) {
                  <p class="hint">Les jours en liste d'attente ne seront facturés que si une place se libère.</p>
                }
              </div>
            }
            @if (p.skipped.length) {
              <details class="preview__more">
                <summary>{{ p.skipped.length === 1 ? '1 jour' : p.skipped.length + ' jours' }} sans accueil sur la période</summary>
                <ul class="preview__days">
                  @for (s of p.skipped; track s.childId + s.activityId + s.day) {
                    <li><span class="preview__day">{{ longDay(s.day) }} — {{ whatText(s) }}</span> <span class="status status--unavailable">Fermé</span> <span class="preview__reason">{{ s.label }}</span></li>
                  }
                </ul>
              </details>
            }
            @if (submission.error(); as e) {
              <div class="notice notice--error" role="alert"><p>{{ e.message }}</p></div>
            }
            <div class="button-row">
              <button type="button" class="button button--primary" (click)="send()" [disabled]="submission.sending() || !sendable()">
                {{ submission.sending() ? 'Envoi en cours…' : submission.error() ? 'Réessayer l’envoi' : 'Envoyer la demande' }}
              </button>
            </div>
            @if (!sendable()) {
              <p class="hint">Aucun jour ne peut être demandé avec ces choix : modifiez-les puis revoyez l'aperçu.</p>
            }
          </section>
        }
      }
    </section>
  `,
})
export class SelectionCopyComponent {
  private readonly api = inject(PlanningApi);
  private readonly session = inject(SessionStore);
  private readonly host = inject<ElementRef<HTMLElement>>(ElementRef);
  private readonly injector = inject(Injector);

  /** The days chosen, all in the week shown (its Monday is `weekMonday`). */
  readonly selection = input.required<SelectedDay[]>();
  readonly weekMonday = input.required<string>();
  readonly childById = input.required<Map<string, { firstName: string }>>();
  readonly activityById = input.required<Map<string, { name: string }>>();
  /** The request was sent (the planning reloads) or the person gave up. */
  readonly sent = output<void>();
  readonly done = output<void>();

  readonly date = formatDate;
  readonly longDay = formatLongDay;
  readonly firstCopyDay = computed(() => addDays(this.weekMonday(), 7));
  readonly until = signal('');
  readonly untilProblem = signal<string | null>(null);
  readonly previewing = signal(false);
  readonly previewError = signal<ApiError | null>(null);
  readonly preview = signal<CopyPreview | null>(null);
  readonly prices = signal<ChildPrice[]>([]);
  readonly result = signal<CopyOutcome | null>(null);
  readonly submission = new Submission();
  readonly sendable = computed(() => {
    const c = this.preview()?.counts;
    return !!c && c.accepted + c.waitlisted + c.pending > 0;
  });

  constructor() {
    // Another selection is another request: the preview is stale.
    effect(() => {
      this.selection();
      this.weekMonday();
      untracked(() => this.stale());
    });
  }

  private stale(): void {
    this.preview.set(null);
    this.prices.set([]);
    this.previewError.set(null);
    this.submission.clear();
    this.submission.renewRequestId();
  }

  untilChosen(event: Event): void {
    this.until.set((event.target as HTMLInputElement).value);
    this.untilProblem.set(null);
    this.stale();
  }

  chosenText(s: SelectedDay): string {
    const weekday = WEEKDAY_NAMES[new Date(`${s.day}T12:00:00Z`).getUTCDay() || 7];
    return `chaque ${weekday} : ${this.whatText(s)}`;
  }

  whatText(d: SelectedDay): string {
    return `${this.activityById().get(d.activityId)?.name ?? 'Activité'} (${this.childName(d.childId)})`;
  }

  childName(childId: string): string {
    return this.childById().get(childId)?.firstName ?? '';
  }

  showPreview(): void {
    const until = this.until();
    if (!until) this.untilProblem.set('Indiquez jusqu’à quelle date recopier.');
    else if (until < this.firstCopyDay()) this.untilProblem.set(`Recopiez au moins jusqu’au ${formatDate(this.firstCopyDay())}.`);
    if (this.untilProblem()) {
      afterNextRender(() => this.host.nativeElement.querySelector<HTMLElement>('#copy-until')?.focus(), { injector: this.injector });
      return;
    }
    this.previewing.set(true);
    this.previewError.set(null);
    const selection = this.selection();
    this.api.copyPreview(selection, until).subscribe({
      next: (preview) => {
        this.previewing.set(false);
        if (selection !== this.selection() || until !== this.until()) return;
        this.preview.set(preview);
        this.loadPrices(preview);
        afterNextRender(() => this.host.nativeElement.querySelector<HTMLElement>('#copy-preview-title')?.focus(), { injector: this.injector });
      },
      error: (e: unknown) => {
        this.previewing.set(false);
        this.previewError.set(toApiError(e));
      },
    });
  }

  /** The price, child by child, of the days the copy would book (accepted now or on the service's decision). */
  private loadPrices(preview: CopyPreview): void {
    const familyId = this.session.user()?.familyId;
    if (!familyId) return;
    const children = [...new Set(preview.days.map((d) => d.childId))];
    const calls = children.flatMap((childId) => {
      const days = preview.days
        .filter((d) => d.childId === childId && (d.status === 'accepted' || d.status === 'pending'))
        .map((d) => ({ activityId: d.activityId, day: d.day, ...(d.lateActivityId ? { lateActivityId: d.lateActivityId } : {}) }));
      return days.length ? [this.api.estimate(familyId, childId, days).pipe(map((price): ChildPrice | null => ({ childId, price })), catchError(() => of(null)))] : [];
    });
    if (calls.length === 0) return;
    forkJoin(calls).subscribe((list) => {
      if (this.preview() === preview) this.prices.set(list.filter((p): p is ChildPrice => p !== null));
    });
  }

  send(): void {
    if (this.submission.sending() || !this.sendable()) return;
    this.submission.send(this.api.copy(this.submission.requestId, this.selection(), this.until()), (outcome) => {
      this.result.set(outcome);
      this.sent.emit();
      afterNextRender(() => this.host.nativeElement.querySelector<HTMLElement>('#copy-result-title')?.focus(), { injector: this.injector });
    });
  }

  euros(cents: number): string {
    return formatCents(cents);
  }

  priceLine(line: PriceEstimate['lines'][number]): string {
    return priceLineText(line);
  }

  booked(p: CopyPreview): CopiedDay[] {
    return p.days.filter((d) => d.status === 'accepted');
  }

  notBooked(p: CopyPreview): CopiedDay[] {
    return p.days.filter((d) => d.status !== 'accepted');
  }

  outcomeClass(d: CopiedDay): string {
    return d.status === 'pending' ? 'requested' : d.status;
  }

  outcomeText(d: CopiedDay): string {
    switch (d.status) {
      case 'accepted':
        return d.lateActivityId ? 'Sera réservé avec majoration' : 'Sera réservé';
      case 'waitlisted':
        return `Complet — liste d'attente${d.rank ? ` (rang ${d.rank})` : ''}`;
      case 'pending':
        return 'À valider par le service';
      default:
        return 'Refusé';
    }
  }

  countsText(c: OutcomeCounts, future: boolean): string {
    const n = (count: number, one: string, many: string) => `${count} ${count === 1 ? one : many}`;
    const parts = future
      ? [
          n(c.accepted, 'jour sera réservé', 'jours seront réservés'),
          c.pending ? n(c.pending, 'jour sera étudié par le service', 'jours seront étudiés par le service') : '',
          c.waitlisted ? n(c.waitlisted, "jour ira en liste d'attente", "jours iront en liste d'attente") : '',
          c.refused ? n(c.refused, 'jour sera refusé', 'jours seront refusés') : '',
        ]
      : [
          n(c.accepted, 'jour réservé', 'jours réservés'),
          c.pending ? n(c.pending, 'jour en attente de décision', 'jours en attente de décision') : '',
          c.waitlisted ? n(c.waitlisted, "jour en liste d'attente", "jours en liste d'attente") : '',
          c.refused ? n(c.refused, 'jour refusé', 'jours refusés') : '',
        ];
    return parts.filter(Boolean).join(', ') + '.';
  }

  statusText(status: CopyOutcome['status']): string {
    return ({ accepted: 'Acceptée', partially_accepted: 'Acceptée en partie', refused: 'Refusée', waitlisted: "En liste d'attente", pending: 'En attente de décision' } as const)[status];
  }
}
