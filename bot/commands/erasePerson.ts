import { randomBytes } from 'node:crypto';
import { pseudonymOf } from '../domain/personalData';
import { isOpen } from '../domain/types';
import type { CommandHandler } from './context';

/**
 * `erase person <email>` (secretariat): the person's email and names (Teams' and the plan's) are replaced by a pseudonym in
 * every plan's record (current state, history, timeline, kept weekly states) and outside it (their
 * Owners rows go, their prompts are re-keyed). Figures, statuses and dates stay as they were, so the
 * board's history still adds up. Refused while they own open actions (reassign those first). The
 * erasure itself is recorded (when, by whom, the pseudonym and how many rows), never whom it erased.
 */
export const erasePerson: CommandHandler<'erase person'> = async (deps, ctx, { email }) => {
  const open = (await deps.store.actions.listAll()).filter((a) => a.ownerEmail === email && isOpen(a));
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
  const plans = await deps.store.plans.list();
  let rows = 0;
  // One plan (one Ledger partition) at a time, each in transactions of at most 100 rows.
  for (const plan of plans) rows += await deps.store.personalData.pseudonymisePlan(plan.id, person, as);
  rows += await deps.store.personalData.pseudonymiseOutsideLedger(person, as);
  const at = deps.clock().toISOString();
  const by = ctx.owner?.email ?? ctx.actor.aadObjectId ?? 'unknown';
  await deps.store.settings.set(`erasure:${at}`, JSON.stringify({ at, by, pseudonym: as.email, rows }));
  deps.log.info('a person was erased from the record', { pseudonym: as.email, rows, plans: plans.length });
  return {
    text: `Done: ${email} is now "${as.name}" (${as.email}) in the board's record: ${rows} row${rows === 1 ? '' : 's'} rewritten, every figure unchanged. The erasure is recorded, without the address.`,
  };
};
