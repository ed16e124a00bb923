import {
  isoWeek,
  isWorkingDay,
  londonClockByIntl,
  londonDate,
  londonTime,
  parseDate,
  workingDaysBetween,
} from '../../bot/domain/calendar';
import { englandAndWalesBankHolidays } from '../../bot/domain/bankHolidays';

const bankHolidays = englandAndWalesBankHolidays();
const noHolidays = (): boolean => false;

describe('parseDate: dates the secretariat and owners type', () => {
  test.each([
    ['2026-11-23', '2026-11-23'],
    ['23/11/2026', '2026-11-23'],
    ['3/1/2027', '2027-01-03'],
    ['03/01/2027', '2027-01-03'],
    [' 18/12/2026 ', '2026-12-18'],
    ['29/02/2028', '2028-02-29'],
  ])('reads %j as %s', (text, iso) => {
    expect(parseDate(text)).toBe(iso);
  });

  test('reads 3/1/2027 the UK way, as 3 January, not 1 March', () => {
    expect(parseDate('3/1/2027')).toBe('2027-01-03');
  });

  test.each([
    '31/02/2026',
    '2026-02-31',
    '29/02/2027',
    '31/04/2027',
    'next week',
    '',
    '2026/11/23',
    '23-11-2026',
    '23/11/26',
  ])('refuses %j: it is not a real calendar date', (text) => {
    expect(parseDate(text)).toBeUndefined();
  });

  // A month or day out of range must be refused like any other impossible date, not crash the caller.
  test.each(['2026-13-01', '13/13/2026', '32/01/2026', '00/01/2026', '2026-00-10'])(
    'refuses %j without throwing',
    (text) => {
      let result: string | undefined = 'not called';
      expect(() => {
        result = parseDate(text);
      }).not.toThrow();
      expect(result).toBeUndefined();
    },
  );
});

describe('londonDate / londonTime: the day as the board in London sees it', () => {
  test('just after midnight UTC on the day the clocks go forward it is still that day in London (GMT)', () => {
    expect(londonDate(new Date('2026-03-29T00:30:00Z'))).toBe('2026-03-29');
    expect(londonTime(new Date('2026-03-29T00:30:00Z'))).toBe('00:30');
  });

  test('late on a summer Saturday (BST) it is already Sunday 25 October in London', () => {
    expect(londonDate(new Date('2026-10-24T23:30:00Z'))).toBe('2026-10-25');
    expect(londonTime(new Date('2026-10-24T23:30:00Z'))).toBe('00:30');
  });

  test('after the clocks go back the London date is the UTC date again', () => {
    expect(londonDate(new Date('2026-10-25T23:30:00Z'))).toBe('2026-10-25');
    expect(londonTime(new Date('2026-10-25T23:30:00Z'))).toBe('23:30');
  });

  test('every half hour of 2024 to 2030, and each minute around every change of the clocks, agrees with Intl', () => {
    const byIntl = (d: Date) => londonClockByIntl(d).replace('T', ' ');
    const instants: number[] = [];
    for (let t = Date.UTC(2024, 0, 1); t < Date.UTC(2031, 0, 1); t += 30 * 60_000) instants.push(t);
    for (const y of [2024, 2025, 2026, 2027, 2028, 2029, 2030])
      for (const day of [`${y}-03-`, `${y}-10-`])
        for (let d = 24; d <= 31; d++)
          for (let m = -90; m <= 90; m++) instants.push(Date.parse(`${day}${d}T01:00:00Z`) + m * 60_000);
    const wrong = instants
      .map((t) => new Date(t))
      .filter((d) => `${londonDate(d)} ${londonTime(d)}` !== byIntl(d))
      .map((d) => d.toISOString());
    expect(wrong).toEqual([]);
  });

  test('a 09:00 Monday cycle in winter is 09:00 UTC; in summer it is 08:00 UTC', () => {
    expect(londonTime(new Date('2026-11-23T09:00:00Z'))).toBe('09:00');
    expect(londonTime(new Date('2026-06-15T08:00:00Z'))).toBe('09:00');
  });
});

describe('England and Wales bank holidays', () => {
  test.each([
    ['2026-12-25', 'Christmas Day (Friday)'],
    ['2026-12-28', 'substitute Boxing Day (Monday)'],
    ['2027-01-01', "New Year's Day"],
    ['2027-03-26', 'Good Friday'],
    ['2027-03-29', 'Easter Monday'],
    ['2027-05-03', 'Early May bank holiday'],
  ])('%s (%s) is not a working day', (iso) => {
    expect(isWorkingDay(iso, bankHolidays)).toBe(false);
  });

  test.each(['2026-12-24', '2026-12-29', '2026-12-31', '2027-01-04', '2027-03-30', '2027-05-04'])(
    '%s is a working day',
    (iso) => {
      expect(isWorkingDay(iso, bankHolidays)).toBe(true);
    },
  );
});

describe('workingDaysBetween', () => {
  test('Friday to the next Monday is one working day: the weekend does not count', () => {
    expect(workingDaysBetween('2026-11-20', '2026-11-23', noHolidays)).toBe(1);
  });

  test('Monday to Friday of the same week is four working days', () => {
    expect(workingDaysBetween('2026-11-23', '2026-11-27', bankHolidays)).toBe(4);
  });

  test('the same day, or a day earlier, is zero', () => {
    expect(workingDaysBetween('2026-11-23', '2026-11-23', bankHolidays)).toBe(0);
    expect(workingDaysBetween('2026-11-24', '2026-11-23', bankHolidays)).toBe(0);
  });

  test('Christmas Eve 2026 to Tuesday 29 December is one working day (25th and substitute 28th are bank holidays)', () => {
    expect(workingDaysBetween('2026-12-24', '2026-12-29', bankHolidays)).toBe(1);
    // Without the bank holidays it would have been three (25, 28, 29): the holidays make the difference.
    expect(workingDaysBetween('2026-12-24', '2026-12-29', noHolidays)).toBe(3);
  });

  test('Wednesday 23 December 2026 to Monday 4 January 2027 is five working days', () => {
    // 24, 29, 30, 31 December and 4 January; 25, 28 December and 1 January are bank holidays.
    expect(workingDaysBetween('2026-12-23', '2027-01-04', bankHolidays)).toBe(5);
  });

  test('Easter 2027: Thursday 25 March to Tuesday 30 March is one working day', () => {
    expect(workingDaysBetween('2027-03-25', '2027-03-30', bankHolidays)).toBe(1);
  });

  test('Early May 2027: Friday 30 April to Tuesday 4 May is one working day', () => {
    expect(workingDaysBetween('2027-04-30', '2027-05-04', bankHolidays)).toBe(1);
  });
});

describe('isoWeek: labels of weekly cycles', () => {
  test.each([
    ['2024-05-16', '2024-W20'],
    ['2027-01-01', '2026-W53'],
    ['2026-12-31', '2026-W53'],
    ['2027-01-04', '2027-W01'],
    ['2024-12-30', '2025-W01'],
    ['2026-11-23', '2026-W48'],
    ['2026-11-29', '2026-W48'],
  ])('%s is in %s', (iso, week) => {
    expect(isoWeek(iso)).toBe(week);
  });
});
