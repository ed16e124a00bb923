import { type BoardStore, ConcurrencyConflict } from '../domain/ports';
import type { ChasePrompt } from '../domain/types';

/** Writes one prompt conditional on its ETag and returns the new ETag (ConcurrencyConflict if it moved on). */
export type PromptWriter = (prompt: ChasePrompt, etag: string) => Promise<string>;

interface Queued {
  prompt: ChasePrompt;
  etag: string;
  resolve(etag: string): void;
  reject(e: unknown): void;
}

/** Table storage's limit of operations in one entity group transaction. */
const PER_TRANSACTION = 100;

/**
 * Group commit for one cycle's prompt writes (claims and outcomes; one partition per cycle): a write
 * that finds no commit in flight goes at once, and those that arrive meanwhile go together in the
 * next transaction, up to 100, each still conditional on its own ETag. So nothing waits for a batch
 * to fill, and a busy cycle makes one round trip for many owners. A transaction that conflicts is
 * written again one prompt at a time, so only the prompt that moved on sees the conflict.
 */
export class PromptWriteBatch {
  private readonly queue: Queued[] = [];
  private inFlight: Promise<void> | undefined;

  constructor(private readonly store: BoardStore) {}

  readonly write: PromptWriter = (prompt, etag) =>
    new Promise<string>((resolve, reject) => {
      this.queue.push({ prompt, etag, resolve, reject });
      this.inFlight ??= this.run();
    });

  /** Waits until every write queued so far is committed (or refused). */
  async drain(): Promise<void> {
    while (this.inFlight) await this.inFlight;
  }

  private async run(): Promise<void> {
    // Let writes issued in the same turn join the first transaction.
    await Promise.resolve();
    while (this.queue.length > 0) await this.commit(this.queue.splice(0, PER_TRANSACTION));
    this.inFlight = undefined;
  }

  private async commit(batch: Queued[]): Promise<void> {
    try {
      const etags =
        batch.length === 1
          ? [await this.store.prompts.replace(batch[0].prompt, batch[0].etag)]
          : await this.store.prompts.replaceMany(batch);
      for (const [i, q] of batch.entries()) q.resolve(etags[i]);
    } catch (e) {
      if (!(e instanceof ConcurrencyConflict) || batch.length === 1) {
        for (const q of batch) q.reject(e);
        return;
      }
      await Promise.all(batch.map((q) => this.store.prompts.replace(q.prompt, q.etag).then(q.resolve, q.reject)));
    }
  }
}
