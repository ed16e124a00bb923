import { AdaptiveCardJson } from '../../cards/render';
import { noticeCard } from '../../cards/noticeCard';
import { BoardStore, Clock } from '../domain/ports';
import { Owner } from '../domain/types';
import { Logger } from '../log';
import { BoardBotError, ErrorCode, userMessageFor } from '../errors';
import { CycleReport } from '../jobs/chaseCycle';
import { buildOwnerCard } from '../replies/ownerCard';
import { Actor } from '../replies/cardActions';
import { COMMANDS, Command, parseCommand } from './parseCommand';

/** What commands need. */
export interface CommandDeps {
  store: BoardStore;
  clock: Clock;
  log: Logger;
  secretariat: string[];
  chaseNow(): Promise<CycleReport>;
}

/** What the bot says back: a card or a line of text. */
export interface CommandReply {
  card?: AdaptiveCardJson;
  text?: string;
}

export const isSecretariat = (secretariat: string[], actor: Actor, owner?: Owner): boolean =>
  Boolean((owner && secretariat.includes(owner.email)) || (actor.aadObjectId && secretariat.includes(actor.aadObjectId.toLowerCase())));

/** The cycle whose prompt to this owner is the latest, so answers from "my actions" count for it. */
async function latestCycleWithPrompt(store: BoardStore, email: string): Promise<string | undefined> {
  const cycles = (await store.cycles.list()).sort((a, b) => b.startedAt.localeCompare(a.startedAt)).slice(0, 3);
  for (const c of cycles) {
    const p = await store.prompts.get(c.id, email);
    if (p && p.value.state !== 'skipped') return c.id;
  }
  return undefined;
}

async function execute(deps: CommandDeps, actor: Actor, owner: Owner | undefined, command: Command): Promise<CommandReply> {
  const secretariat = isSecretariat(deps.secretariat, actor, owner);
  const spec = COMMANDS.find((c) => c.name === command.name);
  if (spec?.secretariat && !secretariat) {
    throw new BoardBotError(ErrorCode.NotSecretariat, `"${command.name}" is for the board secretariat. Type "help" to see what you can do.`);
  }
  switch (command.name) {
    case 'help': {
      const facts = COMMANDS.filter((c) => secretariat || !c.secretariat).map((c) => ({ title: c.usage, value: c.description }));
      return { card: noticeCard({ title: 'What I can do', text: 'Type one of these. In a channel, @mention me first.', facts }) };
    }
    case 'my actions': {
      if (!owner) throw new BoardBotError(ErrorCode.UnknownUser, 'I could not match your Teams account to an owner in the plan. Please ask the board secretariat to check the email on your actions.');
      const cycleId = await latestCycleWithPrompt(deps.store, owner.email);
      return { card: await buildOwnerCard(deps.store, owner, cycleId, deps.clock()) };
    }
    case 'chase': {
      const r = await deps.chaseNow();
      return { text: `Chase ${r.cycleId}: ${r.prompted} owners prompted, ${r.skipped} skipped (updated recently), ${r.unreachable} unreachable, ${r.failed} not delivered yet (will retry).` };
    }
    case 'nonresponders': {
      const id = (await deps.store.cycles.list()).sort((a, b) => b.startedAt.localeCompare(a.startedAt))[0]?.id;
      if (!id) return { text: 'No chase cycle has run yet.' };
      const waiting = (await deps.store.prompts.listCycle(id)).map((p) => p.value).filter((p) => p.state === 'sent' || p.state === 'unknown');
      const unreachable = (await deps.store.prompts.listCycle(id)).map((p) => p.value).filter((p) => p.state === 'unreachable');
      const lines = [...waiting.map((p) => `- ${p.ownerEmail}: ${p.actions.length - p.answered.length} of ${p.actions.length} unanswered${p.escalatedAt ? ' (escalated)' : p.nudgedAt ? ' (nudged)' : ''}`), ...unreachable.map((p) => `- ${p.ownerEmail}: cannot be reached (${p.reason ?? 'no reason recorded'})`)];
      return { text: lines.length ? `Cycle ${id}, not yet answered:\n${lines.join('\n')}` : `Everyone has answered cycle ${id}.` };
    }
  }
}

/** Runs one chat message as a command, turning any failure into a clear reply. */
export async function runCommand(deps: CommandDeps, actor: Actor, owner: Owner | undefined, text: string): Promise<CommandReply> {
  const parsed = parseCommand(text);
  if (!parsed.ok) {
    return { text: parsed.suggestion ? `I don't know "${parsed.text}". Did you mean "${parsed.suggestion}"? Type "help" for everything I can do.` : `I don't know "${parsed.text}". Type "help" for everything I can do.` };
  }
  try {
    return await execute(deps, actor, owner, parsed.command);
  } catch (e) {
    deps.log.warn('command refused', { command: parsed.command.name, error: e });
    return { text: userMessageFor(e) };
  }
}
