import { z } from 'zod';
import type { SettingsRepository } from '../domain/ports';

/** The board's channel: chosen on purpose by the secretariat, never by an install. */
export interface BoardChannel {
  /** The channel's conversation reference (JSON), for posting the digest. */
  conversation: string;
  teamId: string;
  teamName?: string;
  channelId: string;
  /** Who made it the board channel (Entra object id), and when. */
  setBy: string;
  setAt: string;
}

const KEY = 'board';
const schema = z.object({
  conversation: z.string().min(1),
  teamId: z.string().min(1),
  teamName: z.string().optional(),
  channelId: z.string().min(1),
  setBy: z.string(),
  setAt: z.string(),
});

/** The board channel, if the secretariat has set one. */
export async function boardChannelOf(settings: SettingsRepository): Promise<BoardChannel | undefined> {
  const raw = await settings.get(KEY);
  if (!raw) return undefined;
  const parsed = schema.safeParse(JSON.parse(raw));
  return parsed.success ? parsed.data : undefined;
}

/** Makes (or moves) the board channel; the caller records the change in the board's log. */
export async function setBoardChannel(settings: SettingsRepository, channel: BoardChannel): Promise<void> {
  await settings.set(KEY, JSON.stringify(schema.parse(channel)));
}
