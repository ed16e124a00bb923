import type { Action } from '../../bot/domain/types';
import { type Config, OUTBOUND_DEFAULTS } from '../../bot/config';
import type { StandInMember } from './connectorStandIn';

/** Made-up officers on an example domain, as in the demo plan. */
/** Someone in the board's team: plan email, Entra object id and Teams user id. */
export interface Person {
  name: string;
  email: string;
  aadObjectId: string;
  id: string;
}

export const PEOPLE = {
  amira: {
    name: 'Amira Khan',
    email: 'amira.khan@example.org',
    aadObjectId: '0b1c2d3e-0000-4000-8000-00000000a001',
    id: '29:amira',
  },
  ben: {
    name: 'Ben Okafor',
    email: 'ben.okafor@example.org',
    aadObjectId: '0b1c2d3e-0000-4000-8000-00000000b002',
    id: '29:ben',
  },
  carys: {
    name: 'Carys Evans',
    email: 'carys.evans@example.org',
    aadObjectId: '0b1c2d3e-0000-4000-8000-00000000c003',
    id: '29:carys',
  },
  sam: {
    name: 'Sam Patel (secretariat)',
    email: 'sam.patel@example.org',
    aadObjectId: '0b1c2d3e-0000-4000-8000-00000000d004',
    id: '29:sam',
  },
} satisfies Record<string, Person>;

/** Officers of the council who are in no team with the bot: only Microsoft Graph can reach them. */
export const OUTSIDERS = {
  dana: {
    name: 'Dana Whitfield',
    email: 'dana.whitfield@example.org',
    aadObjectId: '0b1c2d3e-0000-4000-8000-00000000e005',
    id: '29:dana',
  },
  erin: {
    name: 'Erin Morgan',
    email: 'erin.morgan@example.org',
    aadObjectId: '0b1c2d3e-0000-4000-8000-00000000f006',
    id: '29:erin',
  },
} satisfies Record<string, Person>;

export const TENANT = '6f1b2c3d-0000-4000-8000-0000000000aa';

export const memberOf = (p: Person): StandInMember => ({
  id: p.id,
  name: p.name,
  aadObjectId: p.aadObjectId,
  email: p.email,
  userPrincipalName: p.email,
  tenantId: TENANT,
});

/** One action of the LGA CPC plan (seed 000), overridable. */
export function anAction(overrides: Partial<Action> = {}): Action {
  return {
    planId: 'lga-cpc-action-plan-2023',
    planName: 'LGA CPC Action Plan 2023',
    ref: 'R4.2',
    theme: 'Recommendation 4: Increase the pace of decision making',
    title: 'Review the scheme of delegation so that officers can take routine decisions without referral to Cabinet.',
    ownerEmail: PEOPLE.amira.email,
    dueDate: '2026-12-18',
    status: 'In progress',
    rag: 'Green',
    narrative: 'Draft scheme shared with Legal; Constitution Parts C and D under review.',
    revision: 1,
    ...overrides,
  };
}

