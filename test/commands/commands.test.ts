import { type Harness, cardOf, cardText, startHarness, waitFor } from '../support/botHarness';
import { PEOPLE, type Person } from '../support/fixtures';
import { runChaseCycle } from '../../bot/jobs/chaseCycle';

const CPC = 'lga-cpc-action-plan-2023';

describe('chat commands, end to end over HTTP (Azurite + Bot Connector stand-in)', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness({ at: '2026-11-27T12:00:00Z' });
    await h.installInTeam();
  });
  afterEach(async () => h.stop());

  /** Says something to the bot and returns what it answered in that conversation. */
  const ask = async (p: Person, text: string, type: 'personal' | 'channel' = 'personal') => {
    const before = h.connector.sent.length;
    expect(await h.say(p, text, type)).toBe(200);
    const reply = h.connector.sent.slice(before).at(-1);
    expect(reply).toBeDefined();
    return {
      text: String(reply!.activity.text ?? ''),
      card: cardOf(reply!.activity),
      conversationId: reply!.conversationId,
    };
  };

  test('digest: the figures of the seed plan, worked by hand', async () => {
    const { card } = await ask(PEOPLE.ben, 'digest');
    const text = cardText(card);
    // 6 actions: 1 complete (R2.1), 2 green (R4.2, PR1.4), 1 amber (HR1.2), 1 red (R6.2), 1 not started unrated (HR2.1)
    expect(text).toContain('50% complete or on target'); // (1 + 2) / 6
    expect(text).toMatch(/Overdue\n1\n/); // R6.2, due 30 Oct
    expect(text).toContain('■ Red (off track) · R6.2');
    expect(text).toContain('▲ Amber (at risk) · HR1.2');
    expect(text).toContain('Due in the next 14 days (1)'); // PR1.4 on 4 Dec
    expect(JSON.stringify(card)).toContain('data:image/png;base64,');
  });

  test('who may run what: secretariat commands are refused for anyone else, with a clear message', async () => {
    for (const cmd of [
      'post digest',
      'chase',
      'reassign R4.2 ben.okafor@example.org',
      'approve date R4.2',
      'export csv',
      'nonresponders',
    ]) {
      const { text } = await ask(PEOPLE.ben, cmd);
      expect(text).toContain('is for the board secretariat');
    }
    expect((await h.app.store.actions.get({ planId: CPC, ref: 'R4.2' }))?.value.ownerEmail).toBe(PEOPLE.amira.email);
    expect(cardText((await ask(PEOPLE.ben, 'help')).card)).not.toContain('post digest');
    expect(cardText((await ask(PEOPLE.sam, 'help')).card)).toContain('post digest');
  });

  /** What the bot says in this person's chat once the background job it started has finished. */
  const laterIn = (p: Person, pattern: RegExp) =>
    waitFor(`a message matching ${pattern}`, () => h.chatWith(p).find((a) => pattern.test(String(a.text ?? ''))));

  test('post digest puts the digest card in the board channel; preview in a channel goes to the requester only', async () => {
    const { text } = await ask(PEOPLE.sam, 'post digest');
    expect(text).toContain('Posting the digest to the board channel now');
    expect((await laterIn(PEOPLE.sam, /Posted the digest/)).text).toContain('Posted the digest for week 2026-W48');
    const inChannel = h.connector.sent.filter(
      (s) => s.conversationId === '19:board-general@thread.tacv2' && s.activity.attachments,
    );
    expect(inChannel).toHaveLength(1);
    expect(cardText(cardOf(inChannel[0].activity))).toContain('Board digest · week 2026-W48');

    const preview = await ask(PEOPLE.sam, 'preview', 'channel');
    expect(preview.text).toContain('sent the preview to you');
    expect(h.connector.sentTo(PEOPLE.sam.id).some((s) => cardText(cardOf(s.activity)).includes('Board digest'))).toBe(
      true,
    );
  });

  test('unknown commands get the nearest known one; typos in references and emails get a clear message', async () => {
    expect((await ask(PEOPLE.ben, 'digets')).text).toContain('Did you mean "digest"?');
    expect((await ask(PEOPLE.ben, 'status R4.3')).text).toContain('There is no action R4.3. Did you mean R4.2');
    expect((await ask(PEOPLE.sam, 'reassign R4.2 ben.okafor@')).text).toContain('needs an email address');
    expect((await ask(PEOPLE.ben, 'digest 2024-W99')).text).toContain('is not a week');
  });

  test('status shows an action with its whole history', async () => {
    const cycle = await runChaseCycle(h.app.chase, 'manual');
    h.now.value = new Date('2026-11-27T12:30:00Z');
    await h.clickCard(PEOPLE.amira, 'noChange', { planId: CPC, ref: 'R4.2', rev: 1, cycleId: cycle.cycleId });
    const text = cardText((await ask(PEOPLE.ben, 'status r4.2')).card);
    expect(text).toContain('R4.2: Review the scheme of delegation');
    expect(text).toContain(PEOPLE.amira.email);
    expect(text).toMatch(/no change[\s\S]*plan import/);
  });

  test('chase one owner; reassign; approve a proposed revised date (the owner is told)', async () => {
    const one = await ask(PEOPLE.sam, `chase ${PEOPLE.ben.email}`);
    expect(one.text).toContain(`Chasing ${PEOPLE.ben.email} now`);
    expect((await laterIn(PEOPLE.sam, /prompted/)).text).toContain('1 prompted');
    expect(h.connector.sentTo(PEOPLE.ben.id)).toHaveLength(1);
    expect(h.connector.sentTo(PEOPLE.amira.id)).toHaveLength(0);

    h.now.value = new Date('2026-11-27T12:10:00Z');
    expect((await ask(PEOPLE.sam, `reassign R6.2 ${PEOPLE.carys.email}`)).text).toContain(
      `R6.2 now belongs to ${PEOPLE.carys.email}`,
    );
    const history = await h.app.store.updates.listForAction({ planId: CPC, ref: 'R6.2' });
    expect(history.at(-1)).toMatchObject({
      kind: 'reassign',
      ownerEmail: PEOPLE.carys.email,
      byEmail: PEOPLE.sam.email,
    });

    const r = await runChaseCycle(h.app.chase, 'manual', undefined, (e) => e === PEOPLE.amira.email);
    h.now.value = new Date('2026-11-27T13:00:00Z');
    const key = (await import('../../cards/chasePromptCard')).inputKey({ planId: CPC, ref: 'R4.2' });
    await h.clickCard(PEOPLE.amira, 'saveUpdate', {
      planId: CPC,
      ref: 'R4.2',
      rev: 1,
      cycleId: r.cycleId,
      [`status|${key}`]: 'In progress',
      [`rag|${key}`]: 'Amber',
      [`narrative|${key}`]: 'Legal review slipped.',
      [`date|${key}`]: '2027-02-26',
      [`reason|${key}`]: 'Legal capacity',
    });
    expect(cardText((await ask(PEOPLE.sam, 'digest')).card)).toContain('Revised dates awaiting a decision (1)');
    expect((await ask(PEOPLE.sam, 'approve date R4.2')).text).toContain(
      'approved: R4.2 is now due 2027-02-26 (originally 2026-12-18)',
    );
    expect((await h.app.store.actions.get({ planId: CPC, ref: 'R4.2' }))?.value.revisedDate?.state).toBe('approved');
    expect(h.connector.sentTo(PEOPLE.amira.id).some((s) => JSON.stringify(s.activity).includes('approved: R4.2'))).toBe(
      true,
    );
    expect((await ask(PEOPLE.sam, 'approve date R4.2')).text).toContain('no revised date waiting');
  });

  test('export csv gives a signed link that serves the CSV; a tampered link is refused', async () => {
    const { text } = await ask(PEOPLE.sam, 'export csv');
    const url = /(http:\/\/\S+)/.exec(text)?.[1] as string;
    expect(url).toContain('/exports/board.csv?');
    const r = await fetch(url);
    expect(r.status).toBe(200);
    const bytes = Buffer.from(await r.arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]); // UTF-8 BOM, so Excel reads the accents right
    const body = bytes.toString('utf8');
    expect(body.split('\r\n').filter(Boolean)).toHaveLength(7); // header + 6 actions
    expect((await fetch(url.replace('expires=', 'expires=9'))).status).toBe(403);
    const html = await fetch(
      (/(http:\/\/\S+)/.exec((await ask(PEOPLE.sam, 'export html')).text) as RegExpExecArray)[1],
    );
    expect(await html.text()).toContain('Exceptions: Red and Amber (2)');
  });

  test("an export link asked for in a channel goes to the asker's 1:1 chat, never into the channel", async () => {
    const channelBefore = h.connector.sent.length;
    expect(await h.say(PEOPLE.sam, 'export csv', 'channel')).toBe(200);
    const link = await waitFor('the link in the 1:1 chat', () =>
      h.chatWith(PEOPLE.sam).find((a) => String(a.text ?? '').includes('/exports/board.csv?')),
    );
    const inChannel = h.connector.sent
      .slice(channelBefore)
      .filter((s) => s.conversationId === '19:board-general@thread.tacv2')
      .map((s) => JSON.stringify(s.activity));
    expect(inChannel.join('\n')).toContain('sent the link to you in our 1:1 chat');
    expect(inChannel.join('\n')).not.toContain('sig=');
    expect((await fetch(/(http:\/\/\S+)/.exec(String(link.text))?.[1] as string)).status).toBe(200);
  });
});

describe('the weekly digest in the channel', () => {
  let h: Harness;
  afterEach(async () => h.stop());

  test('is posted once on the digest day, not before, and not twice', async () => {
    h = await startHarness({ at: '2026-11-26T12:00:00Z' }); // Thursday
    await h.installInTeam();
    expect(await h.app.postDigest()).toBe('not due');
    h.now.value = new Date('2026-11-27T12:00:00Z'); // Friday
    expect(await h.app.postDigest()).toBe('posted');
    expect(await h.app.postDigest()).toBe('already posted');
    const posts = h.connector.sent.filter(
      (s) => s.conversationId === '19:board-general@thread.tacv2' && s.activity.attachments,
    );
    expect(posts).toHaveLength(1);
    expect(Buffer.byteLength(JSON.stringify(posts[0].activity))).toBeLessThan(80 * 1024);
  });
});
