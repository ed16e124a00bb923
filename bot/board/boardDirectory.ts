import type { SettingsRepository } from '../domain/ports';
import type { BoardChannel } from './boardChannel';
import { type BoardChoice, boardChoiceOf } from '../domain/boardChoice';
import { isOpen } from '../domain/types';
import type { CommandDeps } from '../commands/context';

/** One board of the deployment and what its use cases need (its own store, access, jobs and cadence). */
export interface BoardRuntime {
  id: string;
  name: string;
  deps: CommandDeps;
}

/** Who is asking: their Entra object id and, once known, the email the plans use. */
export interface Asker {
  aadObjectId?: string;
  email?: string;
}

const CHOICE = 'boardChoice:';

/**
 * The boards of one deployment, and which one a message, a card action or a tab request is for. A
 * board's data is in its own tables (bot/store/index.ts), so a request answered by one board's deps
 * can read nothing of another's.
 */
export class BoardDirectory {
  constructor(
    readonly boards: readonly BoardRuntime[],
    /** The deployment's shared settings: where each person's `use` choice is kept. */
    private readonly shared: SettingsRepository,
  ) {
    if (boards.length === 0) throw new Error('a deployment serves at least one board');
  }

  get first(): BoardRuntime {
    return this.boards[0];
  }

  get several(): boolean {
    return this.boards.length > 1;
  }

  byId(id: string | undefined): BoardRuntime | undefined {
    return this.boards.find((b) => b.id === id);
  }

  /** Each board's channel, in the boards' order (undefined where none is set yet). */
  channels(): Promise<(BoardChannel | undefined)[]> {
    return Promise.all(this.boards.map((b) => b.deps.access.channel()));
  }

  /** The board whose channel this is; else the one board whose channel is in this team. */
  async forChannel(teamId: string | undefined, channelId: string | undefined): Promise<BoardRuntime | undefined> {
    if (!this.several) return this.first;
    if (!teamId) return undefined;
    const channels = await this.channels();
    const exact = this.boards.find((_, i) => channels[i]?.teamId === teamId && channels[i]?.channelId === channelId);
    if (exact) return exact;
    const sameTeam = this.boards.filter((_, i) => channels[i]?.teamId === teamId);
    return sameTeam.length === 1 ? sameTeam[0] : undefined;
  }

  /** The board whose channel this is, by the channel's id alone (a channel tab knows no more). */
  async withChannel(channelId: string): Promise<BoardRuntime | undefined> {
    const channels = await this.channels();
    return this.boards.find((_, i) => channels[i]?.channelId === channelId);
  }

  /** The board the person's message is for (bot/domain/boardChoice.ts), or the boards to choose between. */
  async choiceFor(
    asker: Asker,
    forSecretariat = false,
  ): Promise<{ board: BoardRuntime } | { ambiguous: BoardRuntime[] }> {
    if (!this.several) return { board: this.first };
    const chosen = asker.aadObjectId ? await this.shared.get(`${CHOICE}${asker.aadObjectId}`) : undefined;
    const choice: BoardChoice = boardChoiceOf({
      boards: this.boards.map((b) => b.id),
      chosen,
      forSecretariat,
      ...(chosen && this.byId(chosen) ? { secretariatOf: [], ownerOn: [] } : await this.rolesOf(asker)),
    });
    if ('board' in choice) return { board: this.byId(choice.board) ?? this.first };
    return { ambiguous: this.boards.filter((b) => choice.ambiguous.includes(b.id)) };
  }

  /** Remembers which board the person's commands are for, until they choose another. */
  async choose(aadObjectId: string, board: BoardRuntime): Promise<void> {
    await this.shared.set(`${CHOICE}${aadObjectId}`, board.id);
  }

  /** The boards whose secretariat the person is in, and those on which they own an open action. */
  async rolesOf(asker: Asker): Promise<{ secretariatOf: string[]; ownerOn: string[] }> {
    const found = await Promise.all(
      this.boards.map(async (b) => {
        const [role, actions] = await Promise.all([
          b.deps.access.roleOf(asker.aadObjectId),
          asker.email ? b.deps.store.actions.listAll() : Promise.resolve([]),
        ]);
        const email = asker.email?.toLowerCase();
        return {
          id: b.id,
          secretariat: role === 'secretariat',
          owner: actions.some((a) => a.ownerEmail.toLowerCase() === email && isOpen(a)),
        };
      }),
    );
    return {
      secretariatOf: found.filter((f) => f.secretariat).map((f) => f.id),
      ownerOn: found.filter((f) => f.owner).map((f) => f.id),
    };
  }
}
