import { PEOPLE, TENANT } from '../support/fixtures';
import { EntraStandIn } from './support/entraStandIn';
import { APP_ID, type TabApp, bearer, startTabApp } from './support/tabApp';

/**
 * The tab asks the chat's rule (bot/domain/access.ts): the board is for the secretariat and the members
 * of the board's team. Carys is known to the bot from Teams (she opened a chat with it) and owns PR1.4,
 * but is not in the board's team: being in the Owners table with an Entra id no longer makes a reader.
 */
describe('who may read the board in the tab (Teams SSO)', () => {
  const entra = new EntraStandIn(TENANT, APP_ID);
  let t: TabApp;
  const REGISTER = ['/api/tab/summary', '/api/tab/register', '/api/tab/actions/lga-cpc-action-plan-2023/R6.2'];

  beforeAll(async () => {
    await entra.start();
    t = await startTabApp({ sso: entra });
    await t.meet(PEOPLE.ben, PEOPLE.sam); // the board team's roster
    await t.know(PEOPLE.carys); // met in Teams, elsewhere
  });
  afterAll(async () => {
    await t.stop();
    await entra.stop();
  });

  test('a member of the board team: the digest, the register and any action, no exports', async () => {
    const ben = bearer(entra.token(PEOPLE.ben.aadObjectId));
    for (const path of REGISTER)
      expect({ path, status: (await t.get(path, ben)).status }).toEqual({ path, status: 200 });
    expect((await t.get('/api/tab/me', ben)).body).toMatchObject({ canReadRegister: true, secretariat: false });
    expect((await t.get('/api/tab/summary', ben)).body.exports).toBeUndefined();
  });

  test('someone the bot knows from Teams but not in the board team: 403 on the board, the same for a missing action', async () => {
    const carys = bearer(entra.token(PEOPLE.carys.aadObjectId));
    for (const path of [...REGISTER, '/api/tab/actions/lga-cpc-action-plan-2023/R404']) {
      const r = await t.get(path, carys);
      expect({ path, status: r.status, error: r.body.error }).toEqual({
        path,
        status: 403,
        error: expect.stringContaining("for the board secretariat and the members of the board's team"),
      });
    }
    expect((await t.get('/api/tab/me', carys)).body).toMatchObject({ canReadRegister: false, secretariat: false });
  });

  test('…who still sees and updates her own actions: My actions, her history, a save', async () => {
    const carys = bearer(entra.token(PEOPLE.carys.aadObjectId));
    const mine = await t.get('/api/tab/my-actions', carys);
    expect(mine.body.actions.map((a: { ref: string }) => a.ref)).toEqual(['PR1.4']);
    expect((await t.get('/api/tab/actions/procurement-improvement-plan/PR1.4', carys)).status).toBe(200);
    const saved = await t.post(
      '/api/tab/my-actions/procurement-improvement-plan/PR1.4',
      { rev: 1, status: 'In progress', rag: 'Green', narrative: 'Third session booked.' },
      carys,
    );
    expect(saved.body.outcome).toBe('recorded');
  });

  test('the secretariat (SECRETARIAT mapped to its object id) gets the exports; a stranger nothing', async () => {
    const sam = bearer(entra.token(PEOPLE.sam.aadObjectId));
    expect((await t.get('/api/tab/summary', sam)).body.exports.csv).toMatch(/\/exports\/board\.csv\?/);
    const stranger = bearer(entra.token('0b1c2d3e-0000-4000-8000-0000000000ff'));
    for (const path of REGISTER) expect((await t.get(path, stranger)).status).toBe(403);
  });
});
