/**
 * The name shown for a person: their Teams display name once a turn or a roster gave it, else the name
 * the plan's "owner name" column gives, else none (the view then shows the email alone). Every view
 * shows people through these, the email beside the name as secondary text.
 */
export interface NamedPerson {
  email: string;
  /** Teams display name. */
  name?: string;
  /** The plan's owner name. */
  planName?: string;
}

/** A person's email (lower case) to the name shown for them, for the people a name is known for. */
export type PeopleNames = ReadonlyMap<string, string>;

export const nameOf = (p: Omit<NamedPerson, 'email'> | undefined): string | undefined =>
  p?.name?.trim() || p?.planName?.trim() || undefined;

export const namesOf = (people: readonly NamedPerson[]): PeopleNames =>
  new Map(people.flatMap((p) => (nameOf(p) ? [[p.email.toLowerCase(), nameOf(p) as string] as const] : [])));

/** "Amira Khan (amira.khan@example.org)", or the bare address when no name is known. */
export const personText = (email: string, name: string | undefined): string => (name ? `${name} (${email})` : email);

/** `personText` looked up in the names known. */
export const personIn = (names: PeopleNames | undefined, email: string): string =>
  personText(email, names?.get(email.toLowerCase()));
