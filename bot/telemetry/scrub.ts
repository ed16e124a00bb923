import type { ReadableSpan, Span, SpanProcessor } from '@opentelemetry/sdk-trace-base';

/** Span attributes that carry a URL (new and old HTTP conventions). */
const URL_KEYS = ['url.full', 'http.url', 'http.target'];
/** A Table entity's keys in a storage URL: owner emails and cycle ids are kept out of telemetry. */
const ENTITY_KEYS = /\(PartitionKey='[^']*',RowKey='[^']*'\)/g;

/** A URL fit to leave the process: no query string (signatures, SAS tokens, filters), no Table entity keys. */
export const scrubUrl = (url: string): string =>
  url.split('?')[0].replace(ENTITY_KEYS, "(PartitionKey='…',RowKey='…')");

/**
 * Rewrites each span's URL attributes just before it ends, whoever created it (the HTTP
 * instrumentation, or Azure SDK clients such as Table storage and the Bot Connector).
 */
export const scrubbingProcessor: SpanProcessor = {
  onStart: () => {},
  onEnding: (span: Span) => {
    for (const key of URL_KEYS) {
      const value = span.attributes[key];
      if (typeof value === 'string') span.setAttribute(key, scrubUrl(value));
    }
    if (typeof span.attributes['url.query'] === 'string') span.setAttribute('url.query', '');
  },
  onEnd: (_span: ReadableSpan) => {},
  forceFlush: async () => {},
  shutdown: async () => {},
};
