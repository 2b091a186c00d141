/**
 * The users a report lists, in one order whatever order the scan delivered them in (a scan split
 * across streams delivers them as each stream answers): by objectGUID as stored, byte by byte,
 * which is the order one stream returns on Samba, so a report reads the same with one stream or
 * several. Users without an objectGUID (none from a DC) come after, as read.
 */

/** objectGUID (hex of the stored bytes) order; undefined last. */
export function compareGuids(a: string | undefined, b: string | undefined): number {
  if (a === undefined || b === undefined) return a === b ? 0 : a === undefined ? 1 : -1;
  return a < b ? -1 : a > b ? 1 : 0;
}

/** What a report keeps of the users, up to `limit` of them: the first `limit` in that order. */
export class KeptInOrder<T> {
  private kept: { readonly key: string | undefined; readonly value: T }[] = [];

  constructor(private readonly limit = Number.POSITIVE_INFINITY) {}

  /** How many were added (kept or not). */
  added = 0;

  add(key: string | undefined, value: T): void {
    this.added++;
    this.kept.push({ key, value });
    // Trimmed now and then, not at every add: memory stays within twice the limit.
    if (this.kept.length >= 2 * this.limit) this.trim();
  }

  private trim(): void {
    this.kept.sort((a, b) => compareGuids(a.key, b.key)); // stable: equal keys stay as read
    if (this.kept.length > this.limit) this.kept.length = this.limit;
  }

  /** The kept values in order (at most `limit`). */
  list(): T[] {
    this.trim();
    return this.kept.map((entry) => entry.value);
  }
}
