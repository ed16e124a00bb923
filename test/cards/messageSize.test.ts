import { TEAMS_MESSAGE_BUDGET_BYTES, fitsTeamsMessage, teamsMessageBytes } from '../../cards/messageSize';

/** A card with one text block and one image, the way the bot's cards are built. */
const card = (text: string, url: string) => ({
  type: 'AdaptiveCard',
  version: '1.5',
  body: [
    { type: 'TextBlock', text, wrap: true },
    { type: 'Image', url, altText: 'chart' },
  ],
});

describe('the size Teams counts for a card', () => {
  const base = teamsMessageBytes(card('', ''));

  test('is its JSON in UTF-16: two bytes each for a, é and ■ (one, two and three in UTF-8), four for an emoji', () => {
    expect(teamsMessageBytes(card('a'.repeat(1000), '')) - base).toBe(2000);
    // é is one UTF-16 code unit (UTF-8 would count it as two, like Buffer.byteLength).
    expect(teamsMessageBytes(card('é'.repeat(1000), '')) - base).toBe(2000);
    // ■ (U+25A0, the Red symbol) is three bytes in UTF-8 but one UTF-16 code unit.
    expect(teamsMessageBytes(card('■'.repeat(1000), '')) - base).toBe(2000);
    // An emoji outside the BMP is a surrogate pair: two code units.
    expect(teamsMessageBytes(card('📈'.repeat(1000), '')) - base).toBe(4000);
  });

  test('leaves out images sent inline as data: URIs, but counts an image linked by https', () => {
    const png = `data:image/png;base64,${'A'.repeat(60_000)}`;
    expect(teamsMessageBytes(card('', png))).toBe(base);
    const linked = 'https://board-actions.example.org/chart.png';
    expect(teamsMessageBytes(card('', linked)) - base).toBe(2 * linked.length);
  });

  test('a card fits up to just under 80 KB as Teams counts it, whatever its UTF-8 size', () => {
    // 39,000 ■: 117,000 bytes in UTF-8, 78,000 as Teams counts them, plus the card around them.
    const filler = (n: number) => card('■'.repeat(n), '');
    const fits = Math.floor((TEAMS_MESSAGE_BUDGET_BYTES - base) / 2) - 1;
    expect(Buffer.byteLength(JSON.stringify(filler(fits)), 'utf8')).toBeGreaterThan(TEAMS_MESSAGE_BUDGET_BYTES);
    expect(fitsTeamsMessage(filler(fits))).toBe(true);
    expect(fitsTeamsMessage(filler(fits + 1))).toBe(false);
  });
});
