/**
 * Reads one key at a time in order, `ahead` reads in flight (each on a connection of its own on
 * PostgreSQL; the embedded database takes them in turn), and hands each result to `use` in
 * order while the next are read: the database's work and Node's (or another write's) overlap.
 * Bounded: at most `ahead` reads wait at once. A read that fails fails the whole; one still in
 * flight then is not left unhandled.
 */
export async function eachReadAhead<K, T>(
  keys: Iterable<K>,
  ahead: number,
  read: (key: K) => Promise<T>,
  use: (result: T, key: K) => void | Promise<void>,
): Promise<void> {
  const pending: { key: K; reading: Promise<T> }[] = [];
  const iterator = keys[Symbol.iterator]();
  let done = false;
  const fill = () => {
    while (!done && pending.length < Math.max(1, ahead)) {
      const next = iterator.next();
      if (next.done) {
        done = true;
        break;
      }
      const reading = read(next.value);
      reading.catch(() => undefined);
      pending.push({ key: next.value, reading });
    }
  };
  fill();
  while (pending.length > 0) {
    const { key, reading } = pending.shift()!;
    const result = await reading;
    fill();
    await use(result, key);
  }
}

/** The slices of ids `min`..`max`, `size` ids each. */
function* slicesOf(range: {
  min: number;
  max: number;
  size: number;
}): Generator<{ from: number; to: number }> {
  for (let from = range.min; from <= range.max; from += range.size) yield { from, to: from + range.size - 1 };
}

/** `eachReadAhead` over a portfolio's ids, a slice of them at a time, in id order. */
export async function eachSliceReadAhead<T>(
  range: { min: number; max: number; size: number },
  ahead: number,
  read: (from: number, to: number) => Promise<T>,
  use: (slice: T) => void | Promise<void>,
): Promise<void> {
  await eachReadAhead(slicesOf(range), ahead, ({ from, to }) => read(from, to), use);
}
