import { type Harness, startHarness } from '../support/botHarness';
import { PEOPLE } from '../support/fixtures';
import { cardsIn, recordMeasured } from './figures';

let h: Harness;
afterEach(async () => h?.stop());

const toBen = (m: string, p: string) => m === 'POST' && p.includes(PEOPLE.ben.id) && p.includes('/activities');

test('a 413 (message too big) is permanent: not retried, the owner is not marked unreachable, the secretariat is told', async () => {
  h = await startHarness({ at: '2026-11-23T09:00:00Z' });
  await h.installInTeam();
  h.connector.faults.push({
    match: toBen,
    status: 413,
    body: { error: { code: 'MessageSizeTooBig', message: 'Message size is too big' } },
  });
  const report = await h.app.tick();
  expect(report.startedCycle).toBe('2026-11-23');
  const attempts = h.connector.requests.filter((r) => toBen(r.method, r.path)).length;
  const ben = (await h.app.store.prompts.get('2026-11-23', PEOPLE.ben.email))?.value;
  const toSam = h.connector.sentTo(PEOPLE.sam.id).map((s) => String(s.activity.text ?? ''));
  const told = toSam.filter((t) => t.includes('too big') && t.includes(PEOPLE.ben.email));
  recordMeasured({
    fault: 'Teams answers 413 to a chase card',
    repliesLost: 0,
    duplicatePrompts: Math.max(0, cardsIn(h.connector.sentTo(PEOPLE.ben.id)) - 1),
    figures: { attempts, promptState: ben?.state ?? 'none', secretariatMessages: told.length },
  });
  expect(attempts).toBe(1);
  expect(ben?.state).toBe('failed');
  expect(ben?.reason).toContain('too big');
  expect((await h.app.store.owners.get(PEOPLE.ben.email))?.value.reachability).not.toBe('unreachable');
  expect(told).toHaveLength(1);
  // A later run of the same cycle does not try again.
  await h.app.tick();
  expect(h.connector.requests.filter((r) => toBen(r.method, r.path))).toHaveLength(attempts);
});
