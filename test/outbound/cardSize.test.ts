import { MAX_LISTED, chasePromptCard } from '../../cards/chasePromptCard';
import { MESSAGE_BUDGET_BYTES, teamsMessageBytes } from '../../bot/outbound/messageSize';
import { anAction } from '../support/fixtures';
import { cardText } from '../support/botHarness';

/** Twelve actions with the longest text the plan allows: the card that measured 99.7 KB in Teams' terms. */
const items = Array.from({ length: 12 }, (_, i) => ({
  action: anAction({
    ref: `R${i + 1}.1`,
    title: `Deliver the improvement agreed with the Transformation Advisory Board, part ${i + 1}: ${'é'.repeat(400)}`,
    narrative: `Progress so far, in full: ${'ü'.repeat(1_900)}`,
    revision: 1,
  }),
}));

test('a chase card with many long actions is clipped under the size budget and points to My actions for the rest', () => {
  const card = chasePromptCard({ ownerName: 'Ben Okafor', cycleId: '2026-11-23', today: '2026-11-23', items });
  const bytes = teamsMessageBytes({ type: 'message', attachments: [{ content: card }] });
  expect(bytes).toBeLessThanOrEqual(MESSAGE_BUDGET_BYTES);
  const text = cardText(card);
  const listed = items.filter((i) => text.includes(i.action.title)).length;
  expect(listed).toBeGreaterThan(0);
  expect(listed).toBeLessThan(MAX_LISTED);
  expect(text).toContain(`…and ${items.length - listed} more actions to answer: open My actions`);
});

test("Teams' count: UTF-16 code units, two bytes each, data-URI images left out", () => {
  const image = `data:image/png;base64,${'A'.repeat(300_000)}`;
  const withImage = {
    body: [
      { type: 'Image', url: image },
      { type: 'TextBlock', text: 'é€😀' },
    ],
  };
  const without = {
    body: [
      { type: 'Image', url: '' },
      { type: 'TextBlock', text: 'é€😀' },
    ],
  };
  expect(teamsMessageBytes(withImage)).toBe(teamsMessageBytes(without));
  // 'é' and '€' are one UTF-16 unit each, the emoji two: 4 units, 8 bytes, where UTF-8 would count 9.
  expect(teamsMessageBytes({ t: 'é€😀' }) - teamsMessageBytes({ t: '' })).toBe(8);
});
