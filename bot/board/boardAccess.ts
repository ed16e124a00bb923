import { type BoardRole, type SecretariatChange, boardRoleOf, labelOf } from '../domain/access';
import type { BoardStore, Clock } from '../domain/ports';
import { type BoardChange, boardChanges, recordBoardChange } from './boardLog';
import { type BoardChannel, boardChannelOf, setBoardChannel } from './boardChannel';
import { loadSecretariat, updateSecretariat } from './secretariat';
import { isTeamMember } from './teamRoster';

/** Who is acting: their Entra object id and the name Teams shows. */
export interface Changer {
  aadObjectId: string;
  name?: string;
}

/**
 * The board's access, read from storage: the one place chat commands, card actions, the tab and the
 * jobs ask who is in the secretariat and who may read the board (the rule itself: bot/domain/access.ts).
 */
export class BoardAccess {
  constructor(
    private readonly store: Pick<BoardStore, 'settings' | 'shared' | 'owners'>,
    /** The SECRETARIAT setting: the first secretariat, before any change made in Teams. */
    private readonly configured: readonly string[],
    private readonly clock: Clock,
  ) {}

  /** The person's role: secretariat (by object id), member (in the board team's roster), or outsider. */
  async roleOf(aadObjectId: string | undefined): Promise<BoardRole> {
    if (!aadObjectId) return 'outsider';
    const [secretariat, board] = await Promise.all([this.secretariatIds(), this.channel()]);
    const inBoardTeam = board ? await isTeamMember(this.store.shared, board.teamId, aadObjectId) : false;
    return boardRoleOf({ aadObjectId }, { secretariat, inBoardTeam });
  }

  async secretariatIds(): Promise<string[]> {
    return (await loadSecretariat(this.store, this.configured)).members.map((m) => m.aadObjectId);
  }

  secretariat() {
    return loadSecretariat(this.store, this.configured).then((s) => s.members);
  }

  channel(): Promise<BoardChannel | undefined> {
    return boardChannelOf(this.store.settings);
  }

  /** Makes (or moves) the board channel, and records who did it. */
  async setChannel(channel: Omit<BoardChannel, 'setBy' | 'setAt'>, by: Changer): Promise<BoardChannel | undefined> {
    const previous = await this.channel();
    const at = this.clock().toISOString();
    await setBoardChannel(this.store.settings, { ...channel, setBy: by.aadObjectId, setAt: at });
    const where = `${channel.teamName ?? channel.teamId} (channel ${channel.channelId})`;
    await this.record(by, previous ? `moved the board channel to ${where}` : `made ${where} the board channel`);
    return previous;
  }

  /** Adds or removes a secretariat member (never the last one), and records who did it. */
  async changeSecretariat(change: SecretariatChange, by: Changer) {
    const result = await updateSecretariat(this.store, this.configured, change);
    if (result.ok)
      await this.record(
        by,
        change.kind === 'add'
          ? `added ${labelOf(change.member)} (${change.member.aadObjectId}) to the secretariat`
          : `removed ${change.label} (${change.aadObjectId}) from the secretariat`,
      );
    return result;
  }

  changes(): Promise<BoardChange[]> {
    return boardChanges(this.store.settings);
  }

  private record(by: Changer, what: string): Promise<void> {
    return recordBoardChange(this.store.settings, {
      at: this.clock().toISOString(),
      by: by.aadObjectId,
      byName: by.name,
      what,
    });
  }
}
