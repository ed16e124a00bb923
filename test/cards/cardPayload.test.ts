import { inputKey } from '../../cards/chasePromptCard';
import { formValuesOf, parseCardAction, parseReplyFields } from '../../bot/replies/cardPayload';
import { anAction } from '../support/fixtures';

const r42 = anAction({ revision: 3 });
const key = { planId: r42.planId, ref: r42.ref, rev: r42.revision, cycleId: '2026-W48' };
const id = inputKey(r42);

describe('parseCardAction: the clicks the chase card sends', () => {
  test('Save: keeps the action key and the typed inputs', () => {
    const r = parseCardAction('saveUpdate', {
      ...key,
      [`status|${id}`]: 'In progress',
      [`rag|${id}`]: 'Amber',
      [`narrative|${id}`]: 'Legal capacity is stretched.',
    });
    expect(r.success).toBe(true);
    expect(r.data).toMatchObject({ verb: 'saveUpdate', planId: r42.planId, ref: 'R4.2', rev: 3, cycleId: '2026-W48' });
    expect(r.data?.verb === 'saveUpdate' && r.data.inputs[`rag|${id}`]).toBe('Amber');
  });

  test.each(['noChange', 'notMine'] as const)('%s: the action key and cycle', (verb) => {
    const r = parseCardAction(verb, key);
    expect(r.success).toBe(true);
    expect(r.data).toEqual({ verb, planId: r42.planId, ref: 'R4.2', rev: 3, cycleId: '2026-W48' });
  });

  test('a rev sent as a numeric string is read as a number', () => {
    expect(parseCardAction('noChange', { ...key, rev: '3' }).data).toMatchObject({ rev: 3 });
  });

  test('an empty cycle id means no cycle (a card sent outside a cycle)', () => {
    const r = parseCardAction('notMine', { ...key, cycleId: '' });
    expect(r.success).toBe(true);
    expect(r.data?.verb === 'notMine' && r.data.cycleId).toBeUndefined();
  });

  test('No change to any of these: every pending item with its revision', () => {
    const items = [
      { planId: r42.planId, ref: 'R4.2', rev: 3 },
      { planId: r42.planId, ref: 'R6.2', rev: 7 },
    ];
    const r = parseCardAction('noChangeAll', { cycleId: '2026-W48', items });
    expect(r.success).toBe(true);
    expect(r.data).toEqual({ verb: 'noChangeAll', cycleId: '2026-W48', items });
  });

  test('No change to any of these with no items is refused', () => {
    expect(parseCardAction('noChangeAll', { cycleId: '2026-W48', items: [] }).success).toBe(false);
  });

  test.each(['deleteAction', 'approveDate', '', undefined, 42])('an unknown verb (%j) is refused', (verb) => {
    expect(parseCardAction(verb, key).success).toBe(false);
  });

  test('a click with no data at all is refused', () => {
    expect(parseCardAction('noChange', undefined).success).toBe(false);
    expect(parseCardAction('noChange', 'R4.2').success).toBe(false);
  });

  test('a missing or empty reference is refused', () => {
    const { ref: _ref, ...noRef } = key;
    expect(parseCardAction('noChange', noRef).success).toBe(false);
    expect(parseCardAction('noChange', { ...key, ref: '' }).success).toBe(false);
    expect(parseCardAction('saveUpdate', noRef).success).toBe(false);
  });

  test('a missing plan is refused', () => {
    const { planId: _planId, ...noPlan } = key;
    expect(parseCardAction('notMine', noPlan).success).toBe(false);
  });

  test.each([['abc'], [-1], [1.5], [undefined]])('a revision that is not a whole number (%j) is refused', (rev) => {
    expect(parseCardAction('noChange', { ...key, rev }).success).toBe(false);
  });

  // A revision guards against stale cards; a value that is not a number must not be read as revision 0 or 1.
  test.each([[''], [null], [true], [[]]])('a non-numeric revision (%j) is refused, not coerced to a number', (rev) => {
    expect(parseCardAction('noChange', { ...key, rev }).success).toBe(false);
  });

  test.each([
    ['ref', 'R'.repeat(41)],
    ['planId', 'p'.repeat(81)],
    ['cycleId', 'c'.repeat(81)],
  ])('an oversize %s is refused', (field, value) => {
    expect(parseCardAction('noChange', { ...key, [field]: value }).success).toBe(false);
  });

  test('an oversize item in No change to any of these is refused', () => {
    expect(
      parseCardAction('noChangeAll', {
        cycleId: '2026-W48',
        items: [{ planId: r42.planId, ref: 'R'.repeat(41), rev: 1 }],
      }).success,
    ).toBe(false);
  });
});

