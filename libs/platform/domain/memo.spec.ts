import { boundedMemo } from './memo';

describe('a bounded memo', () => {
  it('works a value out once per key, and forgets every key once full', () => {
    const remembered = boundedMemo<string>(2);
    let computed = 0;
    const upper = (key: string) => remembered(key, () => (computed++, key.toUpperCase()));
    expect([upper('a'), upper('a'), upper('b'), upper('a')]).toEqual(['A', 'A', 'B', 'A']);
    expect(computed).toBe(2);
    upper('c'); // full: a and b are forgotten
    upper('a');
    expect(computed).toBe(4);
  });
});
