import { applyRetention } from '../../bot/jobs/retention';
import { importPlanRows } from '../../bot/import/importPlan';
import { parsePlanCsv } from '../../bot/import/planCsv';
import { silentLogger } from '../../bot/log';
import { type CsvRow, PEOPLE, planCsv } from '../support/fixtures';
import { freshStore } from '../support/storage';

const row = (plan: string, ref: string, status: string): CsvRow => [
  plan,
  'Theme',
  ref,
  `Action ${ref}`,
  PEOPLE.ben.email,
  '31/03/2019',
  status,
  status === 'Complete' ? '' : 'Green',
  `Narrative by Ben for ${ref}`,
];

test('a closed plan is deleted once RETENTION_YEARS have passed since its last change; open or recent plans stay', async () => {
  const store = await freshStore();
  const at = (iso: string) => new Date(iso);
  // Closed in 2019; still open since 2019; closed last year.
  await importPlanRows(
    store,
    parsePlanCsv(planCsv([row('Old Closed Plan', 'A1', 'Complete')])).rows,
    at('2019-04-01T09:00:00Z'),
  );
  await importPlanRows(
    store,
    parsePlanCsv(planCsv([row('Old Open Plan', 'B1', 'In progress')])).rows,
    at('2019-04-01T09:00:00Z'),
  );
  await importPlanRows(
    store,
    parsePlanCsv(planCsv([row('Recent Closed Plan', 'C1', 'Complete')])).rows,
    at('2025-06-01T09:00:00Z'),
  );
  await store.cycles.create({ id: '2019-04-01', startedAt: '2019-04-01T08:00:00.000Z', trigger: 'schedule' } as never);
  await store.cycles.create({ id: '2026-11-23', startedAt: '2026-11-23T09:00:00.000Z', trigger: 'schedule' } as never);

  const result = await applyRetention({ store, clock: () => at('2026-12-02T06:30:00Z'), log: silentLogger, years: 6 });

  expect(result).toEqual({ plans: ['old-closed-plan'], cycles: 1 });
  expect((await store.plans.list()).map((p) => p.id).sort()).toEqual(['old-open-plan', 'recent-closed-plan']);
  expect(await store.actions.listByPlan('old-closed-plan')).toEqual([]);
  expect(await store.updates.listForPlan('old-closed-plan')).toEqual([]);
  expect((await store.cycles.list()).map((c) => c.id)).toEqual(['2026-11-23']);
  // What was deleted, and why, is kept; the content is not.
  const record = JSON.parse((await store.settings.get('retention:old-closed-plan')) as string);
  expect(record).toMatchObject({ deletedAt: '2026-12-02T06:30:00.000Z', years: 6 });
  expect(JSON.stringify(record)).not.toContain('Ben');
  // Run again: nothing more to do.
  expect(await applyRetention({ store, clock: () => at('2026-12-02T06:30:00Z'), log: silentLogger, years: 6 })).toEqual(
    {
      plans: [],
      cycles: 0,
    },
  );
});
