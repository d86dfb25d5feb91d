/**
 * Values of pure computations, kept by key: `remembered(key, compute)` works a value out once and
 * answers it again afterwards. At most `limit` keys, all forgotten at once when full (the keys a
 * hot path asks for are few and come back soon).
 */
export function boundedMemo<T>(limit: number): (key: string, compute: () => T) => T {
  const known = new Map<string, T>();
  return (key, compute) => {
    if (known.has(key)) return known.get(key) as T;
    const value = compute();
    if (known.size >= limit) known.clear();
    known.set(key, value);
    return value;
  };
}
