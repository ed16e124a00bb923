import { periodReportCard } from '../../cards/periodReportCard';
import { TEAMS_MESSAGE_BUDGET_BYTES, teamsMessageBytes } from '../../cards/messageSize';
import { ACRuntime, type Json, nodes } from '../support/cardTree';
import { paperReport } from '../support/boardPapers';

describe('the card of the report since the last meeting', () => {
  const card = periodReportCard(paperReport(), 'https://bot.example.org/exports/paper/board-paper.html?sig=x');
  const texts = nodes(card)
    .flatMap((o) => [o.text, o.title, o.value])
    .filter((v): v is string => typeof v === 'string');

  test('headline, figures then → now, and the lists with their counts', () => {
    expect(texts).toContain('50% complete or on target (↑ up 4.5 points since Mon, 16 Nov 2026)');
    expect(texts).toContain('■ Red (off track)');
    expect(texts).toContain('2 → 2 (→ no change)');
    expect(texts.filter((t) => /\(\d+\)$/.test(t))).toEqual([
      'Moved since the meeting (▲ improved, ▼ worsened, new, closed) (5)',
      'Completed since: proposed for closure (2)',
      'Dates revised since (2)',
      'New exceptions (1)',
      'Owners who did not answer in the period (1)',
      'Challenge flags (4)',
    ]);
    expect(texts).toContain('Original Thu, 31 Dec 2026 → revised Wed, 31 Mar 2027 (proposed): Cabinet moved.');
    expect(nodes(card).find((o) => o.type === 'Action.OpenUrl')?.url).toContain('/exports/paper/board-paper.html');
  });

  test('Teams can read it: within the message budget, and the Adaptive Cards renderer reports nothing', () => {
    expect(teamsMessageBytes(card)).toBeLessThan(TEAMS_MESSAGE_BUDGET_BYTES);
    const ctx = new ACRuntime.SerializationContext();
    const parsed = new ACRuntime.AdaptiveCard();
    parsed.parse(card, ctx);
    expect(Array.from({ length: ctx.eventCount }, (_, i) => ctx.getEventAt(i).message)).toEqual([]);
    expect(parsed.getItemCount()).toBe((card.body as Json[]).length);
    expect(parsed.validateProperties().validationEvents.map((e) => e.message)).toEqual([]);
  });
});
