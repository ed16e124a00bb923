import * as ACData from 'adaptivecards-templating';

/** An Adaptive Card as JSON, ready to send. */
export type AdaptiveCardJson = Record<string, unknown> & { type: 'AdaptiveCard'; version: string };

/**
 * A card template, parsed once. adaptivecards-templating parses every `${...}` expression (with an
 * ANTLR grammar) when it prepares a template, which cost ~10 ms a chase card when done per render.
 * A parsed template is only read by `expand`, which is synchronous, so one per card kind is shared.
 */
export type CardTemplate = ACData.Template;

export const cardTemplate = (json: object): CardTemplate => new ACData.Template(json);

/** Fills a card template with its data. Every field the template names must be present in the data. */
export function renderCard(template: CardTemplate, data: object): AdaptiveCardJson {
  return template.expand({ $root: data }) as AdaptiveCardJson;
}
