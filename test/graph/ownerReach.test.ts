import type { Config } from '../../bot/config';
import { ReachRefused } from '../../bot/domain/ports';
import { GraphUnavailable, ownerReachFor } from '../../bot/graph';
import { silentLogger } from '../../bot/log';
import { OUTSIDERS, TENANT, testConfig } from '../support/fixtures';
import { CATALOG_APP_ID, GraphStandIn, IDENTITY_HEADER, directoryUserOf } from '../support/graphStandIn';

const DANA = directoryUserOf(OUTSIDERS.dana);

describe('reaching an owner through Microsoft Graph (against a local Entra ID and Graph stand-in)', () => {
  let graph: GraphStandIn;
  const reachFor = (overrides: Partial<NonNullable<Config['graph']>> = {}) => {
    const reach = ownerReachFor(
      testConfig('unused', 'unused', { graph: graph.config(overrides) }) as Config,
      silentLogger,
    );
    if (!reach) throw new Error('Graph should be on');
    return reach;
  };
  const refusal = async (email: string, reach = reachFor()): Promise<ReachRefused> => {
    const e = await reach.reach(email).then(
      () => undefined,
      (x: unknown) => x,
    );
    if (!(e instanceof ReachRefused)) throw new Error(`expected a refusal, got ${String(e)}`);
    return e;
  };

  beforeEach(async () => {
    graph = await new GraphStandIn().start();
    graph.users = [DANA];
  });
  afterEach(async () => graph.stop());

  test('off unless configured', () => {
    expect(ownerReachFor(testConfig('unused', 'unused') as Config, silentLogger)).toBeUndefined();
  });

  test('signs in with the client secret, finds the user by UPN, installs the app and reads its chat', async () => {
    const reached = await reachFor().reach('Dana.Whitfield@example.org');
    expect(reached).toEqual({
      aadObjectId: DANA.id,
      name: 'Dana Whitfield',
      tenantId: TENANT,
      chatId: GraphStandIn.chatIdOf(DANA.id),
      serviceUrl: 'http://127.0.0.1:1/',
    });
    expect(graph.installed.get(`${DANA.id}|${CATALOG_APP_ID}`)).toBeDefined();
    // One app-only token for Graph's own scope, from the configured authority: no instance discovery elsewhere.
    expect(graph.tokensIssued).toEqual([
      { clientId: expect.any(String), scope: `${graph.url}/.default`, via: 'client-secret' },
    ]);
    expect(graph.requests.filter((r) => r.path.startsWith('/v1.0')).every((r) => r.authorized)).toBe(true);
    expect(graph.graphCalls('POST', /installedApps$/)).toBe(1);
  });

  test("in Azure: signs in as App Service's managed identity (user-assigned, by client id)", async () => {
    const saved = { endpoint: process.env.IDENTITY_ENDPOINT, header: process.env.IDENTITY_HEADER };
    process.env.IDENTITY_ENDPOINT = `${graph.url}/msi/token`;
    process.env.IDENTITY_HEADER = IDENTITY_HEADER;
    try {
      const reached = await reachFor({ credential: { kind: 'managed-identity', clientId: 'mi-client-1' } }).reach(
        DANA.mail,
      );
      expect(reached.chatId).toBe(GraphStandIn.chatIdOf(DANA.id));
      expect(graph.tokensIssued).toEqual([{ clientId: 'mi-client-1', scope: graph.url, via: 'managed-identity' }]);
    } finally {
      for (const [k, v] of [
        ['IDENTITY_ENDPOINT', saved.endpoint],
        ['IDENTITY_HEADER', saved.header],
      ] as const)
        if (v === undefined) delete process.env[k];
        else process.env[k] = v;
    }
  });

  test('409: the app was already installed for them, and they are still reached, in the same chat', async () => {
    await reachFor().reach(DANA.mail);
    const again = await reachFor().reach(DANA.mail);
    expect(again.chatId).toBe(GraphStandIn.chatIdOf(DANA.id));
    expect(graph.installed.size).toBe(1);
    const answers = graph.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/installedApps'));
    expect(answers).toHaveLength(2);
  });

  test('a plan email that is not the UPN is found by mail', async () => {
    graph.users = [{ ...DANA, userPrincipalName: 'dwhitfield@council.example.org' }];
    expect((await reachFor().reach(DANA.mail)).aadObjectId).toBe(DANA.id);
    expect(
      graph.requests.some((r) => r.path === '/v1.0/users' && r.query.includes("mail eq 'dana.whitfield@example.org'")),
    ).toBe(true);
  });

  test('404: no such user, in words, with what to do', async () => {
    const e = await refusal('nobody@example.org');
    expect(e.message).toContain("no one with the address nobody@example.org in the organisation's directory");
    expect(e.message).toContain("What to do: check the owner's email in the plan");
    expect(graph.graphCalls('POST', /installedApps$/)).toBe(0);
  });

  test('403: no admin consent to install the app', async () => {
    graph.faults.push({
      match: (m, p) => m === 'POST' && p.endsWith('/installedApps'),
      status: 403,
      body: { error: { code: 'Forbidden', message: 'Missing role permissions on the request.' } },
    });
    const e = await refusal(DANA.mail);
    expect(e.message).toContain('no admin consent for TeamsAppInstallation.ReadWriteSelfForUser.All');
    expect(e.message).toContain('What to do: ask an Entra admin to grant admin consent');
  });

  test('403 on the directory lookup: no consent for User.Read.All', async () => {
    graph.faults.push({ match: (m, p) => m === 'GET' && p.startsWith('/v1.0/users/'), status: 403 });
    expect((await refusal(DANA.mail)).message).toContain('no admin consent for User.Read.All');
  });

  test('the app is not in the catalogue; the user has no Teams licence', async () => {
    graph.catalogue.clear();
    expect((await refusal(DANA.mail)).message).toContain("the app is not in the organisation's Teams app catalogue");
    graph.catalogue.add(CATALOG_APP_ID);
    graph.faults.push({
      match: (m, p) => m === 'POST' && p.endsWith('/installedApps'),
      status: 403,
      body: { error: { code: 'Forbidden', message: 'User does not have a valid Microsoft Teams license.' } },
    });
    expect((await refusal(DANA.mail)).message).toContain('they have no Microsoft Teams licence');
  });

  test('a wrong client secret: the bot could not sign in, in words', async () => {
    const e = await refusal(
      DANA.mail,
      reachFor({ credential: { kind: 'client-secret', clientId: 'x', clientSecret: 'y' } }),
    );
    expect(e.message).toContain('the bot could not sign in to Microsoft Graph');
    expect(e.message).toContain('What to do: check GRAPH_CREDENTIAL');
  });

  test('429 with Retry-After is waited out, then the install goes through once', async () => {
    graph.faults.push({
      match: (m, p) => m === 'POST' && p.endsWith('/installedApps'),
      status: 429,
      headers: { 'retry-after': '1' },
    });
    const started = Date.now();
    await reachFor().reach(DANA.mail);
    expect(Date.now() - started).toBeGreaterThanOrEqual(1_000);
    const posts = graph.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/installedApps'));
    expect(posts).toHaveLength(2);
    expect(posts[1].at - posts[0].at).toBeGreaterThanOrEqual(1_000);
    expect(graph.installed.size).toBe(1);
  });

  test('429 asking for longer than the bound is not waited for: a passing failure, not a refusal', async () => {
    graph.faults.push({
      match: (m, p) => m === 'GET' && p.startsWith('/v1.0/users/'),
      status: 429,
      headers: { 'retry-after': '120' },
    });
    const started = Date.now();
    const e = await reachFor({ maxRetryAfterMs: 2_000 })
      .reach(DANA.mail)
      .catch((x: unknown) => x);
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(e).toBeInstanceOf(GraphUnavailable);
    expect((e as Error).message).toContain('asked the bot to wait 120 s');
    expect(graph.installed.size).toBe(0);
  });

  test('429 three times in a row gives up after three attempts', async () => {
    for (let i = 0; i < 3; i++)
      graph.faults.push({
        match: (m, p) => m === 'GET' && p.startsWith('/v1.0/users/'),
        status: 429,
        headers: { 'retry-after': '0' },
      });
    const e = await reachFor()
      .reach(DANA.mail)
      .catch((x: unknown) => x);
    expect(e).toBeInstanceOf(GraphUnavailable);
    expect(graph.graphCalls('GET', /^\/v1\.0\/users\/[^/]+$/)).toBe(3);
  });
});
