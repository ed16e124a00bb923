import { noticeCard } from '../../cards/noticeCard';
import { asRead } from '../support/cardTree';

const texts = (card: unknown): string[] => {
  const out: string[] = [];
  const walk = (n: unknown): void => {
    if (Array.isArray(n)) n.forEach(walk);
    else if (n && typeof n === 'object') {
      for (const [k, v] of Object.entries(n)) {
        if (['text', 'title', 'value'].includes(k) && typeof v === 'string') out.push(asRead(v));
        else walk(v);
      }
    }
  };
  walk(card);
  return out;
};

describe('noticeCard', () => {
  test('a refusal: title and text in an attention container, Adaptive Card 1.5', () => {
    const card = noticeCard({
      title: 'Not recorded',
      text: 'Action R4.2 belongs to another owner, so your change was not recorded.',
      style: 'attention',
    });
    expect(card.version).toBe('1.5');
    expect(texts(card)).toEqual([
      'Not recorded',
      'Action R4.2 belongs to another owner, so your change was not recorded.',
    ]);
    expect((card.body as any[])[0].style).toBe('attention');
    expect(JSON.stringify(card)).not.toContain('${');
  });

  test('without a style it is a plain notice, and with no facts there is no empty fact list', () => {
    const card = noticeCard({ title: 'Reminder', text: 'Your update for the board is still open.' });
    expect((card.body as any[])[0].style).toBe('default');
    expect((card.body as any[]).some((b) => b.type === 'FactSet')).toBe(false);
    expect(JSON.stringify(card)).not.toContain('${');
  });

  test('facts are listed in order', () => {
    const card = noticeCard({
      title: 'Escalation: no reply for 5 working days',
      text: 'Ben Okafor has not answered the chase of Mon 23 Nov 2026.',
      style: 'warning',
      facts: [
        { title: 'Owner', value: 'ben.okafor@example.org' },
        { title: 'Actions', value: 'HR1.2, HR2.1' },
      ],
    });
    const factSet = (card.body as any[]).find((b) => b.type === 'FactSet');
    expect(
      factSet.facts.map((f: Record<string, string>) => ({ title: asRead(f.title), value: asRead(f.value) })),
    ).toEqual([
      { title: 'Owner', value: 'ben.okafor@example.org' },
      { title: 'Actions', value: 'HR1.2, HR2.1' },
    ]);
    expect(JSON.stringify(card)).not.toContain('${');
  });

  test('text that looks like a template is shown as typed, not evaluated', () => {
    const card = noticeCard({ title: 'Recorded', text: 'Budget line ${total} still to confirm.' });
    expect(texts(card)).toContain('Budget line ${total} still to confirm.');
  });
});
