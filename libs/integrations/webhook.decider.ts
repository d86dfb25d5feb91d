import { conflict, invalid, notFound } from '@pf/domain';
import type { WebhookEvent, WebhookSubscription } from './webhook.events';
import { webhookUrlProblem, type WebhookUrlPolicy } from './webhook-url';

export interface WebhookState {
  status: 'none' | 'active' | 'cancelled';
  secretId: string | null;
}

export const initialWebhookState: WebhookState = { status: 'none', secretId: null };

export const MAX_EVENT_TYPES = 50;
/** Longest overlap of two secrets after a rotation: 7 days. */
export const MAX_OVERLAP_SECONDS = 7 * 24 * 3600;

export function evolveWebhook(state: WebhookState, event: WebhookEvent): WebhookState {
  switch (event.type) {
    case 'WebhookSubscribed':
      return { status: 'active', secretId: event.data.secretId };
    case 'WebhookSecretRotated':
      return { ...state, secretId: event.data.secretId };
    case 'WebhookReplayRequested':
      return state;
    case 'WebhookUnsubscribed':
      return { ...state, status: 'cancelled' };
  }
}

export function decideSubscribeWebhook(subscription: WebhookSubscription, state: WebhookState, policy: WebhookUrlPolicy): WebhookEvent[] {
  if (state.status !== 'none') throw conflict('WEBHOOK_ALREADY_SUBSCRIBED', 'Cet abonnement existe déjà.');
  const problem = webhookUrlProblem(subscription.url, policy);
  if (problem) throw invalid(problem.code, problem.message, [{ field: 'url', ...problem }]);
  if (subscription.eventTypes.length === 0) throw invalid('EVENT_TYPES_REQUIRED', 'Choisissez au moins un type d’événement.');
  if (subscription.eventTypes.length > MAX_EVENT_TYPES) throw invalid('EVENT_TYPES_TOO_MANY', `Un abonnement compte au plus ${MAX_EVENT_TYPES} types d’événements.`);
  if (!Number.isInteger(subscription.startAfter) || subscription.startAfter < 0) throw invalid('POSITION_INVALID', 'La position doit être un entier positif ou nul.');
  return [{ type: 'WebhookSubscribed', data: { ...subscription, eventTypes: [...new Set(subscription.eventTypes)] } }];
}

function active(state: WebhookState): void {
  if (state.status === 'none') throw notFound('WEBHOOK_NOT_FOUND', 'Abonnement introuvable.');
  if (state.status === 'cancelled') throw conflict('WEBHOOK_CANCELLED', 'Cet abonnement est résilié.');
}

export function decideRotateWebhookSecret(
  input: { subscriptionId: string; communeId: string; secretId: string; overlapSeconds: number },
  state: WebhookState,
  now: string,
): WebhookEvent[] {
  active(state);
  if (!Number.isInteger(input.overlapSeconds) || input.overlapSeconds < 0 || input.overlapSeconds > MAX_OVERLAP_SECONDS) {
    throw invalid('OVERLAP_INVALID', 'La période de recouvrement doit aller de 0 seconde à 7 jours.');
  }
  return [
    {
      type: 'WebhookSecretRotated',
      data: {
        subscriptionId: input.subscriptionId,
        communeId: input.communeId,
        secretId: input.secretId,
        previousSecretId: state.secretId!,
        previousSecretExpiresAt: new Date(Date.parse(now) + input.overlapSeconds * 1000).toISOString(),
      },
    },
  ];
}

export function decideReplayWebhook(input: { subscriptionId: string; communeId: string; after: number }, state: WebhookState): WebhookEvent[] {
  active(state);
  if (!Number.isInteger(input.after) || input.after < 0) throw invalid('POSITION_INVALID', 'La position doit être un entier positif ou nul.');
  return [{ type: 'WebhookReplayRequested', data: input }];
}

export function decideUnsubscribeWebhook(input: { subscriptionId: string; communeId: string }, state: WebhookState): WebhookEvent[] {
  active(state);
  return [{ type: 'WebhookUnsubscribed', data: input }];
}
