// The first n keys of a ranking without sorting them all: tables and timeline series keep a few of up to a million values.

/** The `n` keys that rank first among those offered: a heap of the n best so far, the worst on top, so a million values cost no sort. */
export class FirstKeys {
  private readonly heap: number[] = [];

  constructor(
    private readonly n: number,
    private readonly before: (a: number, b: number) => boolean,
  ) {}

  offer(key: number): void {
    const { heap, before } = this;
    if (heap.length < this.n) {
      heap.push(key);
      for (let at = heap.length - 1; at > 0 && before(heap[(at - 1) >> 1], heap[at]); at = (at - 1) >> 1) this.swap(at, (at - 1) >> 1);
    } else if (heap.length > 0 && before(key, heap[0])) {
      heap[0] = key;
      for (let at = 0; ;) {
        const left = 2 * at + 1;
        let worst = at;
        if (left < heap.length && before(heap[worst], heap[left])) worst = left;
        if (left + 1 < heap.length && before(heap[worst], heap[left + 1])) worst = left + 1;
        if (worst === at) return;
        this.swap(at, worst);
        at = worst;
      }
    }
  }

  /** The keys kept, best first. */
  ranked(): number[] {
    return this.heap.sort((a, b) => (this.before(a, b) ? -1 : this.before(b, a) ? 1 : 0));
  }

  private swap(a: number, b: number): void {
    [this.heap[a], this.heap[b]] = [this.heap[b], this.heap[a]];
  }
}
