import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { actionsFromMinutes, dueDateOf } from '../../bot/domain/minutes';
import { PEOPLE } from '../support/fixtures';

const minutes = (file: string) => readFileSync(join(__dirname, '../support/minutes', file), 'utf8');
const OWNERS = [PEOPLE.amira, PEOPLE.ben, PEOPLE.carys, PEOPLE.sam].map((p) => ({ email: p.email, name: p.name }));
const brief = (file: string) =>
  actionsFromMinutes(minutes(file), OWNERS).map((c) => [c.kind, c.text, c.ownerEmail ?? '', c.dueDate ?? '']);

describe('actions arising from minutes (deterministic rules, no model)', () => {
  test('seed 001 (Tower Hamlets Best Value Improvement Board, 18 Dec 2017): every ask, under its item', () => {
    const found = actionsFromMinutes(minutes('tower-hamlets-bvib-2017-12-18.txt'), OWNERS);
    expect(found.map((c) => [c.item?.replace(/^(\d+)\..*/, '$1'), c.kind, c.text.slice(0, 60)])).toEqual([
      ['4', 'asked', 'Appropriate milestones for the delivery of the Cabinet Offic'],
      ['6', 'asked', 'Officers identify five beneficial (customer service) outcome'],
      ['6', 'asked', 'Progress on the delivery of these be reported to the Board.'],
      ['6', 'asked', 'Feedback and themes arising out of the staff health survey b'],
      ['6', 'asked', 'Feedback on action being taken to address Member issues be r'],
      ['7', 'asked', 'ICT arrangements should be reviewed by the Best Value Improv'],
      ['7', 'asked', 'Targets toward reducing levels of agency social workers shou'],
      ['7', 'asked', 'Consider how the NHS and other Partners may be engaged to fu'],
      ['8', 'asked', "Any outstanding issues relating to Cabinet Members' portfoli"],
      ['8', 'resolved', 'A summary would be brought to a future meeting.'],
      ['9', 'asked', 'The following matters be added to the agenda for discussion '],
    ]);
    // Item 5 (Spotlight: Property) only noted things; "That officers take forward the above action" points back.
    expect(found.filter((c) => c.item?.startsWith('5.'))).toEqual([]);
    expect(found.some((c) => /above/.test(c.text))).toBe(false);
    // "Parking Permits -- will be online by March 2018" is something the Board heard, not an ask.
    expect(found.some((c) => c.dueText)).toBe(false);
  });

  test('an action-log style (Northshire): ACTION lines and bullets under "Actions:", owners by name, due dates', () => {
    expect(brief('northshire-panel-2027-01-12.txt')).toEqual([
      [
        'action',
        'Ben Okafor to bring the agency spend benchmark to the Panel by 31 March 2027.',
        PEOPLE.ben.email,
        '2027-03-31',
      ],
      [
        'action',
        'Publish the refreshed workforce strategy on the intranet by April 2027 (Carys Evans).',
        PEOPLE.carys.email,
        '2027-04-30',
      ],
      [
        'action',
        'Amira Khan to circulate the contract register to Panel members by 15/02/2027',
        PEOPLE.amira.email,
        '2027-02-15',
      ],
      ['action', 'Officers to report progress on the Procurement Strategy at the next meeting', '', ''],
    ]);
  });

  test('a formal resolutions style (Riverside): lettered resolutions, noted-only ones left out', () => {
    const found = actionsFromMinutes(minutes('riverside-tab-2027-03-03.txt'), OWNERS);
    expect(found.map((c) => [c.item?.slice(0, 2), c.text, c.ownerEmail ?? '', c.dueDate ?? ''])).toEqual([
      [
        '5.',
        'Officers bring the revised terms of reference for the Partnership Executive Group to the next meeting.',
        '',
        '',
      ],
      [
        '5.',
        "Carys Evans, Corporate Director of Children's Services, report to the Board on agency social worker numbers by June 2027.",
        PEOPLE.carys.email,
        '2027-06-30',
      ],
      [
        '7.',
        'Officers prepare a briefing on the Ofsted monitoring visit for all Members by 30 April 2027.',
        '',
        '2027-04-30',
      ],
    ]);
  });

  test('passages that only note propose nothing, even when they mention asks and dates', () => {
    const noted = [
      'The Board noted:',
      '- that officers had been asked to review the asset register by March 2027;',
      '- that the LGA had offered assistance.',
      'Members noted that the Board had asked that terms of reference be agreed.',
      'RESOLVED',
      '1. That the update be noted',
      '2. That the minutes be approved as a correct record.',
      'NOTED: the action plan is on track.',
    ].join('\n');
    expect(actionsFromMinutes(noted, OWNERS)).toEqual([]);
  });

  test('pasted as rich text (Teams HTML): paragraphs and list items read as lines', () => {
    const html =
      '<p>The Board asked that:</p><ul><li>Ben Okafor report sickness absence by the end of May 2027</li><li>officers publish the plan</li></ul><p>The Board noted the update.</p>';
    expect(actionsFromMinutes(html, OWNERS).map((c) => [c.text, c.ownerEmail ?? '', c.dueDate ?? ''])).toEqual([
      ['Ben Okafor report sickness absence by the end of May 2027', PEOPLE.ben.email, '2027-05-31'],
      ['Officers publish the plan', '', ''],
    ]);
  });

  test('due dates: a month is its last day; a day that does not exist is no date', () => {
    expect(dueDateOf('by March 2018')?.date).toBe('2018-03-31');
    expect(dueDateOf('by February 2028')?.date).toBe('2028-02-29');
    expect(dueDateOf('by 1st Sept 2027')?.date).toBe('2027-09-01');
    expect(dueDateOf('by 31/02/2027')).toBeUndefined();
    expect(dueDateOf('in March 2018')).toBeUndefined();
  });
});
