import { startApp } from '../../bot/app';
import { silentLogger } from '../../bot/log';
import { freshPrefix, testConnectionString } from '../support/storage';
import { testConfig } from '../support/fixtures';
import { azuriteConnectionString } from '../../bot/embeddedAzurite';
import { TcpProxy } from '../support/tcpProxy';

test('GET /healthz answers 200 with storage reachable', async () => {
  const app = await startApp(testConfig(testConnectionString(), freshPrefix()), silentLogger);
  try {
    const r = await fetch(`${app.url}/healthz`);
    expect(r.status).toBe(200);
    expect(await r.json()).toMatchObject({ status: 'ok', storage: 'reachable' });
  } finally {
    await app.stop();
  }
});

test('GET /healthz answers 503 while storage is unreachable and 200 again when it is back', async () => {
  const proxy = await new TcpProxy(Number(process.env.TEST_AZURITE_PORT)).start();
  const app = await startApp(testConfig(azuriteConnectionString(proxy.port), freshPrefix()), silentLogger);
  try {
    expect((await fetch(`${app.url}/healthz`)).status).toBe(200);
    await proxy.cut();
    const down = await fetch(`${app.url}/healthz`);
    expect(down.status).toBe(503);
    // Anyone can call /healthz: it says that storage is unreachable, never why (the reason is in the logs).
    expect(await down.json()).toEqual({ status: 'unhealthy', storage: 'unreachable' });
    await proxy.restore();
    const back = await fetch(`${app.url}/healthz`);
    expect(await back.json()).toMatchObject({ status: 'ok', storage: 'reachable' });
    expect(back.status).toBe(200);
  } finally {
    await app.stop();
    await proxy.stop();
  }
}, 30_000);

test('POST /api/messages refuses a body that is not an activity, with 400 and a reason', async () => {
  const app = await startApp(testConfig(testConnectionString(), freshPrefix()), silentLogger);
  try {
    const r = await fetch(`${app.url}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ hello: 'world' }),
    });
    expect(r.status).toBe(400);
    expect(JSON.stringify(await r.json())).toContain('type');
  } finally {
    await app.stop();
  }
});
