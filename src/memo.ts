/**
 * `make` remembered by its key: each distinct key is made once. For values many rows share and
 * nobody changes (a slice's few hundred distinct days as Dates, out of a million rows). Bounded
 * by its keys: meant to live as long as one read.
 */
export function memoized<K, V>(make: (key: K) => V): (key: K) => V {
  const made = new Map<K, V>();
  return (key) => {
    if (made.has(key)) return made.get(key) as V;
    const value = make(key);
    made.set(key, value);
    return value;
  };
}
