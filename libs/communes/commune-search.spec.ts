import { communeSearchKey, communeSearchKeys, normaliseCommuneSearch } from './commune-search';

describe('finding a commune by its name', () => {
  const keys = communeSearchKeys('Saint-Hilaire-du-Bois');

  it('finds it from the start of its name, whatever the capitals, hyphens or « St » abbreviation', () => {
    for (const typed of ['sa', 'Saint', 'saint-hil', 'SAINT HILAIRE DU', 'St Hilaire', 'st-hilaire-du-bois']) {
      expect(keys).toContain(communeSearchKey(typed));
    }
  });

  it('finds it from the start of any word of its name', () => {
    for (const typed of ['hilaire', 'Hil', 'bois', 'du bois', 'hilaire-du-b']) expect(keys).toContain(communeSearchKey(typed));
  });

  it('does not find it from the middle of a word', () => {
    for (const typed of ['ilaire', 'aint', 'ois']) expect(keys).not.toContain(communeSearchKey(typed));
  });

  it('ignores accents and apostrophes', () => {
    const hermitage = communeSearchKeys("L'Hermitage");
    for (const typed of ["l'herm", 'L’Hermitage', 'hermitage', 'Hérmi']) expect(hermitage).toContain(communeSearchKey(typed));
    expect(communeSearchKeys('Lézignan-la-Cèbe')).toContain(communeSearchKey('lezignan la ce'));
  });

  it('lists every commune for a search of less than two letters', () => {
    expect(communeSearchKey('')).toBeNull();
    expect(communeSearchKey(' s ')).toBeNull();
    expect(communeSearchKey(undefined)).toBeNull();
    expect(normaliseCommuneSearch('  Plan-d’Orgon ')).toBe('plan d orgon');
  });
});
