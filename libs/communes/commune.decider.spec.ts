import { DomainError } from '@pf/domain';
import { decideRegisterCommune, evolveCommune, initialCommuneState } from './commune.decider';
import type { CommuneProfile } from './commune.events';

const profile: CommuneProfile = {
  communeId: 'saint-hilaire-du-bois',
  name: 'Saint-Hilaire-du-Bois',
  timeZone: 'Europe/Paris',
  schoolZone: 'B',
  subscriberCodePrefix: 'SHB',
  serviceName: 'Service enfance',
  serviceEmail: 'enfance@saint-hilaire-du-bois.fr',
};

describe('registering a commune', () => {
  it('registers a new commune with its profile', () => {
    expect(decideRegisterCommune(profile, initialCommuneState)).toEqual([{ type: 'CommuneRegistered', data: profile }]);
  });

  it('refuses to register the same commune twice', () => {
    const state = evolveCommune(initialCommuneState, { type: 'CommuneRegistered', data: profile });
    expect(() => decideRegisterCommune(profile, state)).toThrow(DomainError);
  });

  it('refuses a subscriber-code prefix another commune already prints on its codes', () => {
    expect(() => decideRegisterCommune({ ...profile, communeId: 'saint-mars' }, initialCommuneState, { prefixHeldBy: 'saint-hilaire-du-bois' })).toThrow(
      expect.objectContaining({ code: 'SUBSCRIBER_CODE_PREFIX_TAKEN', kind: 'conflict' }),
    );
    expect(decideRegisterCommune(profile, initialCommuneState, { prefixHeldBy: null })).toHaveLength(1);
  });

  it('refuses an identifier with capitals or spaces', () => {
    expect(() => decideRegisterCommune({ ...profile, communeId: 'Saint Hilaire' }, initialCommuneState)).toThrow(/minuscules/);
  });
});
