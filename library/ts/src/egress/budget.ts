// Retry budget: retries in the window stay <= ratio * calls in the window + minPerSecond * window.

export interface RetryBudgetSettings {
  ratio: number;
  minPerSecond: number;
  windowSeconds: number;
}

/** Buckets of the sliding window: the budget forgets old calls in steps of window / BUCKETS. */
const BUCKETS = 10;

export class RetryBudget {
  private readonly calls = new Float64Array(BUCKETS);
  private readonly retries = new Float64Array(BUCKETS);
  private readonly bucketMillis: number;
  private readonly floor: number;
  /** Number of the bucket `now` falls in, since the clock's origin. */
  private currentBucket = 0;

  constructor(
    private readonly settings: RetryBudgetSettings,
    private readonly now: () => number,
  ) {
    this.bucketMillis = (settings.windowSeconds * 1000) / BUCKETS;
    this.floor = settings.minPerSecond * settings.windowSeconds;
    this.currentBucket = Math.floor(now() / this.bucketMillis);
  }

  recordCall(): void {
    this.calls[this.advance()]!++;
  }

  /** Takes one retry from the budget; false (nothing taken) when it is spent. */
  tryRetry(): boolean {
    const slot = this.advance();
    if (sum(this.retries) + 1 > this.allowance()) return false;
    this.retries[slot]!++;
    return true;
  }

  /** Retries the window allows now. */
  allowance(): number {
    this.advance();
    return this.settings.ratio * sum(this.calls) + this.floor;
  }

  private advance(): number {
    const bucket = Math.floor(this.now() / this.bucketMillis);
    const elapsed = Math.min(bucket - this.currentBucket, BUCKETS);
    for (let i = 1; i <= elapsed; i++) {
      const slot = (this.currentBucket + i) % BUCKETS;
      this.calls[slot] = 0;
      this.retries[slot] = 0;
    }
    if (bucket > this.currentBucket) this.currentBucket = bucket;
    return this.currentBucket % BUCKETS;
  }
}

function sum(values: Float64Array): number {
  let total = 0;
  for (let i = 0; i < values.length; i++) total += values[i]!;
  return total;
}
