import { ClientSecretCredential, ManagedIdentityCredential, type TokenCredential } from '@azure/identity';
import type { GraphConfig } from '../config';

/**
 * How the bot signs in to Microsoft Graph: its own Entra app's client secret (the app named in the
 * manifest's webApplicationInfo, so the least-privileged "Self" permission applies), or a managed
 * identity in Azure (system-assigned, or user-assigned by client id). Instance discovery is off: the
 * authority host is the one configured (a sovereign cloud, or the tests' stand-in), taken as it is.
 */
export function graphCredentialFor(graph: GraphConfig): TokenCredential {
  const tlsOptions = graph.trustedCa ? { ca: graph.trustedCa } : undefined;
  // Our own bounded retries sit above this; the credential's own stay small.
  const common = { tlsOptions, retryOptions: { maxRetries: 2 } };
  if (graph.credential.kind === 'managed-identity')
    return graph.credential.clientId
      ? new ManagedIdentityCredential({ clientId: graph.credential.clientId, ...common })
      : new ManagedIdentityCredential(common);
  return new ClientSecretCredential(graph.tenantId, graph.credential.clientId, graph.credential.clientSecret, {
    authorityHost: graph.authorityHost,
    disableInstanceDiscovery: true,
    ...common,
  });
}

/** The scope of an app-only token for this Graph: `{origin}/.default`. */
export const graphScopeOf = (baseUrl: string): string => `${new URL(baseUrl).origin}/.default`;
