import { conflict, invalid, notFound } from '@pf/domain';
import type { ContactEvent, ContactTopic } from './contact.events';

export const MAX_MESSAGE_LENGTH = 5000;

export interface ContactState {
  requestId: string | null;
  familyId: string | null;
  /** Who the thread waits for. */
  waitingFor: 'service' | 'family' | null;
  messages: number;
}

export const initialContactState: ContactState = { requestId: null, familyId: null, waitingFor: null, messages: 0 };

export function evolveContact(state: ContactState, event: ContactEvent): ContactState {
  switch (event.type) {
    case 'ContactMessageSent':
      return { requestId: event.data.requestId, familyId: event.data.familyId, waitingFor: 'service', messages: 1 };
    case 'ContactMessageAnswered':
      return { ...state, waitingFor: 'family', messages: state.messages + 1 };
    case 'ContactMessageFollowedUp':
      return { ...state, waitingFor: 'service', messages: state.messages + 1 };
  }
}

/** A thread is a conversation, not a chat room: it stays readable and bounded. */
export const MAX_MESSAGES_PER_THREAD = 50;

function checkText(text: string): string {
  const trimmed = text.trim();
  if (trimmed.length === 0) {
    throw invalid('MESSAGE_EMPTY', 'Le message est vide.', [{ field: 'text', code: 'MESSAGE_EMPTY', message: 'Écrivez votre message.' }]);
  }
  if (trimmed.length > MAX_MESSAGE_LENGTH) {
    throw invalid('MESSAGE_TOO_LONG', `Le message ne doit pas dépasser ${MAX_MESSAGE_LENGTH} caractères.`, [
      { field: 'text', code: 'MESSAGE_TOO_LONG', message: `${MAX_MESSAGE_LENGTH} caractères au plus.` },
    ]);
  }
  return trimmed;
}

function existing(state: ContactState, familyId: string): void {
  if (!state.requestId || state.familyId !== familyId) throw notFound('CONTACT_NOT_FOUND', 'Message introuvable.');
  if (state.messages >= MAX_MESSAGES_PER_THREAD) {
    throw conflict('CONTACT_THREAD_FULL', 'Cette conversation est trop longue : écrivez un nouveau message au service.');
  }
}

export function decideSendContactMessage(cmd: { requestId: string; familyId: string; topic: ContactTopic; text: string }, state: ContactState): ContactEvent[] {
  if (state.requestId) throw conflict('CONTACT_ALREADY_SENT', 'Ce message a déjà été envoyé.');
  return [{ type: 'ContactMessageSent', data: { requestId: cmd.requestId, familyId: cmd.familyId, topic: cmd.topic, text: checkText(cmd.text) } }];
}

export function decideAnswerContactMessage(cmd: { requestId: string; familyId: string; text: string }, state: ContactState): ContactEvent[] {
  existing(state, cmd.familyId);
  return [{ type: 'ContactMessageAnswered', data: { requestId: cmd.requestId, familyId: cmd.familyId, text: checkText(cmd.text) } }];
}

export function decideFollowUpContactMessage(cmd: { requestId: string; familyId: string; text: string }, state: ContactState): ContactEvent[] {
  existing(state, cmd.familyId);
  return [{ type: 'ContactMessageFollowedUp', data: { requestId: cmd.requestId, familyId: cmd.familyId, text: checkText(cmd.text) } }];
}
