import { type Harness, startHarness } from '../support/botHarness';
import { PEOPLE, type Person, TENANT } from '../support/fixtures';

describe('installing the app in a personal chat', () => {
  let h: Harness;
  beforeEach(async () => (h = await startHarness()));
  afterEach(async () => h.stop());

  const install = (p: Person, type: 'installationUpdate' | 'conversationUpdate', id: string) =>
    h.post({
      type,
      action: type === 'installationUpdate' ? 'add' : undefined,
      id,
      channelId: 'msteams',
      serviceUrl: h.connector.url,
      from: { id: p.id, name: p.name, aadObjectId: p.aadObjectId },
      recipient: { id: 'board-chaser-local' },
      conversation: { id: `a:1on1-${p.id}`, conversationType: 'personal', tenantId: TENANT },
      channelData: { tenant: { id: TENANT } },
      membersAdded: type === 'conversationUpdate' ? [{ id: 'board-chaser-local' }] : undefined,
    });
  const welcomes = (p: Person) =>
    h.connector.sent.filter((s) => s.conversationId === `a:1on1-${p.id}` && /^Hello/.test(String(s.activity.text)));

  test('Teams sends two install events at once: the owner is welcomed once, told what they own, and the chat is remembered', async () => {
    const [a, b] = await Promise.all([
      install(PEOPLE.amira, 'installationUpdate', 'i-1'),
      install(PEOPLE.amira, 'conversationUpdate', 'i-2'),
    ]);
    expect([a.status, b.status]).toEqual([200, 200]);
    expect(welcomes(PEOPLE.amira)).toHaveLength(1);
    expect(welcomes(PEOPLE.amira)[0].activity.text).toContain('You own 2 open board actions');
    await install(PEOPLE.amira, 'installationUpdate', 'i-3'); // a page reload
    expect(welcomes(PEOPLE.amira)).toHaveLength(1);
    const owner = (await h.app.store.owners.get(PEOPLE.amira.email))?.value;
    expect(owner?.conversation).toContain(`a:1on1-${PEOPLE.amira.id}`);
    expect(owner?.reachability).toBe('reachable');
  });

  test('the secretariat, who owns no actions, is not told about "your board actions"', async () => {
    await install(PEOPLE.sam, 'installationUpdate', 'i-1');
    const text = String(welcomes(PEOPLE.sam)[0]?.activity.text);
    expect(text).toContain('You are in the board secretariat');
    expect(text).not.toContain('You own');
  });
});
