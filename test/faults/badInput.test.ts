import fc from 'fast-check';
import { parseCardAction, parseReplyFields } from '../../bot/replies/cardPayload';
import { handleCardAction } from '../../bot/replies/cardActions';
import { COMMANDS, parseCommand } from '../../bot/commands/parseCommand';
import { parsePlanCsv } from '../../bot/import/planCsv';
import { importPlanRows } from '../../bot/import/importPlan';
import { inputKey } from '../../cards/chasePromptCard';
import { silentLogger } from '../../bot/log';
import { PEOPLE, SEED_ROWS, planCsv } from '../support/fixtures';
import { freshStore } from '../support/storage';
import { recordOutcome } from './ledger';

const VERBS = ['saveUpdate', 'noChange', 'notMine', 'noChangeAll'];

test('the card-submit parser never throws, whatever arrives, and accepts only known verbs', () => {
  fc.assert(
    fc.property(fc.oneof(fc.constantFrom(...VERBS), fc.anything()), fc.anything(), (verb, data) => {
      const r = parseCardAction(verb, data);
      if (r.success) expect(VERBS).toContain(r.data.verb);
    }),
    { numRuns: 3000 },
  );
  fc.assert(
    fc.property(
      fc.record(
        {
          status: fc.string(),
          rag: fc.string(),
          narrative: fc.string({ maxLength: 3000 }),
          percent: fc.string(),
          proposedDate: fc.string(),
          proposedReason: fc.string(),
        },
        { requiredKeys: [] },
      ),
      (values) => {
        const r = parseReplyFields(values);
        expect(Boolean(r.fields) !== Object.keys(r.errors).length > 0).toBe(true);
      },
    ),
    { numRuns: 3000 },
  );
});

/** The command a message names, as a person reads it: its first words, longest name first. */
const namedCommand = (text: string) => {
  const said = text.replace(/\s+/g, ' ').trim().toLowerCase();
  return [...COMMANDS]
    .sort((a, b) => b.name.length - a.name.length)
    .find((c) => said === c.name || said.startsWith(`${c.name} `));
};

test('the chat-command parser never throws on any text, and answers with the command named, its usage, or a real one', () => {
  fc.assert(
    fc.property(
      fc.oneof(
        fc.string({ maxLength: 3000 }),
        fc.string({ unit: 'grapheme', maxLength: 200 }),
        fc
          .tuple(fc.constantFrom(...COMMANDS.map((c) => c.name)), fc.constantFrom('', ' ', '  ', '\n'), fc.string())
          .map(([c, gap, s]) => `${c}${gap}${s}`),
      ),
      (text) => {
        const r = parseCommand(text);
        const named = namedCommand(text);
        if (r.ok) expect(r.command.name).toBe(named?.name);
        else if (named) expect(r.problem).toContain(`Usage: ${named.usage}`);
        else {
          // Not a command: no usage line for some other command, and any "did you mean" is a command that exists.
          expect(r.problem).toBeUndefined();
          if (r.suggestion !== undefined) expect(COMMANDS.map((c) => c.name)).toContain(r.suggestion);
        }
      },
    ),
    { numRuns: 5000 },
  );
});

/** A plan file with random rows, some good, some broken in the ways people break them. */
const messyCell = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.constantFrom(
    '',
    '"',
    'a,b',
    'line\nbreak',
    '\ufeff',
    '31/02/2026',
    '2026-13-01',
    'AMBER',
    'in progress',
    '=1+1',
    'x'.repeat(2100),
  ),
);
const row = fc.oneof(
  fc.constantFrom(...SEED_ROWS),
  fc.tuple(messyCell, messyCell, messyCell, messyCell, messyCell, messyCell, messyCell, messyCell, messyCell),
);

test('the plan importer never throws and is all or nothing: any problem means no rows at all', () => {
  fc.assert(
    fc.property(fc.array(row, { maxLength: 30 }), fc.boolean(), (rows, crlf) => {
      const text = planCsv(rows as never);
      const r = parsePlanCsv(crlf ? text.replace(/\n/g, '\r\n') : text);
      if (r.problems.length > 0) expect(r.rows).toEqual([]);
      for (const p of r.problems) expect(p.line).toBeGreaterThanOrEqual(0);
    }),
    { numRuns: 1500 },
  );
  fc.assert(
    fc.property(fc.string({ maxLength: 5000 }), (raw) => void parsePlanCsv(raw)),
    { numRuns: 3000 },
  );
});

test('random card clicks against real storage leave nothing behind unless the owner was told "recorded"', async () => {
  const store = await freshStore();
  await importPlanRows(store, parsePlanCsv(planCsv(SEED_ROWS)).rows, new Date('2026-11-16T09:00:00Z'));
  for (const p of [PEOPLE.amira, PEOPLE.ben]) await store.owners.save({ email: p.email, aadObjectId: p.aadObjectId });
  const deps = { store, clock: () => new Date('2026-11-23T10:00:00Z'), log: silentLogger };
  const key = inputKey({ planId: 'lga-cpc-action-plan-2023', ref: 'R4.2' });
  let partial = 0;
  await fc.assert(
    fc.asyncProperty(
      fc.constantFrom(PEOPLE.amira, PEOPLE.ben, { aadObjectId: 'ffffffff-0000-4000-8000-000000000000' }),
      fc.constantFrom(...VERBS, 'deleteAll'),
      fc.record(
        {
          planId: fc.constantFrom('lga-cpc-action-plan-2023', 'hr-improvement-plan', 'nope', ''),
          ref: fc.constantFrom('R4.2', 'R6.2', 'HR1.2', 'R99', ''),
          rev: fc.oneof(fc.constant(1), fc.integer(), fc.string(), fc.constant(null)),
          cycleId: fc.option(fc.string({ maxLength: 90 }), { nil: undefined }),
          [`status|${key}`]: fc.oneof(fc.constantFrom('In progress', 'Complete', 'Bogus'), fc.string()),
          [`rag|${key}`]: fc.constantFrom('Green', 'Amber', 'Red', '', 'Purple'),
          [`narrative|${key}`]: fc.oneof(fc.constant(''), fc.string({ maxLength: 50 }), fc.constant('y'.repeat(2500))),
          items: fc.anything(),
        },
        { requiredKeys: [] },
      ),
      async (actor, verb, data) => {
        const before =
          (await store.updates.listForPlan('lga-cpc-action-plan-2023')).length +
          (await store.updates.listForPlan('hr-improvement-plan')).length;
        const card = JSON.stringify(await handleCardAction(deps, actor, verb, data));
        const after =
          (await store.updates.listForPlan('lga-cpc-action-plan-2023')).length +
          (await store.updates.listForPlan('hr-improvement-plan')).length;
        const told =
          card.includes('is recorded for the board') ||
          card.includes('no change recorded') ||
          card.includes('will reassign') ||
          card.includes('"No change" recorded') ||
          card.includes('Recorded "no change"');
        if (!told && after !== before) partial += 1;
        expect(told || after === before).toBe(true);
      },
    ),
    { numRuns: 100, timeout: 10_000, markInterruptAsFailure: true },
  );
  recordOutcome({
    fault: '100 random card clicks (wrong owners, bad verbs, bad values, stale revisions)',
    repliesLost: partial,
  });
  expect(partial).toBe(0);
}, 240_000);
