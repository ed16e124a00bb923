import type { TableClient, TransactionAction } from '@azure/data-tables';
import type { ChasePrompt, PromptState } from '../domain/types';
import { ConcurrencyConflict, type PromptRepository, type Versioned } from '../domain/ports';
import { encodeKey, guarded, isStatus, listAll, parseJson, pk, toEntityProps } from './tables';

/**
 * Chase prompts: PartitionKey = cycle id, RowKey = owner email. Exactly one row per owner per
 * cycle: creating it twice fails (409), and every state change is an ETag-conditional replace,
 * so two instances of the bot can never both claim the same owner.
 */
type PromptEntity = Omit<ChasePrompt, 'actions' | 'answered'> & {
  partitionKey: string;
  rowKey: string;
  actions: string;
};

/** `answered` is not stored: it is worked out from the actions whenever it is needed. */
const toEntity = ({ answered: _derived, ...p }: ChasePrompt) => ({
  partitionKey: p.cycleId,
  rowKey: encodeKey(p.ownerEmail),
  ...toEntityProps(p),
});
const fromEntity = (e: PromptEntity): ChasePrompt => ({
  cycleId: e.partitionKey,
  ownerEmail: e.ownerEmail,
  state: e.state as PromptState,
  actions: parseJson(e.actions) ?? [],
  answered: [],
  reason: e.reason,
  attempts: e.attempts ?? 0,
  claimedBy: e.claimedBy,
  claimedAt: e.claimedAt,
  renewedAt: e.renewedAt,
  sentAt: e.sentAt,
  activityId: e.activityId,
  conversationId: e.conversationId,
  nudgedAt: e.nudgedAt,
  escalatedAt: e.escalatedAt,
});

/** Table storage's limit of operations in one entity group transaction. */
const PER_TRANSACTION = 100;

export class PromptTable implements PromptRepository {
  constructor(private readonly table: TableClient) {}

  async create(prompt: ChasePrompt): Promise<boolean> {
    try {
      await guarded(`Prompt for ${prompt.ownerEmail}`, () => this.table.createEntity(toEntity(prompt)));
      return true;
    } catch (e) {
      if (e instanceof ConcurrencyConflict) return false;
      throw e;
    }
  }

  async createMany(prompts: ChasePrompt[]): Promise<void> {
    for (let i = 0; i < prompts.length; i += PER_TRANSACTION) {
      const chunk = prompts.slice(i, i + PER_TRANSACTION);
      try {
        await guarded(`Prompts of ${chunk[0].cycleId}`, () =>
          this.table.submitTransaction(chunk.map((p): TransactionAction => ['create', toEntity(p)])),
        );
      } catch (e) {
        // Some exist already (a resumed or concurrent planning): create the rest one by one.
        if (!(e instanceof ConcurrencyConflict)) throw e;
        for (const p of chunk) await this.create(p);
      }
    }
  }

  async get(cycleId: string, ownerEmail: string): Promise<Versioned<ChasePrompt> | undefined> {
    try {
      const e = await this.table.getEntity<PromptEntity>(cycleId, encodeKey(ownerEmail));
      return { value: fromEntity(e), etag: e.etag };
    } catch (err) {
      if (isStatus(err, 404)) return undefined;
      throw err;
    }
  }

  async listCycle(cycleId: string): Promise<Versioned<ChasePrompt>[]> {
    return (await listAll<PromptEntity>(this.table, pk(cycleId))).map((e) => ({ value: fromEntity(e), etag: e.etag }));
  }

  async replaceMany(items: { prompt: ChasePrompt; etag: string }[]): Promise<string[]> {
    if (items.length === 0) return [];
    if (items.length > PER_TRANSACTION) throw new Error(`at most ${PER_TRANSACTION} prompts a transaction`);
    const r = await guarded(`Prompts of ${items[0].prompt.cycleId}`, () =>
      this.table.submitTransaction(
        items.map(({ prompt, etag }): TransactionAction => ['update', toEntity(prompt), 'Replace', { etag }]),
      ),
    );
    // Sub-responses come in the order of the operations; an update's carries no RowKey to find it by.
    return items.map((_, i) => r.subResponses[i]?.etag ?? '');
  }

  async replace(prompt: ChasePrompt, etag: string): Promise<string> {
    const r = await guarded(`Prompt for ${prompt.ownerEmail}`, () =>
      this.table.updateEntity(toEntity(prompt), 'Replace', { etag }),
    );
    return r.etag ?? '';
  }
}
