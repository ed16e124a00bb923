import { isLoopbackHost } from '../loopback';

/**
 * Where the bot may send: the `serviceUrl` an activity names is where botbuilder posts the reply
 * (with the bot's token when it has credentials). In local mode only this computer; with
 * credentials only Teams' service hosts (https), as configured in SERVICE_URL_HOSTS.
 */
export interface ServiceUrlPolicy {
  local: boolean;
  /** Host names allowed with credentials; `*.example.net` allows the subdomains of example.net. */
  hosts: readonly string[];
}

/**
 * Teams' documented service URL hosts: the public cloud (`https://smba.trafficmanager.net/{region}/`,
 * every region on one host) and GCC. GCC High and DoD (smba.infra.gov.teams.microsoft.us,
 * smba.infra.dod.teams.microsoft.us) are set in SERVICE_URL_HOSTS with those clouds' settings.
 */
export const TEAMS_SERVICE_HOSTS = ['smba.trafficmanager.net', 'smba.infra.gcc.teams.microsoft.com'] as const;

const hostMatches = (host: string, entry: string): boolean => {
  const e = entry.toLowerCase();
  return e.startsWith('*.') ? host.endsWith(e.slice(1)) && host.length > e.length - 1 : host === e;
};

/** Whether the bot may talk to this service URL. */
export function serviceUrlAllowed(serviceUrl: unknown, policy: ServiceUrlPolicy): boolean {
  if (typeof serviceUrl !== 'string' || !URL.canParse(serviceUrl)) return false;
  const url = new URL(serviceUrl);
  if (url.username || url.password) return false;
  const host = url.hostname.toLowerCase().replace(/^\[(.*)\]$/, '$1');
  if (policy.local) return isLoopbackHost(host) && (url.protocol === 'http:' || url.protocol === 'https:');
  // A loopback host is accepted over http only when named (tests' stand-ins); everything else is https.
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && isLoopbackHost(host))) return false;
  return policy.hosts.some((entry) => hostMatches(host, entry));
}
