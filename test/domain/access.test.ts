import {
  boardRoleOf,
  changeSecretariat,
  configuredSecretariat,
  isHomeTenant,
  mayReadAction,
  mayReadBoard,
  mayShowBoardIn,
} from '../../bot/domain/access';
import { PEOPLE, TENANT } from '../support/fixtures';

const SAM = PEOPLE.sam.aadObjectId;
const BEN = PEOPLE.ben.aadObjectId;

describe('who may see the board (pure rules)', () => {
  test('the secretariat by object id (any case), members by the board team roster, nobody without an id', () => {
    expect(boardRoleOf({ aadObjectId: SAM.toUpperCase() }, { secretariat: [SAM], inBoardTeam: false })).toBe(
      'secretariat',
    );
    expect(boardRoleOf({ aadObjectId: BEN }, { secretariat: [SAM], inBoardTeam: true })).toBe('member');
    expect(boardRoleOf({ aadObjectId: BEN }, { secretariat: [SAM], inBoardTeam: false })).toBe('outsider');
    expect(boardRoleOf({}, { secretariat: [SAM], inBoardTeam: true })).toBe('outsider');
    expect(boardRoleOf({ aadObjectId: '' }, { secretariat: [''], inBoardTeam: true })).toBe('outsider');
  });

  test('readers read the board and any action; an outsider only their own action', () => {
    expect(['secretariat', 'member', 'outsider'].map((r) => mayReadBoard(r as never))).toEqual([true, true, false]);
    expect(mayReadAction('outsider', PEOPLE.ben.email, 'BEN.OKAFOR@example.org')).toBe(true);
    expect(mayReadAction('outsider', PEOPLE.amira.email, PEOPLE.ben.email)).toBe(false);
    expect(mayReadAction('outsider', PEOPLE.amira.email, undefined)).toBe(false);
    expect(mayReadAction('member', PEOPLE.amira.email, PEOPLE.ben.email)).toBe(true);
  });

  test('the board is shown in the 1:1 chat and the board team’s channels only', () => {
    const board = '19:board-team@thread.tacv2';
    expect(mayShowBoardIn({ conversationType: 'personal' }, undefined)).toBe(true);
    expect(mayShowBoardIn({ conversationType: 'channel', teamId: board }, board)).toBe(true);
    expect(mayShowBoardIn({ conversationType: 'channel', teamId: '19:other@thread.tacv2' }, board)).toBe(false);
    expect(mayShowBoardIn({ conversationType: 'channel', teamId: undefined }, undefined)).toBe(false);
    expect(mayShowBoardIn({ conversationType: 'groupChat' }, board)).toBe(false);
  });

  test('home tenant only; with none configured (local mode) any', () => {
    expect(isHomeTenant(TENANT.toUpperCase(), TENANT)).toBe(true);
    expect(isHomeTenant('9a9a9a9a-0000-4000-8000-0000000000bb', TENANT)).toBe(false);
    expect(isHomeTenant(undefined, TENANT)).toBe(false);
    expect(isHomeTenant(undefined, undefined)).toBe(true);
  });
});

describe('the secretariat (pure rules)', () => {
  test('from configuration: object ids as they are, emails once known, each once', () => {
    const known = new Map([[PEOPLE.sam.email, SAM]]);
    expect(
      configuredSecretariat([PEOPLE.sam.email, SAM.toUpperCase(), PEOPLE.ben.email, BEN], (e) => known.get(e)),
    ).toEqual([{ aadObjectId: SAM, email: PEOPLE.sam.email }, { aadObjectId: BEN }]);
  });

  test('add once, remove a member, never the last one', () => {
    const one = [{ aadObjectId: SAM, name: 'Sam' }];
    const added = changeSecretariat(one, { kind: 'add', member: { aadObjectId: BEN.toUpperCase(), name: 'Ben' } });
    expect(added).toEqual({ ok: true, members: [...one, { aadObjectId: BEN, name: 'Ben' }] });
    expect(changeSecretariat(one, { kind: 'add', member: { aadObjectId: SAM } })).toEqual({
      ok: false,
      reason: 'Sam is already in the board secretariat.',
    });
    expect(changeSecretariat(one, { kind: 'remove', aadObjectId: SAM, label: 'Sam' })).toMatchObject({
      ok: false,
      reason: expect.stringContaining('is the last member of the board secretariat'),
    });
    expect(changeSecretariat(one, { kind: 'remove', aadObjectId: BEN, label: 'Ben' })).toEqual({
      ok: false,
      reason: 'Ben is not in the board secretariat.',
    });
    if (!added.ok) throw new Error('not added');
    expect(changeSecretariat(added.members, { kind: 'remove', aadObjectId: SAM, label: 'Sam' })).toEqual({
      ok: true,
      members: [{ aadObjectId: BEN, name: 'Ben' }],
    });
  });
});
