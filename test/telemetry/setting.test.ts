import { loadConfig, telemetryConnectionString } from '../../bot/config';

const KEY = '5f1c2d3e-0000-4000-8000-0000000000ab';
const good = `InstrumentationKey=${KEY};IngestionEndpoint=https://uksouth-1.in.applicationinsights.azure.com/`;

test('a valid connection string switches telemetry on; unset or blank leaves it off', () => {
  expect(loadConfig({ APPLICATIONINSIGHTS_CONNECTION_STRING: good }).telemetry).toEqual({ connectionString: good });
  expect(loadConfig({}).telemetry).toBeUndefined();
  expect(loadConfig({ APPLICATIONINSIGHTS_CONNECTION_STRING: '  ' }).telemetry).toBeUndefined();
  expect(telemetryConnectionString({ APPLICATIONINSIGHTS_CONNECTION_STRING: good })).toBe(good);
});

test.each([
  ['no instrumentation key', 'IngestionEndpoint=https://uksouth-1.in.applicationinsights.azure.com/'],
  ['a key that is not a GUID', 'InstrumentationKey=my-app;IngestionEndpoint=https://x.example/'],
  ['an endpoint that is not a URL', `InstrumentationKey=${KEY};IngestionEndpoint=uksouth-1 ingestion`],
])('a connection string with %s stops the bot with a message that names the setting, not its value', (_, value) => {
  expect(() => loadConfig({ APPLICATIONINSIGHTS_CONNECTION_STRING: value })).toThrow(
    /APPLICATIONINSIGHTS_CONNECTION_STRING must/,
  );
  expect(() => loadConfig({ APPLICATIONINSIGHTS_CONNECTION_STRING: value })).not.toThrow(value);
  // start.ts, which runs first, does not start telemetry on it (loadConfig then stops the bot).
  expect(telemetryConnectionString({ APPLICATIONINSIGHTS_CONNECTION_STRING: value })).toBeUndefined();
});
