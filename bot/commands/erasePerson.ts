import { randomBytes } from 'node:crypto';
import { pseudonymOf } from '../domain/personalData';
import { isOpen } from '../domain/types';
import type { CommandHandler } from './context';
import type { BoardStore } from '../domain/ports';

/**
 * `erase person <email>` (secretariat): the person's email and names (Teams' and the plan's) are replaced by a pseudonym in
 * every plan's record (current state, history, timeline, kept weekly states) and outside it (their
 * Owners rows go, their prompts are re-keyed). Figures, statuses and dates stay as they were, so the
 * board's history still adds up. Refused while they own open actions (reassign those first). The
 * erasure itself is recorded (when, by whom, the pseudonym and how many rows), never whom it erased.
 */
export const erasePerson: CommandHandler<'erase person'> = async (deps, ctx, { email }) => {
  // A person is one person on every board of the deployment: erased from all, or from none.
  const stores = [deps.store, ...(deps.otherBoards ?? [])];
  const openOf = async (s: BoardStore) =>
    (await s.actions.listAll()).filter((a) => a.ownerEmail === email && isOpen(a));
  const [open, ...elsewhere] = await Promise.all(stores.map(openOf));
  const onOthers = elsewhere.reduce((n, o) => n + o.length, 0);
  if (onOthers > 0)
    return {
      text: `${email} still owns ${onOthers} open action${onOthers === 1 ? '' : 's'} on another board of this deployment: ask its secretariat to reassign ${onOthers === 1 ? 'it' : 'them'}, then erase.`,
    };
  if (open.length > 0)
    return {
      text: `${email} still owns ${open.length} open action${open.length === 1 ? '' : 's'} (${open
        .slice(0, 5)
        .map((a) => a.ref)
        .join(', ')}${open.length > 5 ? ', …' : ''}): reassign ${open.length === 1 ? 'it' : 'them'} first, then erase.`,
    };
  const known = (await deps.store.owners.get(email))?.value;
  const person = { email, name: known?.name, planName: known?.planName };
  const as = pseudonymOf(randomBytes(4).toString('hex'));
  let rows = 0;
  let plans = 0;
  for (const store of stores) {
    // One plan (one Ledger partition) at a time, each in transactions of at most 100 rows.
    for (const plan of await store.plans.list()) {
      rows += await store.personalData.pseudonymisePlan(plan.id, person, as);
      plans++;
    }
    rows += await store.personalData.pseudonymiseOutsideLedger(person, as);
  }
  const at = deps.clock().toISOString();
  const by = ctx.owner?.email ?? ctx.actor.aadObjectId ?? 'unknown';
  await deps.store.settings.set(`erasure:${at}`, JSON.stringify({ at, by, pseudonym: as.email, rows }));
  deps.log.info('a person was erased from the record', { pseudonym: as.email, rows, plans, boards: stores.length });
  return {
    text: `Done: ${email} is now "${as.name}" (${as.email}) in the board's record: ${rows} row${rows === 1 ? '' : 's'} rewritten, every figure unchanged. The erasure is recorded, without the address.`,
  };
};
