import { PEOPLE, TENANT } from '../support/fixtures';
import { newSigningKey } from '../support/botTokens';
import { EntraStandIn } from './support/entraStandIn';
import { APP_ID, type TabApp, bearer, startTabApp } from './support/tabApp';

/**
 * With app credentials every data request of the tab must carry a Teams SSO token, checked for
 * signature (the tenant's published keys), issuer, audience, expiry and scope; then who may see what.
 */
describe('the tab with Teams SSO', () => {
  const entra = new EntraStandIn(TENANT, APP_ID);
  let t: TabApp;
  const STRANGER = '0b1c2d3e-0000-4000-8000-0000000000ff';

  beforeAll(async () => {
    await entra.start();
    t = await startTabApp({ sso: entra });
    // Amira, Ben and Sam (the secretariat) are in the board team's roster; Carys owns actions but was never met in Teams.
    await t.meet(PEOPLE.amira, PEOPLE.ben, PEOPLE.sam);
  });
  afterAll(async () => {
    await t.stop();
    await entra.stop();
  });

  const ENDPOINTS = [
    '/api/tab/me',
    '/api/tab/summary',
    '/api/tab/register',
    '/api/tab/actions/lga-cpc-action-plan-2023/R6.2',
    '/api/tab/my-actions',
  ];

  test('no token: 401 on every data endpoint, with WWW-Authenticate, and nothing about the board', async () => {
    for (const path of ENDPOINTS) {
      const r = await fetch(`${t.app.url}${path}`);
      expect({ path, status: r.status }).toEqual({ path, status: 401 });
      expect(r.headers.get('www-authenticate')).toBe('Bearer');
      const body = await r.json();
      expect(body).toEqual({
        code: 'not_signed_in',
        error: 'Sign-in is needed: open this page inside Microsoft Teams.',
      });
    }
    expect(
      (await t.post('/api/tab/my-actions/lga-cpc-action-plan-2023/R6.2', { rev: 1, status: 'Complete' })).status,
    ).toBe(401);
    expect((await t.get('/api/tab/me', { authorization: 'Basic c2FtOnNhbQ==' })).status).toBe(401);
  });

  test('forged signature (another key under the same key id), wrong audience, wrong issuer, other tenant, expired, no scope, alg none: 401', async () => {
    const oid = PEOPLE.sam.aadObjectId;
    const now = Math.floor(Date.now() / 1000);
    const bad = {
      forged: entra.token(oid, {}, newSigningKey(entra.key.kid)),
      'wrong audience': entra.token(oid, { aud: '11111111-2222-4333-8444-555555555555' }),
      'audience of another app id uri': entra.token(oid, {
        aud: 'api://elsewhere.example.org/11111111-2222-4333-8444-555555555555',
      }),
      'wrong issuer': entra.token(oid, { iss: `https://login.microsoftonline.com/${TENANT}/v2.0` }),
      'v1 issuer': entra.token(oid, { iss: `https://sts.windows.net/${TENANT}/` }),
      'other tenant': entra.token(oid, {
        iss: `${entra.authority}9f8e7d6c-0000-4000-8000-000000000001/v2.0`,
        tid: '9f8e7d6c-0000-4000-8000-000000000001',
      }),
      expired: entra.token(oid, { iat: now - 7200, nbf: now - 7200, exp: now - 3600 }),
      'no access_as_user scope': entra.token(oid, { scp: 'User.Read' }),
      'no object id': entra.token(oid, { oid: undefined }),
      'alg none': `${Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url')}.${Buffer.from(JSON.stringify({ aud: APP_ID, iss: entra.issuer, oid, tid: TENANT, scp: 'access_as_user', exp: now + 600 })).toString('base64url')}.`,
    };
    for (const [why, token] of Object.entries(bad)) {
      const r = await t.get('/api/tab/register', bearer(token));
      expect({ why, status: r.status }).toEqual({ why, status: 401 });
    }
    // The same person with a good token is let in: the refusals above were about the tokens.
    expect((await t.get('/api/tab/register', bearer(entra.token(oid)))).status).toBe(200);
  });

  test('the audience may be the app id or the manifest resource api://{domain}/{app id}', async () => {
    for (const aud of [APP_ID, `api://board-actions.example.org/${APP_ID}`]) {
      expect((await t.get('/api/tab/me', bearer(entra.token(PEOPLE.sam.aadObjectId, { aud })))).status).toBe(200);
    }
  });

  test('the secretariat sees the whole register, the digest and the export links', async () => {
    const sam = bearer(
      entra.token(PEOPLE.sam.aadObjectId, { name: 'Sam Patel', preferred_username: PEOPLE.sam.email }),
    );
    expect((await t.get('/api/tab/me', sam)).body).toMatchObject({
      mode: 'sso',
      user: { email: PEOPLE.sam.email },
      secretariat: true,
      canReadRegister: true,
      openActions: 0,
    });
    const register = await t.get('/api/tab/register', sam);
    expect(register.status).toBe(200);
    expect(register.body.total).toBe(6);
    expect(register.body.rows.map((r: { ref: string }) => r.ref).sort()).toEqual([
      'HR1.2',
      'HR2.1',
      'PR1.4',
      'R2.1',
      'R4.2',
      'R6.2',
    ]);
    const summary = await t.get('/api/tab/summary', sam);
    expect(summary.status).toBe(200);
    expect(summary.body.exports.csv).toMatch(/\/exports\/board\.csv\?expires=\d+&sig=/);
    expect(summary.body.exports.html).toMatch(/\/exports\/board\.html\?/);
    const csv = await fetch(summary.body.exports.csv);
    expect(csv.status).toBe(200);
    expect(await csv.text()).toContain('R6.2');
  });

  test("a board member (in the team roster) reads the register and any action's history, without the exports", async () => {
    const ben = bearer(entra.token(PEOPLE.ben.aadObjectId));
    expect((await t.get('/api/tab/me', ben)).body).toMatchObject({
      secretariat: false,
      canReadRegister: true,
      openActions: 2,
    });
    expect((await t.get('/api/tab/register', ben)).body.total).toBe(6);
    expect((await t.get('/api/tab/summary', ben)).body.exports).toBeUndefined();
    const other = await t.get('/api/tab/actions/lga-cpc-action-plan-2023/R6.2', ben);
    expect(other.status).toBe(200);
    expect(other.body.action.ownerEmail).toBe(PEOPLE.amira.email);
  });

  test("an owner sees only their own actions under My actions, and cannot update anyone else's", async () => {
    const amira = bearer(entra.token(PEOPLE.amira.aadObjectId));
    const mine = await t.get('/api/tab/my-actions', amira);
    expect(mine.status).toBe(200);
    expect(mine.body.owner.email).toBe(PEOPLE.amira.email);
    expect(mine.body.actions.map((a: { ref: string; ownerEmail: string }) => `${a.ref} ${a.ownerEmail}`)).toEqual([
      `R6.2 ${PEOPLE.amira.email}`,
      `R4.2 ${PEOPLE.amira.email}`,
    ]);
    const bens = await t.post(
      '/api/tab/my-actions/hr-improvement-plan/HR1.2',
      { rev: 1, status: 'In progress', rag: 'Green' },
      amira,
    );
    expect(bens.status).toBe(403);
    expect(bens.body.code).toBe('not_your_action');
    expect(
      (await t.app.store.updates.listForAction({ planId: 'hr-improvement-plan', ref: 'HR1.2' })).map((u) => u.kind),
    ).toEqual(['import']);
  });

  test('someone with a valid token whom the board does not know: 403 everywhere, with a sentence saying why', async () => {
    const stranger = bearer(
      entra.token(STRANGER, { name: 'Someone Else', preferred_username: 'someone.else@example.org' }),
    );
    for (const path of ENDPOINTS) {
      const r = await t.get(path, stranger);
      expect({ path, status: r.status, code: r.body.code }).toEqual({ path, status: 403, code: 'no_access' });
    }
    expect((await t.get('/api/tab/me', stranger)).body.error).toMatch(
      /could not match your Teams account to anyone in the board's plan or team/,
    );
    // Carys owns PR1.4 but the bot never met her in Teams, so her token names no one it knows: like a card click, refused.
    expect((await t.get('/api/tab/my-actions', bearer(entra.token(PEOPLE.carys.aadObjectId)))).status).toBe(403);
  });

  test("the token's username is shown, never trusted: claiming the secretariat's email gets a stranger nothing", async () => {
    const r = await t.get(
      '/api/tab/summary',
      bearer(entra.token(STRANGER, { preferred_username: PEOPLE.sam.email, upn: PEOPLE.sam.email })),
    );
    expect(r.status).toBe(403);
  });

  test('local-mode identities are ignored when SSO is on: ?as= and x-board-as give nothing without a token', async () => {
    expect((await t.get(`/api/tab/register?as=${PEOPLE.sam.email}`)).status).toBe(401);
    expect((await t.get('/api/tab/register', { 'x-board-as': PEOPLE.sam.email })).status).toBe(401);
  });
});

describe("the tab's signing keys", () => {
  test('are fetched once and cached, not on every request', async () => {
    // Its own Entra and bot, so the count does not depend on which other tests ran before.
    const entra = await new EntraStandIn(TENANT, APP_ID).start();
    const t = await startTabApp({ sso: entra });
    try {
      await t.meet(PEOPLE.sam);
      expect(entra.keyFetches).toBe(0);
      const sam = bearer(entra.token(PEOPLE.sam.aadObjectId));
      const first = await t.get('/api/tab/me', sam);
      expect(first.status).toBe(200);
      const rest = await Promise.all(
        ['/api/tab/register', '/api/tab/summary', '/api/tab/me'].map((p) => t.get(p, sam)),
      );
      expect(rest.map((r) => r.status)).toEqual([200, 200, 200]);
      expect(entra.keyFetches).toBe(1);
    } finally {
      await t.stop();
      await entra.stop();
    }
  });
});
