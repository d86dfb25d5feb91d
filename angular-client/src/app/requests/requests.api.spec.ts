import { actorText, channelText } from './requests.api';

describe('Request history wording', () => {
  it('says who acted by name and by role', () => {
    expect(actorText({ actor: { kind: 'guardian', name: 'Camille Bernard' }, actorLabel: 'Parent' })).toBe('Camille Bernard (Parent)');
    expect(actorText({ actor: { kind: 'rule', name: 'Règles de réservation' }, actorLabel: 'Règle automatique' })).toBe(
      'Règles de réservation (Règle automatique)',
    );
  });

  it('falls back to the role in words when there is no name', () => {
    expect(actorText({ actor: { kind: 'staff' }, actorLabel: 'Agent du service' })).toBe('Agent du service');
    expect(actorText({ actor: { kind: 'staff' } })).toBe('Service enfance');
  });

  it('names the channel in French', () => {
    expect(channelText('web')).toBe('Portail famille');
    expect(channelText('back-office')).toBe('Espace des agents');
    expect(channelText(undefined)).toBeNull();
  });
});
