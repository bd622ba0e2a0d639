/**
 * A send-rate limiter: at most `perSecond` acquisitions in any one-second window (a sliding log of the
 * last `perSecond` send times). Each sender instance gets the account's SES rate divided by the queue's
 * maximum concurrency, so all of them together never exceed it. Clock and sleep are injectable: the
 * benchmark simulates hours of sending on a fake clock.
 */
export interface Clock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

export const realClock: Clock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

export class RateLimiter {
  private readonly log: number[];
  private head = 0;
  private count = 0;

  constructor(
    readonly perSecond: number,
    private readonly clock: Clock = realClock,
  ) {
    if (!Number.isFinite(perSecond) || perSecond < 1) throw new Error(`send rate must be at least 1/s, got ${perSecond}`);
    this.log = new Array<number>(Math.floor(perSecond)).fill(0);
  }

  /** Resolves when one more send fits in the window, and records it. */
  async acquire(): Promise<void> {
    const size = this.log.length;
    if (this.count === size) {
      // The oldest of the last `size` sends must be a full second old.
      const wait = (this.log[this.head] as number) + 1000 - this.clock.now();
      if (wait > 0) await this.clock.sleep(wait);
      this.head = (this.head + 1) % size;
      this.count--;
    }
    this.log[(this.head + this.count) % size] = this.clock.now();
    this.count++;
  }
}
