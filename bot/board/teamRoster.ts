import { z } from 'zod';
import type { SettingsRepository } from '../domain/ports';

/**
 * Who is in each team the app is installed in, by Entra object id, kept current from the roster
 * (read at install and when a team becomes the board's) and from members added and removed.
 * The board's readers are the members of the board channel's team.
 */
export interface TeamMember {
  aadObjectId: string;
  email?: string;
  name?: string;
}

const key = (teamId: string, aadObjectId = '') => `member:${teamId}:${aadObjectId.toLowerCase()}`;
const schema = z.object({ email: z.string().optional(), name: z.string().optional(), at: z.string() });

export async function isTeamMember(
  settings: SettingsRepository,
  teamId: string,
  aadObjectId: string,
): Promise<boolean> {
  return (await settings.get(key(teamId, aadObjectId))) !== undefined;
}

export async function addTeamMember(settings: SettingsRepository, teamId: string, m: TeamMember, at: string) {
  await settings.set(key(teamId, m.aadObjectId), JSON.stringify(schema.parse({ email: m.email, name: m.name, at })));
}

export async function removeTeamMember(settings: SettingsRepository, teamId: string, aadObjectId: string) {
  await settings.release(key(teamId, aadObjectId));
}

/** Object ids of everyone recorded in the team. */
export async function teamMemberIds(settings: SettingsRepository, teamId: string): Promise<string[]> {
  return (await settings.listPrefix(key(teamId))).map((r) => r.name.slice(key(teamId).length));
}

/** The whole roster as just read: everyone in it is recorded, anyone recorded but no longer in it is removed. */
export async function replaceTeamRoster(
  settings: SettingsRepository,
  teamId: string,
  members: TeamMember[],
  at: string,
): Promise<void> {
  const now = new Set(members.map((m) => m.aadObjectId.toLowerCase()));
  for (const m of members) await addTeamMember(settings, teamId, m, at);
  for (const id of await teamMemberIds(settings, teamId))
    if (!now.has(id)) await removeTeamMember(settings, teamId, id);
}

/** The app was removed from the team: nobody is recorded in it any more. */
export async function forgetTeam(settings: SettingsRepository, teamId: string): Promise<void> {
  for (const id of await teamMemberIds(settings, teamId)) await removeTeamMember(settings, teamId, id);
}
