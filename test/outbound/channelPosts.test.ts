import { type Harness, startHarness } from '../support/botHarness';
import { PEOPLE, TENANT } from '../support/fixtures';

describe('the board channel', () => {
  let h: Harness;
  beforeEach(async () => (h = await startHarness({ at: '2026-11-27T12:00:00Z' })));
  afterEach(async () => h.stop());

  const teamEvent = (type: 'installationUpdate' | 'conversationUpdate', id: string) =>
    h.post({
      type,
      action: type === 'installationUpdate' ? 'add' : undefined,
      id,
      channelId: 'msteams',
      serviceUrl: h.connector.url,
      timestamp: new Date().toISOString(),
      from: { id: PEOPLE.sam.id, aadObjectId: PEOPLE.sam.aadObjectId },
      recipient: { id: 'board-chaser-local', name: 'Board actions' },
      conversation: { id: '19:board-general@thread.tacv2', conversationType: 'channel', tenantId: TENANT },
      membersAdded: type === 'conversationUpdate' ? [{ id: 'board-chaser-local' }] : undefined,
      channelData: {
        team: { id: '19:board-team@thread.tacv2', name: 'Transformation Advisory Board' },
        channel: { id: '19:board-general@thread.tacv2' },
        tenant: { id: TENANT },
      },
    });
  const rosterReads = () => h.connector.requests.filter((r) => r.method === 'GET' && r.path.endsWith('/pagedmembers'));

  test('installing in a team reads the roster once, though Teams sends two install events', async () => {
    const [a, b] = await Promise.all([
      teamEvent('installationUpdate', 'install-1'),
      teamEvent('conversationUpdate', 'install-2'),
    ]);
    expect([a.status, b.status]).toEqual([200, 200]);
    // One read of a roster that fits on one page (the bot asks for 500 a page).
    expect(rosterReads()).toHaveLength(Math.ceil(h.connector.members.length / 500));
    const owner = await h.app.store.owners.get(PEOPLE.ben.email);
    expect(owner?.value.aadObjectId).toBe(PEOPLE.ben.aadObjectId);
  });

  test('the digest starts a new thread in the board channel, not a reply to the install event or to the thread that chose it', async () => {
    await teamEvent('conversationUpdate', 'install-event-1');
    await h.makeBoardChannel(); // in a thread of its own, "…;messageid=setup-N"
    expect(await h.app.postDigest()).toBe('posted');
    const digest = h.connector.sent.find((s) => s.activity.summary?.startsWith('Board digest'));
    expect(digest).toBeDefined();
    expect(digest?.replyTo).toBeUndefined();
    expect(digest?.thread).toMatch(/^19:board-general@thread\.tacv2;messageid=/);
    expect(digest?.thread).not.toMatch(/setup/);
    const thread = h.connector.conversations.find((c) => c.id === digest?.thread);
    expect(thread?.params).toMatchObject({
      isGroup: true,
      channelData: { channel: { id: '19:board-general@thread.tacv2' } },
    });
  });
});
