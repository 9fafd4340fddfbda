// A bounded FIFO of log lines (a ring buffer), each with an optional mark such as a file offset.

export class BoundedLineQueue {
  private readonly lines: Array<string | undefined>;
  private readonly marks: Float64Array;
  private head = 0;
  private count = 0;

  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new Error(`queue capacity must be an integer >= 1, got ${capacity}`);
    this.lines = new Array<string | undefined>(capacity);
    this.marks = new Float64Array(capacity);
  }

  get length(): number {
    return this.count;
  }

  get full(): boolean {
    return this.count === this.capacity;
  }

  /** False (and nothing stored) when full. */
  push(line: string, mark: number): boolean {
    if (this.count === this.capacity) return false;
    const index = (this.head + this.count) % this.capacity;
    this.lines[index] = line;
    this.marks[index] = mark;
    this.count++;
    return true;
  }

  /** The oldest `max` lines, left in the queue. */
  peek(max: number): string[] {
    const size = Math.min(max, this.count);
    const batch = new Array<string>(size);
    for (let i = 0; i < size; i++) batch[i] = this.lines[(this.head + i) % this.capacity]!;
    return batch;
  }

  /** The mark of the `size`-th oldest line. */
  markAt(size: number): number {
    return this.marks[(this.head + size - 1) % this.capacity]!;
  }

  /** Removes the oldest `size` lines. */
  remove(size: number): void {
    const removed = Math.min(size, this.count);
    for (let i = 0; i < removed; i++) this.lines[(this.head + i) % this.capacity] = undefined;
    this.head = (this.head + removed) % this.capacity;
    this.count -= removed;
  }
}
