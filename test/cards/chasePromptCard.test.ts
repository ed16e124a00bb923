import { readFileSync } from 'node:fs';
import { TEAMS_MESSAGE_BUDGET_BYTES, teamsMessageBytes } from '../../cards/messageSize';
import { join } from 'node:path';
import type * as AC from 'adaptivecards';
import { type ChasePromptInput, MAX_FORMS, chasePromptCard, inputKey } from '../../cards/chasePromptCard';
import { currentState, dueText, RAG_LABEL } from '../../cards/ragText';
import { parsePlanCsv } from '../../bot/import/planCsv';
import { planImport } from '../../bot/import/importPlan';
import { recordedText } from '../../bot/replies/ownerCard';
import { parseCardAction } from '../../bot/replies/cardPayload';
import { type Action, RAGS } from '../../bot/domain/types';
import { PEOPLE, anAction } from '../support/fixtures';
import { ACRuntime, type Json, nodes } from '../support/cardTree';

/** All the text a person reads on the card. */
const textOf = (card: unknown): string =>
  nodes(card)
    .flatMap((o) => ['text', 'title', 'value', 'label', 'placeholder'].map((k) => o[k]))
    .filter((v): v is string => typeof v === 'string')
    .join('\n');
const byId = (card: unknown, id: string): Json | undefined => nodes(card).find((o) => o.id === id);
const executes = (card: unknown): Json[] => nodes(card).filter((o) => o.type === 'Action.Execute');
/** The per-action block of the card: the container whose first line is "<ref> · <title>". */
const blockOf = (card: Json, ref: string): Json => {
  const block = (card.body as Json[]).find(
    (b) => b.type === 'Container' && typeof b.items?.[0]?.text === 'string' && b.items[0].text.startsWith(`${ref} · `),
  );
  if (!block) throw new Error(`no block for ${ref}`);
  return block;
};

/** The card as the Adaptive Cards renderer Teams uses reads it. */
const rendered = (card: Json): AC.AdaptiveCard => {
  const c = new ACRuntime.AdaptiveCard();
  c.parse(card);
  return c;
};

const today = '2026-11-23';
const cycleId = '2026-W48';

/** Ben Okafor's ten actions in the shipped demo plan, as they are after import. */
const bensDemoActions = (): Action[] => {
  const { rows } = parsePlanCsv(readFileSync(join(__dirname, '../../bot/demo/demo-plan.csv'), 'utf8'));
  const { actions } = planImport(rows, new Map(), '2026-11-16T09:00:00.000Z', 'plan import');
  return actions.filter((a) => a.ownerEmail === PEOPLE.ben.email);
};

const amirasActions = () => [
  anAction({
    ref: 'R6.2',
    dueDate: '2026-11-20',
    rag: 'Red',
    narrative: 'Partners have not yet agreed terms of reference.',
    percentComplete: 30,
    revision: 4,
  }),
  anAction({
    ref: 'R4.2',
    dueDate: '2026-11-28',
    rag: 'Amber',
    narrative: 'Legal capacity is stretched.',
    revision: 2,
  }),
  anAction({
    ref: 'R2.2',
    title: 'Hold a partnership summit focusing on good jobs and skills.',
    theme: 'Recommendation 2: Be forward looking',
    dueDate: '2027-01-29',
    rag: 'Green',
    revision: 7,
  }),
];
const cardFor = (overrides: Partial<ChasePromptInput> = {}): Json =>
  chasePromptCard({
    ownerName: PEOPLE.amira.name,
    cycleId,
    today,
    items: amirasActions().map((action) => ({ action })),
    ...overrides,
  });

