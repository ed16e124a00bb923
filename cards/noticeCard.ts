import templateJson from './notice.json';
import { type AdaptiveCardJson, cardTemplate, renderCard } from './render';
import { inert } from './inertText';

const template = cardTemplate(templateJson);

/** A short message as a card: a refusal, a confirmation or a reminder. */
export interface NoticeInput {
  title: string;
  text: string;
  style?: 'default' | 'good' | 'attention' | 'warning' | 'accent';
  facts?: { title: string; value: string }[];
}

export const noticeData = (n: NoticeInput) => ({
  title: inert(n.title),
  text: inert(n.text),
  style: n.style ?? 'default',
  facts: (n.facts ?? []).map((f) => ({ title: inert(f.title), value: inert(f.value) })),
});

export const noticeCard = (n: NoticeInput): AdaptiveCardJson => renderCard(template, noticeData(n));