const HEADER = 'plan,theme,reference,action,owner email,due date,status,RAG,narrative';
const q = (v: string) => (/[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);

/** Row values of a plan file, in column order. */
export type CsvRow = [
  plan: string,
  theme: string,
  ref: string,
  action: string,
  owner: string,
  due: string,
  status?: string,
  rag?: string,
  narrative?: string,
];

export const planCsv = (rows: CsvRow[], header = HEADER): string =>
  `${[header, ...rows.map((r) => r.map((v) => q(v ?? '')).join(','))].join('\n')}\n`;

/** A small plan from the seeds: CPC recommendations and the HR improvement plan, three owners. */
export const SEED_ROWS: CsvRow[] = [
  [
    'LGA CPC Action Plan 2023',
    'Recommendation 4: Increase the pace of decision making',
    'R4.2',
    'Review the scheme of delegation for routine decisions.',
    PEOPLE.amira.email,
    '18/12/2026',
    'In progress',
    'Green',
    'Draft scheme shared with Legal.',
  ],
  [
    'LGA CPC Action Plan 2023',
    "Recommendation 6: Improve the council's approach to partnerships",
    'R6.2',
    'Refresh the partnership governance framework, with the Partnership Executive Group.',
    PEOPLE.amira.email,
    '2026-10-30',
    'In progress',
    'Red',
    'Partners have not yet agreed terms of reference; the October deadline was missed.',
  ],
  [
    'LGA CPC Action Plan 2023',
    'Recommendation 2: Be forward looking',
    'R2.1',
    'Publish a resource hub for partner agencies.',
    PEOPLE.amira.email,
    '2026-07-31',
    'Complete',
    '',
    'Hub launched in July.',
  ],
  [
    'HR Improvement Plan',
    'Phase 1: Analyse and stabilise',
    'HR1.2',
    'Baseline agency spend and vacancy data across directorates.',
    PEOPLE.ben.email,
    '2027-01-29',
    'In progress',
    'Amber',
    'Data from two directorates is still missing, so the baseline may slip.',
  ],
  [
    'HR Improvement Plan',
    'Phase 2: Implement priority solutions',
    'HR2.1',
    'Launch the new recruitment and onboarding process.',
    PEOPLE.ben.email,
    '2027-03-31',
    'Not started',
    '',
    '',
  ],
  [
    'Procurement Improvement Plan',
    'Phase 1: Stabilise operations',
    'PR1.4',
    'Train contract managers on the Procurement Act 2023.',
    PEOPLE.carys.email,
    '2026-12-04',
    'In progress',
    'Green',
    'Two of four sessions delivered, 48 officers trained.',
  ],
];

/** Settings for a bot under test: real Azurite tables, no credentials, no background scheduler. */
export function testConfig(connectionString: string, tablePrefix: string, overrides: Partial<Config> = {}): Config {
  return {
    port: 0,
    host: '127.0.0.1',
    storage: { connectionString, azuritePort: 0, azuriteLocation: 'memory', tablePrefix },
    homeTenantId: TENANT,
    secretariat: [PEOPLE.sam.email],
    chase: {
      weekday: 1,
      time: '09:00',
      intervalWeeks: 1,
      skipIfRepliedWithinDays: 3,
      nudgeAfterWorkingDays: 2,
      escalateAfterWorkingDays: 5,
    },
    digest: { weekday: 5, time: '12:00' },
    outbound: { ...OUTBOUND_DEFAULTS, tenantPerSecond: 50, concurrency: 8 },
    schedulerEnabled: false,
    loadDemoPlan: false,
    ...overrides,
  };
}

/** A large plan: `count` actions of one plan, owners the three seed officers in turn (R1.0, R1.1, ...). */
export const manyRows = (count: number): CsvRow[] =>
  Array.from({ length: count }, (_, i): CsvRow => {
    const [planName, theme, , , , , status, rag, narrative] = SEED_ROWS[i % 3];
    const owner = [PEOPLE.amira, PEOPLE.ben, PEOPLE.carys][i % 3].email;
    return [planName, theme, `R1.${i}`, `Action ${i} of the large plan.`, owner, '2027-01-29', status, rag, narrative];
  });

/** The header's column count as a row of bare commas, as Excel writes for formatted rows left empty. */
export const bareCommas = (header = HEADER): string => ','.repeat(header.split(',').length - 1);

/** The seed header with an "Owner" column of names before "Owner email", as many council sheets have it. */
export const NAMED_OWNER_HEADER = 'Plan,Theme,Reference,Action,Owner,Owner email,Due date,Status,RAG,Narrative';

/** Rows for NAMED_OWNER_HEADER: the owner's name from PEOPLE inserted before the email. */
export const withOwnerNames = (rows: CsvRow[]): string[][] =>
  rows.map((r) => {
    const person = Object.values(PEOPLE).find((p) => p.email === r[4]);
    return [...r.slice(0, 4), person?.name ?? '', ...r.slice(4)].map((v) => v ?? '');
  });

/** A plan file's text from a header and rows of any width (quoted as Excel does). */
export const csvText = (header: string, rows: string[][]): string =>
  `${[header, ...rows.map((r) => r.map(q).join(','))].join('\n')}\n`;

/** Windows-1252 punctuation outside Latin-1, by character. */
const CP1252_EXTRA: Record<string, number> = {
  '€': 0x80,
  '‘': 0x91,
  '’': 0x92,
  '“': 0x93,
  '”': 0x94,
  '–': 0x96,
  '—': 0x97,
};

/** Text as Excel's plain "CSV (Comma delimited)" saves it on a UK Windows PC: Windows-1252 bytes, no BOM. */
export function windows1252(text: string): Uint8Array {
  return Uint8Array.from([...text], (ch) => {
    const code = ch.codePointAt(0) ?? 0;
    const byte = CP1252_EXTRA[ch] ?? (code < 0x80 || (code >= 0xa0 && code <= 0xff) ? code : undefined);
    if (byte === undefined) throw new Error(`${ch} has no Windows-1252 byte`);
    return byte;
  });
}
