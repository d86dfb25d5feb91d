import { DomainError } from '@pf/domain';
import {
  decideAnswerContactMessage,
  decideFollowUpContactMessage,
  decideSendContactMessage,
  evolveContact,
  initialContactState,
  MAX_MESSAGES_PER_THREAD,
  type ContactState,
} from './contact.decider';
import type { ContactEvent } from './contact.events';

const given = (...events: ContactEvent[]): ContactState => events.reduce(evolveContact, initialContactState);
const sent: ContactEvent = { type: 'ContactMessageSent', data: { requestId: 'r1', familyId: 'f1', topic: 'billing', text: 'Bonjour, ma facture ?' } };
const answered: ContactEvent = { type: 'ContactMessageAnswered', data: { requestId: 'r1', familyId: 'f1', text: 'Elle part demain.' } };

describe('writing to the service', () => {
  it('records the parent’s message, trimmed, as a new conversation', () => {
    expect(decideSendContactMessage({ requestId: 'r1', familyId: 'f1', topic: 'billing', text: '  Bonjour, ma facture ?\n' }, initialContactState)).toEqual([sent]);
  });

  it('refuses an empty message', () => {
    expect(() => decideSendContactMessage({ requestId: 'r1', familyId: 'f1', topic: 'other', text: '   ' }, initialContactState)).toThrow(
      expect.objectContaining({ code: 'MESSAGE_EMPTY' }),
    );
  });

  it('refuses to send the same conversation twice', () => {
    expect(() => decideSendContactMessage({ requestId: 'r1', familyId: 'f1', topic: 'other', text: 'Encore' }, given(sent))).toThrow(
      expect.objectContaining({ code: 'CONTACT_ALREADY_SENT' }),
    );
  });
});

describe('answering a parent', () => {
  it('lets staff answer in the conversation', () => {
    expect(decideAnswerContactMessage({ requestId: 'r1', familyId: 'f1', text: 'Elle part demain.' }, given(sent))).toEqual([answered]);
  });

  it('refuses an answer to a conversation that does not exist, or of another family', () => {
    expect(() => decideAnswerContactMessage({ requestId: 'r1', familyId: 'f1', text: 'x' }, initialContactState)).toThrow(DomainError);
    expect(() => decideAnswerContactMessage({ requestId: 'r1', familyId: 'f2', text: 'x' }, given(sent))).toThrow(
      expect.objectContaining({ code: 'CONTACT_NOT_FOUND' }),
    );
  });

  it('lets the parent write again, and the conversation waits for the service', () => {
    const events = decideFollowUpContactMessage({ requestId: 'r1', familyId: 'f1', text: 'Merci !' }, given(sent, answered));
    expect(events).toEqual([{ type: 'ContactMessageFollowedUp', data: { requestId: 'r1', familyId: 'f1', text: 'Merci !' } }]);
    expect(given(sent, answered, ...events).waitingFor).toBe('service');
  });

  it('closes a conversation grown too long', () => {
    const long = given(sent, ...Array.from({ length: MAX_MESSAGES_PER_THREAD - 1 }, () => answered));
    expect(() => decideAnswerContactMessage({ requestId: 'r1', familyId: 'f1', text: 'x' }, long)).toThrow(expect.objectContaining({ code: 'CONTACT_THREAD_FULL' }));
  });
});
