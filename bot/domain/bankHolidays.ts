import Holidays from 'date-holidays';
import type { HolidayCheck } from './calendar';

/**
 * England and Wales bank holidays (they share one list), from the date-holidays rule set,
 * which knows the movable feasts, substitute days and one-off holidays such as coronations.
 */
export function englandAndWalesBankHolidays(): HolidayCheck {
  const hd = new Holidays('GB', 'ENG');
  const byYear = new Map<number, Set<string>>();
  return (iso: string): boolean => {
    const year = Number(iso.slice(0, 4));
    let days = byYear.get(year);
    if (!days) {
      days = new Set(
        hd
          .getHolidays(year)
          .filter((h) => h.type === 'public')
          .map((h) => h.date.slice(0, 10)),
      );
      byYear.set(year, days);
    }
    return days.has(iso);
  };
}
