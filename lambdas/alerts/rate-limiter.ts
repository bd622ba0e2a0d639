/**
 * A send-rate limiter: at most `perSecond` acquisitions in any one-second window (a sliding log of the
 * last `perSecond` send times). A rate below 1 (the SES sandbox's 1/s shared by several senders) is
 * one acquisition per 1/perSecond seconds. Each sender instance gets its tier's share of the account's
 * SES rate divided by its queue's maximum concurrency, so all of them together never exceed it. Clock
 * and sleep are injectable: the benchmark simulates hours of sending on a fake clock.
 */
import type { Tier } from '../subscriptions/subscriber';

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
  /** The window `log.length` sends must fit in: one second, or longer for a rate below 1/s. */
  private readonly windowMs: number;

  constructor(
    readonly perSecond: number,
    private readonly clock: Clock = realClock,
  ) {
    if (!Number.isFinite(perSecond) || perSecond <= 0) throw new Error(`send rate must be above 0/s, got ${perSecond}`);
    const size = Math.max(1, Math.floor(perSecond));
    this.log = new Array<number>(size).fill(0);
    this.windowMs = (size * 1000) / perSecond;
  }

  /** Resolves when one more send fits in the window, and records it. */
  async acquire(): Promise<void> {
    const size = this.log.length;
    if (this.count === size) {
      // The oldest of the last `size` sends must be a full window old.
      const wait = (this.log[this.head] as number) + this.windowMs - this.clock.now();
      if (wait > 0) await this.clock.sleep(wait);
      this.head = (this.head + 1) % size;
      this.count--;
    }
    this.log[(this.head + this.count) % size] = this.clock.now();
    this.count++;
  }
}

/** One limiter per tier: a sender instance sends one message at a time, at its tier's share. */
export class TierLimiters {
  constructor(private readonly limiters: Readonly<Record<Tier, RateLimiter>>) {}

  acquire(tier: Tier): Promise<void> {
    return this.limiters[tier].acquire();
  }
}

/**
 * SEND_RATE_PER_SECOND: one rate for both tiers ("50"), or one per tier ("plus=4.72,free=1.57"),
 * messages per second, fractions allowed.
 */
export function parseSendRates(value: string): Record<Tier, number> {
  const positive = (raw: string) => {
    const n = Number(raw);
    if (raw.trim() === '' || !Number.isFinite(n) || n <= 0) throw new Error(`send rate must be a number above 0, got "${raw}"`);
    return n;
  };
  if (!value.includes('=')) {
    const rate = positive(value);
    return { plus: rate, free: rate };
  }
  const rates: Partial<Record<Tier, number>> = {};
  for (const part of value.split(',')) {
    const [tier, raw = ''] = part.split('=', 2).map((s) => s.trim()) as [string, string?];
    if (tier !== 'plus' && tier !== 'free') throw new Error(`send rates: unknown tier "${tier}"`);
    rates[tier] = positive(raw);
  }
  if (rates.plus === undefined || rates.free === undefined) throw new Error(`send rates must name both tiers, got "${value}"`);
  return rates as Record<Tier, number>;
}
