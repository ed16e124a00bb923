import { inert } from './inertText';

/** A person on a card: the name shown for them (inert) with the email after it, or the email alone. */
export const cardPerson = (email: string, name: string | undefined): string =>
  name ? `${inert(name)} (${email})` : email;

/** Where the email was just given: the name alone (inert), or the email when no name is known. */
export const cardName = (email: string, name: string | undefined): string => (name ? inert(name) : email);