describe('the chase card, as sent', () => {
  test('is an Adaptive Card 1.5 naming the owner and how many actions need an answer', () => {
    const card = cardFor();
    expect(card.type).toBe('AdaptiveCard');
    expect(card.version).toBe('1.5');
    expect(textOf(card)).toContain('Amira, the board needs the status of these 3 actions');
  });

  test('shows every action with its reference, title, plan, theme and last comment', () => {
    const text = textOf(cardFor());
    for (const a of amirasActions()) {
      expect(text).toContain(`${a.ref} · ${a.title}`);
      expect(text).toContain(`${a.planName} · ${a.theme}`);
      expect(text).toContain(a.narrative!);
    }
  });

  test('leaves no template expression unresolved', () => {
    const withEverything = cardFor({
      banner: { text: 'Your card was out of date, so it has been refreshed.', style: 'warning' },
      items: amirasActions().map((action, i) =>
        i === 0
          ? {
              action,
              error: 'The board needs a comment for Red.',
              values: { status: 'In progress', rag: 'Red', narrative: '' },
            }
          : i === 1
            ? { action, recorded: recordedText(action) }
            : { action },
      ),
    });
    expect(JSON.stringify(withEverything)).not.toContain('${');
    expect(JSON.stringify(cardFor({ ownerName: undefined }))).not.toContain('${');
  });

  test('an owner with ten realistic actions (Ben in the demo plan) gets one card under 80 KB as Teams counts it', () => {
    const actions = bensDemoActions();
    expect(actions).toHaveLength(10);
    const card = chasePromptCard({
      ownerName: PEOPLE.ben.name,
      cycleId,
      today,
      items: actions.map((action) => ({ action })),
    });
    expect(executes(card).filter((e) => e.verb === 'saveUpdate')).toHaveLength(MAX_FORMS);
    expect(executes(card).filter((e) => e.verb === 'noChange')).toHaveLength(10);
    expect(JSON.stringify(card)).toContain(`Forms are shown for ${MAX_FORMS} actions at a time`);
    expect(teamsMessageBytes(card)).toBeLessThan(TEAMS_MESSAGE_BUDGET_BYTES);
  });

  test('an owner with 40 open actions still gets one card under 80 KB as Teams counts it, and the next forms appear as earlier ones are answered', () => {
    const many = Array.from({ length: 40 }, (_, i) =>
      anAction({
        ref: `R9.${i + 1}`,
        title: `Deliver workstream ${i + 1} of the People First transformation programme, with partners.`,
      }),
    );
    const first = chasePromptCard({
      ownerName: PEOPLE.ben.name,
      cycleId,
      today,
      items: many.map((action) => ({ action })),
    });
    console.log(`chase card, 40 open actions: ${teamsMessageBytes(first)} bytes as Teams counts them`);
    expect(teamsMessageBytes(first)).toBeLessThan(TEAMS_MESSAGE_BUDGET_BYTES);
    const later = chasePromptCard({
      ownerName: PEOPLE.ben.name,
      cycleId,
      today,
      items: many.map((action, i) => (i < 6 ? { action, recorded: recordedText(action) } : { action })),
    });
    expect(
      executes(later)
        .filter((e) => e.verb === 'saveUpdate')
        .map((e) => e.data.ref),
    ).toEqual(['R9.7', 'R9.8', 'R9.9', 'R9.10', 'R9.11', 'R9.12']);
  });

  test('the renderer reads the card without errors', () => {
    const ctx = new ACRuntime.SerializationContext();
    new ACRuntime.AdaptiveCard().parse(cardFor(), ctx);
    expect(ctx.eventCount).toBe(0);
  });
});

