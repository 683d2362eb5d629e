/**
 * Reads a portfolio a slice of ids at a time, `ahead` reads in flight (each on a connection of
 * its own on PostgreSQL; the embedded database takes them in turn), and hands each slice's
 * result to `use` in id order while the next are read: the database's work and Node's overlap.
 * Bounded: at most `ahead` reads wait at once, and the slices end at `max`. A read that fails
 * fails the whole; one still in flight then is not left unhandled.
 */
export async function eachSliceReadAhead<T>(
  range: { min: number; max: number; size: number },
  ahead: number,
  read: (from: number, to: number) => Promise<T>,
  use: (slice: T) => void | Promise<void>,
): Promise<void> {
  const pending: Promise<T>[] = [];
  let next = range.min;
  const fill = () => {
    for (; pending.length < Math.max(1, ahead) && next <= range.max; next += range.size) {
      const reading = read(next, next + range.size - 1);
      reading.catch(() => undefined);
      pending.push(reading);
    }
  };
  fill();
  while (pending.length > 0) {
    const slice = await pending.shift()!;
    fill();
    await use(slice);
  }
}