describe('formValuesOf: the inputs of one action on the card', () => {
  test('reads the inputs keyed by field and action, ignoring other actions', () => {
    const inputs = {
      ...key,
      [`status|${id}`]: 'In progress',
      [`rag|${id}`]: 'Red',
      [`narrative|${id}`]: 'Blocked on Legal.',
      [`percent|${id}`]: 40,
      [`date|${id}`]: '2027-01-29',
      [`reason|${id}`]: 'Cabinet moved.',
      [`status|${inputKey({ planId: r42.planId, ref: 'R6.2' })}`]: 'Complete',
      [`rag|${inputKey({ planId: r42.planId, ref: 'R6.2' })}`]: 'Green',
    };
    expect(formValuesOf(inputs, r42)).toEqual({
      status: 'In progress',
      rag: 'Red',
      narrative: 'Blocked on Legal.',
      percent: '40',
      proposedDate: '2027-01-29',
      proposedReason: 'Cabinet moved.',
    });
    expect(formValuesOf(inputs, { planId: r42.planId, ref: 'R6.2' })).toMatchObject({
      status: 'Complete',
      rag: 'Green',
      narrative: undefined,
    });
  });

  test('an action with no inputs has no values', () => {
    expect(formValuesOf({ ...key }, r42)).toEqual({});
  });
});

describe('parseReplyFields: a clear message per bad field', () => {
  test('types good values', () => {
    const r = parseReplyFields({
      status: 'In progress',
      rag: 'Amber',
      narrative: 'Legal capacity is stretched.',
      percent: '40',
      proposedDate: '29/01/2027',
      proposedReason: 'Cabinet moved.',
    });
    expect(r.errors).toEqual({});
    expect(r.fields).toEqual({
      status: 'In progress',
      rag: 'Amber',
      narrative: 'Legal capacity is stretched.',
      percentComplete: 40,
      proposedDate: '2027-01-29',
      proposedDateReason: 'Cabinet moved.',
    });
  });

  test('blank optional fields are left out', () => {
    const r = parseReplyFields({
      status: 'Complete',
      rag: '',
      narrative: '  ',
      percent: '',
      proposedDate: '',
      proposedReason: '',
    });
    expect(r.errors).toEqual({});
    expect(r.fields).toEqual({ status: 'Complete' });
  });

  test.each([['Done'], ['complete!'], [''], [undefined]])('status %j is not in the list', (status) => {
    const r = parseReplyFields({ status, rag: 'Green' });
    expect(r.fields).toBeUndefined();
    expect(r.errors).toEqual({ status: 'Choose a status.' });
  });

  test('RAG not in the list', () => {
    expect(parseReplyFields({ status: 'In progress', rag: 'Purple' }).errors).toEqual({
      rag: 'Choose Green, Amber or Red.',
    });
  });

  test.each([
    ['150', /0 to 100/],
    ['-5', /0 to 100/],
    ['abc', /number/],
    ['40.5', /whole number/],
  ])('percent %j is refused with a message', (percent, message) => {
    const r = parseReplyFields({ status: 'In progress', rag: 'Green', percent });
    expect(r.fields).toBeUndefined();
    expect(Object.keys(r.errors)).toEqual(['percentComplete']);
    expect(r.errors.percentComplete).toMatch(message);
  });

  test.each(['31/02/2026', 'next week', '2026-13-01'])('date %j: "Pick a real date."', (proposedDate) => {
    let r: ReturnType<typeof parseReplyFields> | undefined;
    expect(() => {
      r = parseReplyFields({ status: 'In progress', rag: 'Green', proposedDate, proposedReason: 'Cabinet moved.' });
    }).not.toThrow();
    expect(r?.errors).toEqual({ proposedDate: 'Pick a real date.' });
  });

  test('a comment over 2000 characters and a reason over 500 are refused', () => {
    const r = parseReplyFields({
      status: 'In progress',
      rag: 'Green',
      narrative: 'x'.repeat(2001),
      proposedDate: '2027-01-29',
      proposedReason: 'y'.repeat(501),
    });
    expect(r.errors.narrative).toMatch(/2000/);
    expect(r.errors.proposedDateReason).toMatch(/500/);
  });

  test('several bad fields each get their own message', () => {
    const r = parseReplyFields({ status: 'Finished', rag: 'Blue', percent: '150', proposedDate: '31/02/2026' });
    expect(Object.keys(r.errors).sort()).toEqual(['percentComplete', 'proposedDate', 'rag', 'status']);
  });
});