describe('RAG is never shown by colour alone', () => {
  test('each RAG label is its word with its own symbol', () => {
    const symbols = RAGS.map((rag) => {
      const label = RAG_LABEL[rag];
      expect(label).toContain(rag);
      const symbol = label.split(rag)[0].trim();
      expect(symbol).not.toBe('');
      expect(symbol).not.toMatch(/[A-Za-z0-9]/);
      return symbol;
    });
    expect(new Set(symbols).size).toBe(RAGS.length);
  });

  test('the current state of each action shows the RAG as a word with a symbol', () => {
    const card = cardFor();
    expect(textOf(blockOf(card, 'R6.2'))).toContain(`${RAG_LABEL.Red} · In progress · 30%`);
    expect(textOf(blockOf(card, 'R4.2'))).toContain(RAG_LABEL.Amber);
    expect(textOf(blockOf(card, 'R2.2'))).toContain(RAG_LABEL.Green);
  });

  test('the RAG choices read as words with symbols, and submit the plain RAG', () => {
    const choices = byId(cardFor(), `rag|${inputKey(amirasActions()[0])}`)!.choices;
    expect(choices).toEqual(RAGS.map((rag) => ({ title: RAG_LABEL[rag], value: rag })));
  });

  test('a completed action shows as complete, not green', () => {
    expect(currentState({ status: 'Complete', rag: 'Green', percentComplete: 100 })).toMatch(/Complete/);
    expect(currentState({ status: 'Complete', rag: 'Green', percentComplete: 100 })).not.toMatch(/Green/);
  });
});

describe('the buttons on each action', () => {
  const card = cardFor();

  test.each(amirasActions().map((a) => [a.ref, a] as const))(
    '%s has Update, No change, Not my action and Save',
    (ref, a) => {
      const block = blockOf(card, ref);
      const titles = nodes(block)
        .filter((o) => typeof o.type === 'string' && o.type.startsWith('Action.'))
        .map((o) => o.title);
      expect(titles).toEqual([`Update ${ref}`, 'No change', 'Not my action', `Save ${ref}`]);
      const update = nodes(block).find((o) => o.type === 'Action.ToggleVisibility')!;
      expect(update.targetElements).toEqual([`form|${inputKey(a)}`]);
      expect(byId(block, `form|${inputKey(a)}`)).toBeDefined();
    },
  );

  test.each(amirasActions().map((a) => [a.ref, a] as const))(
    '%s: each button carries the plan, reference, numeric revision and cycle',
    (ref, a) => {
      const buttons = executes(blockOf(card, ref));
      expect(buttons.map((b) => b.verb)).toEqual(['noChange', 'notMine', 'saveUpdate']);
      for (const b of buttons) {
        expect(b.data).toEqual({ planId: a.planId, ref, rev: a.revision, cycleId });
        expect(typeof b.data.rev).toBe('number');
        // What the bot reads back from the click is the same action.
        expect(parseCardAction(b.verb, b.data).data).toMatchObject({
          verb: b.verb,
          planId: a.planId,
          ref,
          rev: a.revision,
          cycleId,
        });
      }
    },
  );

  test('No change and Not my action do not submit the form inputs; Save does', () => {
    for (const b of executes(card)) {
      if (b.verb === 'saveUpdate') expect(b.associatedInputs).not.toBe('none');
      else expect(b.associatedInputs).toBe('none');
    }
  });

  test('the form is hidden until the owner chooses Update', () => {
    for (const a of amirasActions())
      expect(rendered(card).getElementById(`form|${inputKey(a)}`)!.isVisible).toBe(false);
  });

  test('the form starts from the current status and RAG, and only offers revised dates after today', () => {
    const r62 = inputKey(amirasActions()[0]);
    expect(byId(card, `status|${r62}`)!.value).toBe('In progress');
    expect(byId(card, `rag|${r62}`)!.value).toBe('Red');
    expect(byId(card, `date|${r62}`)!.min).toBe('2026-11-24');
  });

  test('the current % complete is filled in as a number the renderer shows', () => {
    const r62 = inputKey(amirasActions()[0]);
    const input = rendered(card).getElementById(`percent|${r62}`) as AC.NumberInput;
    expect(input.defaultValue).toBe(30);
  });
});

