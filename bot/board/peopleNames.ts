import type { OwnerRepository } from '../domain/ports';
import { type PeopleNames, namesOf } from '../domain/people';

/** The names shown for a few people (bot/domain/people.ts), read one by one: for a view that names only a handful. */
export async function namesFor(owners: OwnerRepository, emails: readonly (string | undefined)[]): Promise<PeopleNames> {
  const wanted = [...new Set(emails.filter((e): e is string => Boolean(e)).map((e) => e.toLowerCase()))];
  const found = await Promise.all(wanted.map((e) => owners.get(e)));
  return namesOf(found.flatMap((f) => (f ? [f.value] : [])));
}
