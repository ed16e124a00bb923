import { stringify } from 'csv-stringify/sync';
import { type Action, actionKeyOf, awaitsClosure, compareRefs } from '../domain/types';
import { flagsText } from '../domain/challengeFlags';
import type { FlagsByAction } from './boardFlags';
import { effectiveDue, isOpenStatus } from '../domain/digest';
import { daysBetween } from '../domain/calendar';
import type { PeopleNames } from '../domain/people';

/**
 * A spreadsheet cell can run a formula if it starts with = + - @ (or a tab or carriage return):
 * such text gets a leading apostrophe so Excel and Power BI show it as text (OWASP CSV injection).
 */
export const neutralise = (value: string): string => (/^[=+\-@\t\r]/.test(value) ? `'${value}` : value);

export const CSV_COLUMNS = [
  'plan',
  'theme',
  'reference',
  'action',
  'owner email',
  'owner name',
  'due date',
  'revised due date',
  'revised date state',
  'revised date reason',
  'status',
  'RAG',
  'percent complete',
  'narrative',
  'last reply at',
  'overdue',
  'days overdue',
  'flagged not my action',
  'closure',
  'evidence link',
  'as at',
  'challenge flags',
] as const;

/** One row per action (its challenge flags and their reasons in the last column), ISO dates, UTF-8 with a BOM so Excel opens it correctly: a Power BI source. */
export function actionsCsv(
  actions: readonly Action[],
  asOf: string,
  today: string,
  flags: FlagsByAction = new Map(),
  names: PeopleNames = new Map(),
): string {
  const rows = [...actions]
    .sort((a, b) => a.planName.localeCompare(b.planName) || compareRefs(a.ref, b.ref))
    .map((a) => {
      const late = isOpenStatus(a.status) ? daysBetween(effectiveDue(a), today) : 0;
      return [
        a.planName,
        a.theme,
        a.ref,
        a.title,
        a.ownerEmail,
        names.get(a.ownerEmail) ?? '',
        a.dueDate,
        a.revisedDate?.date ?? '',
        a.revisedDate?.state ?? '',
        a.revisedDate?.reason ?? '',
        a.status,
        a.status === 'Complete' ? '' : (a.rag ?? ''),
        a.percentComplete === undefined ? '' : String(a.percentComplete),
        a.narrative ?? '',
        a.lastReplyAt ?? '',
        late > 0 ? 'yes' : 'no',
        late > 0 ? String(late) : '',
        a.notMine && a.notMine.by === a.ownerEmail ? 'yes' : 'no',
        awaitsClosure(a) ? 'awaiting closure' : a.status === 'Complete' ? 'closed' : '',
        a.evidenceUrl ?? '',
        asOf,
        flagsText(flags.get(actionKeyOf(a)) ?? []),
      ].map(neutralise);
    });
  return `\ufeff${stringify([[...CSV_COLUMNS], ...rows], { record_delimiter: 'windows', quoted_match: /[",\r\n]/ })}`;
}
