import type { BoardStore } from '../../bot/domain/ports';
import { importPlanRows } from '../../bot/import/importPlan';
import { parsePlanCsv } from '../../bot/import/planCsv';
import { type CsvRow, PEOPLE, type Person, SEED_ROWS, TENANT, planCsv } from './fixtures';

/** How the fault tests name their made-up officers: email and Teams user id by number. */
export interface Officers {
  count: number;
  /** Actions per officer (one unless said). */
  actionsEach?: number;
  email: (i: number) => string;
  teamsUserId?: (i: number) => string;
}

/** Actions for officers 0…count-1 (one each unless said), spread over the eleven CPC recommendations of seed 000. */
export const officerRows = ({ count, email, actionsEach = 1 }: Officers): CsvRow[] =>
  Array.from({ length: count * actionsEach }, (_, i) => [
    'LGA CPC Action Plan 2023',
    `Recommendation ${(i % 11) + 1}`,
    `R${(i % 11) + 1}.${i + 1}`,
    `Deliver improvement ${i + 1} agreed with the Transformation Advisory Board.`,
    email(i % count),
    '2027-01-29',
    'In progress',
    'Green',
    'On track.',
  ]);

/** Registers the officers as the team roster would (Entra id, Teams user id, tenant, service URL). */
export async function saveOfficers(store: BoardStore, o: Officers, serviceUrl: string): Promise<void> {
  for (let i = 0; i < o.count; i++) {
    await store.owners.save({
      email: o.email(i),
      aadObjectId: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
      teamsUserId: o.teamsUserId?.(i) ?? `29:officer-${i}`,
      tenantId: TENANT,
      serviceUrl,
    });
  }
}

/** A board of one action per officer, imported on Monday 16 Nov 2026, every officer reachable in Teams. */
export async function seedOfficers(store: BoardStore, o: Officers, serviceUrl: string): Promise<void> {
  await importPlanRows(store, parsePlanCsv(planCsv(officerRows(o))).rows, new Date('2026-11-16T09:00:00Z'));
  await saveOfficers(store, o, serviceUrl);
}

/** The seed plan (test/support/fixtures.ts) imported at `at`, and these people registered as the team roster would. */
export async function seedPlanWithOwners(
  store: BoardStore,
  serviceUrl: string,
  people: Person[] = [PEOPLE.amira, PEOPLE.ben, PEOPLE.carys],
  at = new Date('2026-11-20T09:00:00Z'),
): Promise<void> {
  await importPlanRows(store, parsePlanCsv(planCsv(SEED_ROWS)).rows, at);
  for (const p of people)
    await store.owners.save({
      email: p.email,
      name: p.name,
      aadObjectId: p.aadObjectId,
      teamsUserId: p.id,
      tenantId: TENANT,
      serviceUrl,
    });
}
