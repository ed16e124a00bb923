import { type App, startApp } from '../../../bot/app';
import { importPlanRows } from '../../../bot/import/importPlan';
import { parsePlanCsv } from '../../../bot/import/planCsv';
import type { Clock } from '../../../bot/domain/ports';
import { silentLogger } from '../../../bot/log';
import type { Config } from '../../../bot/config';
import { type CsvRow, type Person, SEED_ROWS, TENANT, planCsv, testConfig } from '../../support/fixtures';
import { seatInBoardTeam } from '../../support/boardTeam';
import { freshPrefix, testConnectionString } from '../../support/storage';
import type { EntraStandIn } from './entraStandIn';

export const APP_ID = '5d2c7a3e-1b4f-4c6d-8e9a-0f1b2c3d4e5f';
export const PUBLIC_URL = 'https://board-actions.example.org';

/** The bot on fresh Azurite tables with a plan imported, in local mode or with Teams SSO checked against `sso`. */
export interface TabApp {
  app: App;
  now: { value: Date };
  /** GET a tab data endpoint, as JSON. */
  get(path: string, headers?: Record<string, string>): Promise<{ status: number; body: any }>;
  post(path: string, body: unknown, headers?: Record<string, string>): Promise<{ status: number; body: any }>;
  /** People in the board team's roster: Owners rows with their Entra object id, and members of the board channel's team. */
  meet(...people: Person[]): Promise<void>;
  /** People the bot knows from Teams (they opened a chat with it, or are in another team) but not in the board's team. */
  know(...people: Person[]): Promise<void>;
  stop(): Promise<void>;
}

export function ssoCredentials(sso: EntraStandIn): Config['credentials'] {
  return {
    appId: APP_ID,
    appPassword: 'not-used-here',
    appType: 'SingleTenant',
    tenantId: TENANT,
    tabSso: { audiences: [`api://board-actions.example.org/${APP_ID}`, APP_ID], authority: sso.authority },
  };
}

export async function startTabApp(
  opts: { sso?: EntraStandIn; rows?: CsvRow[]; at?: string; publicUrl?: string } = {},
): Promise<TabApp> {
  const now = { value: new Date(opts.at ?? '2026-11-23T09:00:00Z') };
  const clock: Clock = () => now.value;
  const config = testConfig(testConnectionString(), freshPrefix(), {
    credentials: opts.sso ? ssoCredentials(opts.sso) : undefined,
    publicUrl: opts.publicUrl,
  });
  const app = await startApp(config, silentLogger, clock);
  const { rows } = parsePlanCsv(planCsv(opts.rows ?? SEED_ROWS));
  await importPlanRows(app.store, rows, clock());
  const know = async (people: Person[]) => {
    for (const p of people)
      await app.store.owners.save({
        email: p.email,
        name: p.name,
        aadObjectId: p.aadObjectId,
        teamsUserId: p.id,
        tenantId: TENANT,
      });
  };
  const call = async (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) => {
    const r = await fetch(`${app.url}${path}`, {
      method,
      headers: {
        accept: 'application/json',
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...headers,
      },
      body: body !== undefined ? JSON.stringify(body) : undefined,
    });
    const text = await r.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      // not JSON
    }
    return { status: r.status, body: parsed as any };
  };
  return {
    app,
    now,
    get: (path, headers) => call('GET', path, undefined, headers),
    post: (path, body, headers) => call('POST', path, body, headers),
    know: (...people) => know(people),
    meet: async (...people) => {
      await know(people);
      await seatInBoardTeam(app, people, clock().toISOString());
    },
    stop: () => app.stop(),
  };
}

export const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
export const as = (who: string) => ({ 'x-board-as': who });
