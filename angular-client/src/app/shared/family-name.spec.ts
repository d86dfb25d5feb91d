import { familyLabel, familyTitle } from './family-name';

describe('Family names in sentences', () => {
  it('does not say « famille » twice when the API name already starts with it', () => {
    expect(familyLabel('Famille BERNARD')).toBe('famille BERNARD');
    expect(familyLabel('BERNARD')).toBe('famille BERNARD');
    expect(familyTitle('famille Martin-Durand')).toBe('Famille Martin-Durand');
  });
});