describe('an answer that was refused', () => {
  const [r62, r42, r22] = amirasActions();
  const typed = {
    status: 'In progress',
    rag: 'Red',
    narrative: '',
    percent: '55',
    proposedDate: '2027-01-29',
    proposedReason: 'Partnership Executive Group meets in January.',
  };
  const card = cardFor({
    items: [
      {
        action: r62,
        error: 'The board needs a comment for Red: say what is at risk and what is being done.',
        values: typed,
      },
      { action: r42 },
      { action: r22 },
    ],
  });
  const ui = rendered(card);
  const id = inputKey(r62);

  test('shows the error on that action', () => {
    expect(textOf(blockOf(card, 'R6.2'))).toContain(
      'The board needs a comment for Red: say what is at risk and what is being done.',
    );
    expect(textOf(blockOf(card, 'R4.2'))).not.toContain('The board needs a comment');
  });

  test('its form is open; the other forms stay closed', () => {
    expect(byId(card, `form|${id}`)!.isVisible).toBe(true);
    expect(ui.getElementById(`form|${id}`)!.isVisible).toBe(true);
    expect(ui.getElementById(`form|${inputKey(r42)}`)!.isVisible).toBe(false);
  });

  test('keeps what the owner typed in the text, choice and date inputs', () => {
    expect((ui.getElementById(`status|${id}`) as AC.ChoiceSetInput).defaultValue).toBe('In progress');
    expect((ui.getElementById(`rag|${id}`) as AC.ChoiceSetInput).defaultValue).toBe('Red');
    expect((ui.getElementById(`date|${id}`) as AC.DateInput).defaultValue).toBe('2027-01-29');
    expect((ui.getElementById(`reason|${id}`) as AC.TextInput).defaultValue).toBe(
      'Partnership Executive Group meets in January.',
    );
  });

  test('keeps the % complete the owner typed', () => {
    expect((ui.getElementById(`percent|${id}`) as AC.NumberInput).defaultValue).toBe(55);
  });

  test('a typed status overrides the stored one', () => {
    const c = cardFor({
      items: [
        {
          action: r62,
          error: 'Choose Green, Amber or Red for work that is not complete.',
          values: { status: 'Not started', rag: '' },
        },
      ],
    });
    expect(byId(c, `status|${id}`)!.value).toBe('Not started');
    expect(byId(c, `rag|${id}`)!.value).toBe('');
  });
});

describe('an answer already recorded', () => {
  const [r62, r42, r22] = amirasActions();
  const stored: Action = {
    ...r42,
    status: 'In progress',
    rag: 'Amber',
    narrative: 'Legal sign-off due 4 December.',
    revision: 3,
    lastReplyAt: '2026-11-23T10:12:00.000Z',
  };
  const recorded = recordedText(stored, new Date('2026-11-23T10:12:00.000Z'));

  test('shows what was recorded, and no inputs or buttons for that action', () => {
    const card = cardFor({ items: [{ action: r62 }, { action: stored, recorded }, { action: r22 }] });
    const block = blockOf(card, 'R4.2');
    expect(textOf(block)).toContain(recorded);
    expect(textOf(block)).toContain(RAG_LABEL.Amber);
    expect(
      nodes(block).filter(
        (o) => typeof o.type === 'string' && (o.type.startsWith('Input.') || o.type.startsWith('Action.')),
      ),
    ).toEqual([]);
    expect(byId(card, `form|${inputKey(stored)}`)).toBeUndefined();
    // The others are still asked about.
    expect(executes(blockOf(card, 'R6.2'))).toHaveLength(3);
    expect(textOf(card)).toContain('these 2 actions');
  });

  test('when every action is recorded, the card says thank you and asks nothing', () => {
    const card = cardFor({ items: [r62, r42, r22].map((action) => ({ action, recorded: recordedText(action) })) });
    expect(textOf(card)).toContain('Thank you');
    expect(textOf(card)).toContain('All 3 actions below are recorded');
    expect(executes(card)).toEqual([]);
    expect(nodes(card).filter((o) => typeof o.type === 'string' && o.type.startsWith('Input.'))).toEqual([]);
  });
});

