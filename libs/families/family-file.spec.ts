import { checkBirthDate, missingMandatoryData, normalizePhone, describeChanges } from './family-file';
import { FRENCH_PHONE, FRENCH_POSTCODE } from './family.dto';

describe('family file data', () => {
  it.each([
    ['06 12 34 56 78', '06 12 34 56 78'],
    ['0612345678', '06 12 34 56 78'],
    ['+33 6 12 34 56 78', '06 12 34 56 78'],
    ['0033612345678', '06 12 34 56 78'],
    ['02.40.12.34.56', '02 40 12 34 56'],
  ])('writes the phone number %s as %s', (typed, stored) => {
    expect(FRENCH_PHONE.test(typed)).toBe(true);
    expect(normalizePhone(typed)).toBe(stored);
  });

  it.each(['12345', '06 12 34 56', '00 12 34 56 78', '+44 20 7946 0958'])('refuses %s as a French phone number', (phone) => {
    expect(FRENCH_PHONE.test(phone)).toBe(false);
  });

  it.each([['44000', true], ['97400', true], ['4400', false], ['00100', false], ['99000', false]])('checks the postcode %s', (postcode, ok) => {
    expect(FRENCH_POSTCODE.test(postcode)).toBe(ok);
  });

  it('refuses a birth date in the future', () => {
    expect(checkBirthDate('2027-01-01', '2026-11-02')[0]).toMatchObject({ code: 'BIRTH_DATE_IN_FUTURE' });
    expect(checkBirthDate('2019-05-20', '2026-11-02')).toEqual([]);
  });

  it('lists what the service needs and the file lacks ("Ces données obligatoires ne sont pas renseignées")', () => {
    const missing = missingMandatoryData({
      _id: 'f1',
      guardians: [{ guardianId: 'g1', civility: 'Mme', lastName: 'Dubois', firstName: 'Julie', email: 'j@example.fr', phones: { mobile: '06 12 34 56 78' } }],
      children: [{ childId: 'c1', firstName: 'Emma', lastName: 'Dubois', birthDate: '2018-04-12', contacts: [] }],
    });
    expect(missing.filter((m) => m.target === 'guardian').map((m) => m.field)).toEqual(['quality', 'address', 'invoiceDelivery']);
    expect(missing.filter((m) => m.target === 'child').map((m) => m.field)).toEqual(['sex', 'school', 'health.doctor', 'authorisations', 'contacts']);
  });
});

describe('what a change request says in Mes demandes', () => {
  it('names coded values and nested fields in French and leaves out what was not given', () => {
    expect(
      describeChanges('Claire Martin', { quality: 'mere', address: { line1: '3 rue des Lilas', line2: undefined, postcode: '44680', city: 'Saint-Hilaire' } }, 'guardian'),
    ).toEqual(['Claire Martin — Qualité : mère', 'Claire Martin — Adresse : adresse : 3 rue des Lilas, code postal : 44680, ville : Saint-Hilaire']);
  });

  it('says what changes in a child’s health, yes or no for the devices', () => {
    expect(describeChanges('Léa', { health: { allergies: 'arachide', pai: true } }, 'child')).toEqual(['Léa — Santé : allergies : arachide, PAI : oui']);
  });
});
