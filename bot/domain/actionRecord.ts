import { type Action, type ActionUpdate, isOpen } from './types';

/**
 * What an action's history says that its current state does not, folded one history row at a time,
 * so the board's challenge flags are read off the action as it stands, without reading its history:
 * when it was last commented on, since when it has been Red, the revised dates proposed, how it was
 * closed. Kept on the action's state row by every commit, and rebuilt by every replay of history.
 */
export interface ActionRecord {
  /** When a comment last changed (a new narrative in an update or import), or when the action first appeared. */
  lastCommentAt: string;
  /** Whether it has had a comment at all. */
  commented: boolean;
  /** The narrative after the last row, to tell a new comment from the same one again. */
  narrative?: string;
  /** When the current unbroken run of Red began. */
  redSince?: string;
  /** Revised dates proposed, and whether each was approved. */
  proposals: { date: string; at: string; approved: boolean }[];
  /** The row that closed it (open work made Complete, or created Complete), and whether it brought a comment. */
  closed?: { at: string; by: string; withComment: boolean };
}

/** The fields of a history row the record reads. */
export type RecordRow = Pick<ActionUpdate, 'kind' | 'at' | 'byEmail' | 'narrative' | 'proposedDate' | 'decision'>;

/** The record after one more history row: `before` is the record before it (none for the first row), `after` the state it made. */
export function recordAfter(before: ActionRecord | undefined, after: Action, u: RecordRow): ActionRecord {
  const newComment =
    (u.kind === 'update' || u.kind === 'import' || u.kind === 'add') &&
    Boolean(u.narrative?.trim()) &&
    (!before || u.narrative !== before.narrative);
  const r: ActionRecord = {
    lastCommentAt: newComment || !before ? u.at : before.lastCommentAt,
    commented: newComment || Boolean(before?.commented),
    narrative: after.narrative,
    proposals: [...(before?.proposals ?? [])],
  };
  if (u.kind === 'update' && u.proposedDate) r.proposals.push({ date: u.proposedDate, at: u.at, approved: false });
  if (u.kind === 'dateDecision' && u.decision === 'approved' && r.proposals.length > 0)
    r.proposals[r.proposals.length - 1] = { ...r.proposals[r.proposals.length - 1], approved: true };
  const red = isOpen(after) && after.rag === 'Red';
  if (red) r.redSince = before?.redSince ?? u.at;
  if (after.status === 'Complete') r.closed = before?.closed ?? { at: u.at, by: u.byEmail, withComment: newComment };
  return r;
}
