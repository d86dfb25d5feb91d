import { generateSubscriberCode, normalizeSubscriberCode } from './subscriber-code';

describe('code abonné', () => {
  it('is the commune prefix followed by three groups of four digits', () => {
    expect(generateSubscriberCode('SHB')).toMatch(/^SHB-\d{4}-\d{4}-\d{4}$/);
  });

  it('pads small random groups with zeros', () => {
    expect(generateSubscriberCode('SHB', () => 7)).toBe('SHB-0007-0007-0007');
  });

  it('is recognised whatever the case, spaces or dashes the parent typed', () => {
    expect(normalizeSubscriberCode(' shb 4821 7730-1254 ')).toBe('SHB-4821-7730-1254');
  });
});