describe('"No change to any of these"', () => {
  const [r62, r42, r22] = amirasActions();
  const noChangeAll = (card: Json) => executes(card).filter((e) => e.verb === 'noChangeAll');

  test('appears once when several actions are pending, and carries every pending one with its revision', () => {
    const card = cardFor({ items: [{ action: r62 }, { action: r42, recorded: recordedText(r42) }, { action: r22 }] });
    const [button, ...others] = noChangeAll(card);
    expect(others).toEqual([]);
    expect(button.title).toBe('No change to any of these');
    expect(button.associatedInputs).toBe('none');
    expect(button.data).toEqual({
      cycleId,
      items: [
        { planId: r62.planId, ref: 'R6.2', rev: 4 },
        { planId: r22.planId, ref: 'R2.2', rev: 7 },
      ],
    });
    expect(parseCardAction(button.verb, button.data).success).toBe(true);
  });

  test('does not appear when only one action is pending', () => {
    expect(noChangeAll(cardFor({ items: [{ action: r62 }] }))).toEqual([]);
    expect(noChangeAll(cardFor({ items: [{ action: r62 }, { action: r42, recorded: recordedText(r42) }] }))).toEqual(
      [],
    );
  });

  test('does not appear when nothing is pending', () => {
    expect(
      noChangeAll(
        cardFor({
          items: [
            { action: r62, recorded: recordedText(r62) },
            { action: r42, recorded: recordedText(r42) },
          ],
        }),
      ),
    ).toEqual([]);
  });
});

describe('due dates in words', () => {
  test('overdue and due-soon wording on the card', () => {
    const card = cardFor({
      items: [
        { action: anAction({ ref: 'R6.2', dueDate: '2026-11-20' }) },
        { action: anAction({ ref: 'R4.2', dueDate: '2026-11-28' }) },
      ],
    });
    expect(textOf(blockOf(card, 'R6.2'))).toContain('20 Nov 2026 (overdue by 3 days)');
    expect(textOf(blockOf(card, 'R4.2'))).toContain('28 Nov 2026 (in 5 days)');
  });

  test.each([
    ['2026-11-22', '(overdue by 1 day)'],
    ['2026-11-23', '(due today)'],
    ['2026-11-24', '(in 1 day)'],
    ['2026-12-18', '(in 25 days)'],
  ])('due %s, seen on 23 November 2026: %s', (dueDate, words) => {
    expect(dueText({ dueDate, status: 'In progress' }, today)).toContain(words);
  });

  test('across the clocks going back, day counts stay whole', () => {
    expect(dueText({ dueDate: '2026-10-30', status: 'In progress' }, '2026-10-20')).toContain('(in 10 days)');
  });

  test('a completed action is never called overdue', () => {
    expect(dueText({ dueDate: '2026-07-31', status: 'Complete' }, today)).not.toMatch(/overdue|in \d+ day/);
  });

  test('a proposed revised date shows beside the original, which stays', () => {
    const text = dueText(
      {
        dueDate: '2026-12-18',
        status: 'In progress',
        revisedDate: {
          date: '2027-01-29',
          reason: 'Cabinet moved.',
          state: 'proposed',
          proposedAt: '2026-11-23T10:12:00Z',
          proposedBy: PEOPLE.amira.email,
        },
      },
      today,
    );
    expect(text).toMatch(/18 Dec 2026.*revised date proposed.*29 Jan 2027/);
  });

  test('a rejected revised date is not shown', () => {
    const text = dueText(
      {
        dueDate: '2026-12-18',
        status: 'In progress',
        revisedDate: {
          date: '2027-01-29',
          reason: 'Cabinet moved.',
          state: 'rejected',
          proposedAt: '2026-11-23T10:12:00Z',
          proposedBy: PEOPLE.amira.email,
        },
      },
      today,
    );
    expect(text).not.toContain('2027');
  });
});
