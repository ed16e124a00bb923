import { z } from 'zod';
import { nameOf } from '../domain/people';
import {
  type SecretariatChange,
  type SecretariatMember,
  changeSecretariat,
  configuredSecretariat,
  looksLikeEmail,
} from '../domain/access';
import { type BoardStore, ConcurrencyConflict } from '../domain/ports';

/**
 * The board secretariat, by Entra object id. Until it is first changed in Teams it is the SECRETARIAT
 * setting (object ids as they are; emails once the bot knows that person's object id); from the first
 * `add secretariat` / `remove secretariat` on, the stored list, changed under its ETag.
 */
const KEY = 'secretariat';
const memberSchema = z.object({
  aadObjectId: z.string().min(1),
  name: z.string().optional(),
  email: z.string().optional(),
});
const schema = z.object({ members: z.array(memberSchema) });

/** The secretariat as it stands, and the ETag of the stored list (none while it is still the configured one). */
export async function loadSecretariat(
  store: Pick<BoardStore, 'settings' | 'owners'>,
  configured: readonly string[],
): Promise<{ members: SecretariatMember[]; etag?: string }> {
  const found = await store.settings.getVersioned(KEY);
  if (found) return { members: schema.parse(JSON.parse(found.value)).members, etag: found.etag };
  const known = new Map<string, { aadObjectId?: string; name?: string; planName?: string }>();
  for (const e of configured.filter(looksLikeEmail)) {
    const o = (await store.owners.get(e))?.value;
    if (o) known.set(e, o);
  }
  const members = configuredSecretariat(configured, (e) => known.get(e)?.aadObjectId);
  return { members: members.map((m) => ({ ...m, name: m.email ? nameOf(known.get(m.email)) : undefined })) };
}

/** Adds or removes a member, re-deciding on the fresh list if someone else changed it meanwhile. */
export async function updateSecretariat(
  store: Pick<BoardStore, 'settings' | 'owners'>,
  configured: readonly string[],
  change: SecretariatChange,
): Promise<{ ok: true; members: SecretariatMember[] } | { ok: false; reason: string }> {
  for (let attempt = 0; ; attempt++) {
    const current = await loadSecretariat(store, configured);
    const next = changeSecretariat(current.members, change);
    if (!next.ok) return next;
    const value = JSON.stringify(schema.parse({ members: next.members }));
    try {
      if (current.etag) await store.settings.replace(KEY, value, current.etag);
      else if (!(await store.settings.claim(KEY, value))) throw new ConcurrencyConflict('The secretariat');
      return next;
    } catch (e) {
      if (!(e instanceof ConcurrencyConflict) || attempt >= 4) throw e;
    }
  }
}
