/** Dates as the board sees them: ISO calendar dates (YYYY-MM-DD) in Europe/London, working days only. */

/** True when the ISO date is a bank holiday. Injected so the rules stay pure and testable. */
export type HolidayCheck = (isoDate: string) => boolean;

export const BOARD_TIME_ZONE = 'Europe/London';

const londonParts = new Intl.DateTimeFormat('en-GB', {
  timeZone: BOARD_TIME_ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

function parts(instant: Date): Record<string, string> {
  return Object.fromEntries(londonParts.formatToParts(instant).map((p) => [p.type, p.value]));
}

/** London's wall clock at this instant by Intl's time zone data, `YYYY-MM-DDTHH:MM` (slow: see londonClock). */
export function londonClockByIntl(instant: Date): string {
  const p = parts(instant);
  return `${p.year}-${p.month}-${p.day}T${p.hour}:${p.minute}`;
}

const HOUR_MS = 3_600_000;
/** 01:00 UTC on the last Sunday of a month (0-based), when the UK's clocks change. */
const lastSundayAt1Utc = (year: number, month: number): number => {
  const lastDay = new Date(Date.UTC(year, month + 1, 0, 1));
  return lastDay.getTime() - lastDay.getUTCDay() * 24 * HOUR_MS;
};

/**
 * London's wall clock at this instant as a UTC-shaped ISO string. The UK's rule since 1996 (British
 * Summer Time from 01:00 UTC on the last Sunday of March to 01:00 UTC on the last Sunday of October)
 * is worked out directly, as a digest asks it of every action and Intl's formatter is slow; outside
 * those years Intl's time zone data answers. Checked against Intl in test/domain/calendar.test.ts.
 */
function londonClock(instant: Date): string {
  const t = instant.getTime();
  const year = instant.getUTCFullYear();
  if (Number.isNaN(t) || year < 1996 || year > 2099) return londonClockByIntl(instant);
  const summer = t >= lastSundayAt1Utc(year, 2) && t < lastSundayAt1Utc(year, 9);
  return new Date(t + (summer ? HOUR_MS : 0)).toISOString();
}

/** The calendar date in London at this instant. */
export function londonDate(instant: Date): string {
  return londonClock(instant).slice(0, 10);
}

/** The wall-clock time in London at this instant, as HH:MM. */
export function londonTime(instant: Date): string {
  return londonClock(instant).slice(11, 16);
}

const toUtc = (iso: string): Date => new Date(`${iso}T00:00:00Z`);
const fromUtc = (d: Date): string => d.toISOString().slice(0, 10);

export function addDays(iso: string, days: number): string {
  const d = toUtc(iso);
  d.setUTCDate(d.getUTCDate() + days);
  return fromUtc(d);
}

/** ISO weekday: 1 Monday ... 7 Sunday. */
export function isoWeekday(iso: string): number {
  const d = toUtc(iso).getUTCDay();
  return d === 0 ? 7 : d;
}

export function daysBetween(fromIso: string, toIso: string): number {
  return Math.round((toUtc(toIso).getTime() - toUtc(fromIso).getTime()) / 86_400_000);
}

export function isWorkingDay(iso: string, isHoliday: HolidayCheck): boolean {
  return isoWeekday(iso) <= 5 && !isHoliday(iso);
}

/** Working days after `fromIso` up to and including `toIso` (0 when to <= from). */
export function workingDaysBetween(fromIso: string, toIso: string, isHoliday: HolidayCheck): number {
  let count = 0;
  for (let d = addDays(fromIso, 1); d <= toIso; d = addDays(d, 1)) {
    if (isWorkingDay(d, isHoliday)) count += 1;
  }
  return count;
}

/** ISO 8601 week label of a date, e.g. 2024-W20. */
export function isoWeek(iso: string): string {
  const thursday = addDays(iso, 4 - isoWeekday(iso));
  const year = Number(thursday.slice(0, 4));
  const week = Math.floor(daysBetween(`${year}-01-01`, thursday) / 7) + 1;
  return `${year}-W${String(week).padStart(2, '0')}`;
}

/** "Mon, 23 Nov 2026" for people. */
const peopleDate = new Intl.DateTimeFormat('en-GB', {
  weekday: 'short',
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  timeZone: 'UTC',
});

export function formatDate(iso: string): string {
  // One formatter: toLocaleDateString builds a new one a call (a tenth of a chase card's CPU in the bench).
  return peopleDate.format(toUtc(iso));
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const UK_DATE = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/;

/** Reads an ISO (2026-11-23) or UK (23/11/2026) date; undefined when it is not a real date. */
export function parseDate(text: string): string | undefined {
  const t = text.trim();
  let y: number, m: number, d: number;
  const iso = ISO_DATE.exec(t);
  const uk = UK_DATE.exec(t);
  if (iso) [y, m, d] = [Number(iso[1]), Number(iso[2]), Number(iso[3])];
  else if (uk) [y, m, d] = [Number(uk[3]), Number(uk[2]), Number(uk[1])];
  else return undefined;
  const out = `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
  const date = toUtc(out);
  return !Number.isNaN(date.getTime()) && fromUtc(date) === out ? out : undefined;
}

/** The instant London's clocks show 00:00 on this date (GMT or BST). */
export function londonMidnight(iso: string): Date {
  const utc = Date.parse(`${iso}T00:00:00Z`);
  for (const candidate of [utc - 3_600_000, utc]) {
    const d = new Date(candidate);
    if (londonDate(d) === iso && londonTime(d) === '00:00') return d;
  }
  return new Date(utc);
}

const WEEK = /^(\d{4})-W(\d{2})$/;

/** The Monday of an ISO week label (2024-W20 → 2024-05-13); undefined for a week that does not exist. */
export function weekMonday(label: string): string | undefined {
  const m = WEEK.exec(label.trim().toUpperCase());
  if (!m) return undefined;
  const [year, week] = [Number(m[1]), Number(m[2])];
  const jan4 = `${year}-01-04`;
  const monday = addDays(addDays(jan4, 1 - isoWeekday(jan4)), (week - 1) * 7);
  return week >= 1 && isoWeek(monday) === `${year}-W${m[2]}` ? monday : undefined;
}

/** The last instant of an ISO week in London: everything recorded up to it counts for that week. */
export function endOfWeek(label: string): Date | undefined {
  const monday = weekMonday(label);
  return monday ? new Date(londonMidnight(addDays(monday, 7)).getTime() - 1) : undefined;
}
