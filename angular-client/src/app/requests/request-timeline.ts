import { Component, input } from '@angular/core';
import { formatDate, formatDateTime } from '../shared/french-format';
import { FamilyRequest, actorText, channelText } from './requests.api';

/**
 * A request's facts, messages and history (each state change: when, what, who, through which
 * channel, why), shared by the parent's « Mes demandes » and the service's back office.
 */
@Component({
  selector: 'pf-request-timeline',
  template: `
    @let r = request();
    <div class="card">
      <dl class="facts">
        @if (r.kindLabel) {
          <dt>Type</dt>
          <dd>{{ r.kindLabel }}</dd>
        }
        <dt>Référence</dt>
        <dd class="code">{{ r.reference }}</dd>
        <dt>Envoyée le</dt>
        <dd>{{ dateTime(r.submittedAt) }}</dd>
        @if (r.firstDay) {
          <dt>{{ r.lastDay && r.lastDay !== r.firstDay ? 'Période' : 'Jour' }}</dt>
          <dd>{{ r.lastDay && r.lastDay !== r.firstDay ? 'du ' + date(r.firstDay) + ' au ' + date(r.lastDay) : date(r.firstDay) }}</dd>
        }
        <dt>État</dt>
        <dd><span [class]="'status status--' + r.status">{{ r.statusLabel }}</span></dd>
        @if (r.reasonText) {
          <dt>Motif</dt>
          <dd>{{ r.reasonText }}</dd>
        }
      </dl>
    </div>

    @if (r.messages?.length) {
      <section aria-labelledby="messages-title">
        <h2 id="messages-title">Messages</h2>
        <ol class="messages">
          @for (m of r.messages; track $index) {
            <li class="message" [class.message--staff]="m.from === 'staff'">
              <p class="message__meta">
                {{ m.from === 'staff' ? 'Service enfance' : 'Famille' }}@if (m.authorName) {<span> ({{ m.authorName }})</span>}
                · <time [attr.datetime]="m.at">{{ dateTime(m.at) }}</time>
              </p>
              <p class="message__text">{{ m.text }}</p>
            </li>
          }
        </ol>
      </section>
    }

    <section aria-labelledby="timeline-title">
      <h2 id="timeline-title">Historique</h2>
      @if (r.timeline.length === 0) {
        <p>Aucune étape enregistrée pour l'instant.</p>
      } @else {
        <ol class="timeline">
          @for (step of r.timeline; track $index) {
            <li class="timeline__step">
              <time class="timeline__when" [attr.datetime]="step.at">{{ dateTime(step.at) }}</time>
              <p class="timeline__label">{{ step.label }}</p>
              <p class="timeline__meta">
                Par {{ actor(step) }}@if (channel(step.channel); as c) {<span> · via {{ c }}</span>}
              </p>
              @if (step.reasonText) {
                <p class="timeline__meta">Motif : {{ step.reasonText }}</p>
              }
            </li>
          }
        </ol>
      }
    </section>
  `,
})
export class RequestTimelineComponent {
  readonly request = input.required<FamilyRequest>();
  readonly dateTime = formatDateTime;
  readonly date = formatDate;
  readonly actor = actorText;
  readonly channel = channelText;
}
