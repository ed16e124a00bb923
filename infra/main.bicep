// Board Actions: the Teams bot that chases an improvement board's action owners.
//
// One resource group holds everything:
//   Storage account (Table service: the bot's tables), reached with the web app's managed identity (no keys)
//   Key Vault (RBAC, purge protection) holding the bot's client secret and the export-link key
//   Log Analytics workspace + workspace-based Application Insights
//   Linux App Service plan (2+ instances) + Web App on Node 24 running `node dist/bot/main.js`
//   Azure Bot (single-tenant) pointing at https://<web app>/api/messages, with the Teams channel
//
// Deploy: see infra/README.md. Offline check: test/infra/infra.test.ts (no Bicep compiler here).

targetScope = 'resourceGroup'

// ---------------------------------------------------------------- parameters

@description('Short name the resource names are built from: lowercase letters and digits, 3 to 12 characters.')
@minLength(3)
@maxLength(12)
param baseName string = 'boardactions'

@description('Azure region for every resource except the Azure Bot (which is global).')
param location string = resourceGroup().location

@description('Tags put on every resource.')
param tags object = {}

@description('Application (client) id of the single-tenant Entra app registration the bot signs in as (az ad app create).')
@minLength(36)
@maxLength(36)
param botAppId string

@secure()
@description('Client secret of that app registration. Stored in the Key Vault; the web app reads it through a Key Vault reference.')
@minLength(1)
param botAppPassword string

@description('Name shown for the bot in the Azure portal (the Teams app name comes from the Teams manifest).')
param botDisplayName string = 'Board Actions'

@description('Azure Bot pricing tier. F0 is free (standard channels such as Teams are free on both).')
@allowed([
  'F0'
  'S1'
])
param botSku string = 'F0'

@description('App Service plan SKU. Always On needs Basic or above; B1 allows at most 3 instances.')
@allowed([
  'B1'
  'B2'
  'B3'
  'S1'
  'S2'
  'S3'
  'P0v3'
  'P1v3'
  'P2v3'
  'P3v3'
])
param appServicePlanSku string = 'P0v3'

@description('Number of web app instances. The bot is designed for several instances sharing one storage account.')
@minValue(1)
@maxValue(10)
param capacity int = 2

@description('Node.js runtime of the web app (linuxFxVersion NODE|<this>). The project requires Node 24 (package.json engines) and is built and tested on it.')
@allowed([
  '24-lts'
])
param nodeVersion string = '24-lts'

@description('Storage account redundancy.')
@allowed([
  'Standard_LRS'
  'Standard_ZRS'
  'Standard_GRS'
  'Standard_RAGRS'
])
param storageSku string = 'Standard_LRS'

@description('Prefix of the bot\'s table names (TABLE_PREFIX): a letter then up to 19 letters or digits. Lets several boards share one account.')
@minLength(1)
@maxLength(20)
param tablePrefix string = 'board'

@secure()
@description('Key that signs export links (EXPORT_LINK_SECRET), at least 32 characters, e.g. from `openssl rand -hex 32`. Stored in the Key Vault; every instance reads the same key through a Key Vault reference.')
@minLength(32)
param exportLinkSecret string

@description('Years a plan\'s record is kept after its last change once nothing in it is open (RETENTION_YEARS); chase cycles this long after they started.')
@minValue(1)
@maxValue(50)
param retentionYears int = 6

@description('Public network access to the storage account and the Key Vault: Enabled (with allowedIpRanges, if any, as the only addresses allowed) or Disabled (private endpoints, added outside this template).')
@allowed([
  'Enabled'
  'Disabled'
])
param dataPublicNetworkAccess string = 'Enabled'

@description('Address ranges (CIDR) allowed to reach the storage account and the Key Vault; empty allows any address (still authenticated). Add the web app\'s outbound addresses when set.')
param allowedIpRanges array = []

@description('Address ranges (CIDR) allowed to reach the web app\'s deployment (SCM/Kudu) site; empty leaves it open to authenticated Entra users.')
param scmAllowedIpRanges array = []

@description('Board secretariat: email addresses (comma, semicolon or space separated) who get escalations and may run secretariat commands (SECRETARIAT).')
param secretariat string

@description('Several boards in this one deployment (BOARDS): a JSON array such as [{"id":"tab","name":"Transformation Advisory Board","secretariat":["sam@council.gov.uk"]}]; empty for one board on the settings here (docs/configuration.md).')
param boards string = ''

@description('Weekday of the regular chase (CHASE_DAY).')
@allowed([
  'monday'
  'tuesday'
  'wednesday'
  'thursday'
  'friday'
])
param chaseDay string = 'monday'

@description('Time of day of the chase, HH:MM on the 24-hour clock, Europe/London (CHASE_TIME).')
@minLength(5)
@maxLength(5)
param chaseTime string = '09:00'

@description('Chase every N weeks (CHASE_INTERVAL_WEEKS).')
@minValue(1)
@maxValue(8)
param chaseIntervalWeeks int = 1

@description('Do not chase an owner who replied within this many days (SKIP_IF_REPLIED_WITHIN_DAYS).')
@minValue(0)
@maxValue(60)
param skipIfRepliedWithinDays int = 3

@description('Nudge a non-replier after this many working days (NUDGE_AFTER_WORKING_DAYS).')
@minValue(1)
@maxValue(30)
param nudgeAfterWorkingDays int = 2

@description('Escalate to the secretariat after this many working days (ESCALATE_AFTER_WORKING_DAYS); must be greater than nudgeAfterWorkingDays.')
@minValue(2)
@maxValue(60)
param escalateAfterWorkingDays int = 5

@description('Challenge flag: an open action with no new comment for this many weeks is stale (FLAG_STALE_WEEKS).')
@minValue(1)
@maxValue(52)
param flagStaleWeeks int = 4

@description('Challenge flag: an action Red this many weeks running is stuck Red (FLAG_STUCK_RED_WEEKS).')
@minValue(1)
@maxValue(52)
param flagStuckRedWeeks int = 6

@description('Challenge flag: an action with this many revised dates proposed is slipping (FLAG_SLIPPING_DATES).')
@minValue(1)
@maxValue(10)
param flagSlippingDates int = 2

@description('Challenge flag: the board asks for evidence when an action is closed (FLAG_EVIDENCE_REQUIRED). A string: ARM writes a bool as True.')
@allowed([
  'true'
  'false'
])
param flagEvidenceRequired string = 'false'

@description('Weekday the board digest is posted (DIGEST_DAY).')
@allowed([
  'monday'
  'tuesday'
  'wednesday'
  'thursday'
  'friday'
])
param digestDay string = 'friday'

@description('Time of day of the digest, HH:MM on the 24-hour clock, Europe/London (DIGEST_TIME).')
@minLength(5)
@maxLength(5)
param digestTime string = '12:00'

@description('Requests per second the bot may make to Teams for the whole app in the tenant; Teams allows 50 (TENANT_RATE_PER_SECOND). Lower it if other apps share the budget.')
@minValue(1)
@maxValue(50)
param tenantRatePerSecond int = 50

@description('How many owners are prompted at once in a chase cycle (CHASE_CONCURRENCY).')
@minValue(1)
@maxValue(64)
param chaseConcurrency int = 8

@description('Install the app for owners who have no chat with the bot, through Microsoft Graph (GRAPH_INSTALL_ENABLED). Grant admin consent first: docs/deploying.md, "Reaching every owner".')
param graphInstallEnabled bool = false

@description('The app\'s id in the organisation\'s Teams app catalogue, not the manifest id (TEAMS_CATALOG_APP_ID); required when graphInstallEnabled is true.')
param teamsCatalogAppId string = ''

@description('The Teams app\'s id, the manifest\'s id (TEAMS_APP_ID), for the cards\' deep links to the app\'s tabs; blank: derived from botAppId as npm run package derives it.')
param teamsAppId string = ''

@description('Days the Log Analytics workspace keeps data.')
@minValue(30)
@maxValue(730)
param logRetentionDays int = 30

// ---------------------------------------------------------------- names and constants

var suffix = uniqueString(resourceGroup().id, baseName)
var storageAccountName = take('st${toLower(baseName)}${suffix}', 24)
var keyVaultName = take('kv-${toLower(baseName)}-${suffix}', 24)
var logAnalyticsName = 'log-${baseName}-${suffix}'
var appInsightsName = 'appi-${baseName}-${suffix}'
var planName = 'plan-${baseName}-${suffix}'
var webAppName = 'app-${baseName}-${suffix}'
var botName = 'bot-${baseName}-${suffix}'

// Must match TABLE_NAMES in bot/store/tables.ts (the offline test checks it). The bot also
// creates missing tables at start; declaring them here makes them visible and deploy-owned.
var tableNames = [
  'Plans'
  'Ledger'
  'History'
  'Weeks'
  'Owners'
  'Prompts'
  'Cycles'
  'Settings'
  'Turns'
  'Jobs'
]

// Built-in role "Key Vault Secrets User" (read secret contents).
var keyVaultSecretsUserRoleId = '4633458b-17de-408a-b874-0445c86b69e6'

// Built-in role "Storage Table Data Contributor" (read, write and delete table entities).
var storageTableDataContributorRoleId = '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3'

// Network rules for the storage account and the vault: deny by default only when ranges are listed.
var dataNetworkAcls = {
  bypass: 'AzureServices'
  defaultAction: empty(allowedIpRanges) ? 'Allow' : 'Deny'
}

// ---------------------------------------------------------------- storage

resource storage 'Microsoft.Storage/storageAccounts@2023-05-01' = {
  name: storageAccountName
  location: location
  tags: tags
  kind: 'StorageV2'
  sku: {
    name: storageSku
  }
  properties: {
    accessTier: 'Hot'
    minimumTlsVersion: 'TLS1_2'
    supportsHttpsTrafficOnly: true
    allowBlobPublicAccess: false
    // No account keys or SAS: the bot reaches its tables with the web app's managed identity (Entra ID).
    allowSharedKeyAccess: false
    defaultToOAuthAuthentication: true
    publicNetworkAccess: dataPublicNetworkAccess
    networkAcls: union(dataNetworkAcls, {
      ipRules: [for range in allowedIpRanges: { value: range, action: 'Allow' }]
    })
  }
}

resource tableService 'Microsoft.Storage/storageAccounts/tableServices@2023-05-01' = {
  parent: storage
  name: 'default'
}

resource tables 'Microsoft.Storage/storageAccounts/tableServices/tables@2023-05-01' = [
  for table in tableNames: {
    parent: tableService
    name: '${tablePrefix}${table}'
  }
]

// ---------------------------------------------------------------- key vault and secrets

resource vault 'Microsoft.KeyVault/vaults@2023-07-01' = {
  name: keyVaultName
  location: location
  tags: tags
  properties: {
    tenantId: tenant().tenantId
    sku: {
      family: 'A'
      name: 'standard'
    }
    enableRbacAuthorization: true
    enableSoftDelete: true
    softDeleteRetentionInDays: 90
    // A deleted vault or secret cannot be purged before its retention ends (this cannot be turned off again).
    enablePurgeProtection: true
    enabledForDeployment: false
    enabledForDiskEncryption: false
    enabledForTemplateDeployment: false
    publicNetworkAccess: dataPublicNetworkAccess
    networkAcls: union(dataNetworkAcls, {
      ipRules: [for range in allowedIpRanges: { value: range }]
    })
  }
}

resource botPasswordSecret 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = {
  parent: vault
  name: 'MicrosoftAppPassword'
  properties: {
    value: botAppPassword
    contentType: 'Entra app client secret of the Board Actions bot'
  }
}

resource exportLinkSecretValue 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = {
  parent: vault
  name: 'ExportLinkSecret'
  properties: {
    value: exportLinkSecret
    contentType: 'Key that signs the bot\'s one-hour export links'
  }
}

// ---------------------------------------------------------------- monitoring

resource logAnalytics 'Microsoft.OperationalInsights/workspaces@2023-09-01' = {
  name: logAnalyticsName
  location: location
  tags: tags
  properties: {
    sku: {
      name: 'PerGB2018'
    }
    retentionInDays: logRetentionDays
  }
}

resource appInsights 'Microsoft.Insights/components@2020-02-02' = {
  name: appInsightsName
  location: location
  tags: tags
  kind: 'web'
  properties: {
    Application_Type: 'web'
    WorkspaceResourceId: logAnalytics.id
    IngestionMode: 'LogAnalytics'
  }
}

// ---------------------------------------------------------------- app service

resource plan 'Microsoft.Web/serverfarms@2023-12-01' = {
  name: planName
  location: location
  tags: tags
  kind: 'linux'
  sku: {
    name: appServicePlanSku
    capacity: capacity
  }
  properties: {
    reserved: true // Linux
  }
}

resource webApp 'Microsoft.Web/sites@2023-12-01' = {
  name: webAppName
  location: location
  tags: tags
  kind: 'app,linux'
  identity: {
    type: 'SystemAssigned'
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    clientAffinityEnabled: false // any instance may serve any request; state lives in Table storage
    keyVaultReferenceIdentity: 'SystemAssigned'
    siteConfig: {
      linuxFxVersion: 'NODE|${nodeVersion}'
      // Oryx runs `npm install` and `npm run build` (tsc -> dist/) during zip deploy.
      appCommandLine: 'node dist/bot/main.js'
      alwaysOn: true
      healthCheckPath: '/healthz'
      minTlsVersion: '1.2'
      scmMinTlsVersion: '1.2'
      ftpsState: 'Disabled'
      http20Enabled: true
      scmIpSecurityRestrictionsUseMain: false
      scmIpSecurityRestrictions: [
        for (range, i) in scmAllowedIpRanges: {
          ipAddress: range
          action: 'Allow'
          priority: 100 + i
          name: 'scm-allowed-${i}'
        }
      ]
    }
  }
}

// No publishing with a user name and password: deployments authenticate with Entra ID.
resource scmBasicAuth 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2023-12-01' = {
  parent: webApp
  name: 'scm'
  properties: {
    allow: false
  }
}

resource ftpBasicAuth 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2023-12-01' = {
  parent: webApp
  name: 'ftp'
  properties: {
    allow: false
  }
}

// The web app's managed identity reads and writes the bot's tables (the account accepts no keys).
resource webAppTablesContributor 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(storage.id, webApp.id, storageTableDataContributorRoleId)
  scope: storage
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', storageTableDataContributorRoleId)
    principalId: webApp.identity.principalId
    principalType: 'ServicePrincipal'
  }
}

// The web app's managed identity may read the vault's secrets (for the Key Vault references).
resource webAppSecretsUser 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(vault.id, webApp.id, keyVaultSecretsUserRoleId)
  scope: vault
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', keyVaultSecretsUserRoleId)
    principalId: webApp.identity.principalId
    principalType: 'ServicePrincipal'
  }
}

// Every environment variable the bot reads in production (bot/config.ts). Not set here, on purpose:
//   PORT      App Service sets it for the Node container.
//   HOST      the bot binds 0.0.0.0 when MicrosoftAppId is set (and loopback when it is not).
//   AZURITE_PORT, AZURITE_LOCATION   only used when no storage is named.
//   STORAGE_CONNECTION_STRING   the account accepts no keys: STORAGE_ACCOUNT_URL and the managed identity instead.
//   BOT_TOKEN_ISSUER, SERVICE_URL_HOSTS   the public cloud's values are the defaults.
//   GRAPH_BASE_URL, GRAPH_AUTHORITY_HOST, TEAMS_SERVICE_URL   public-cloud defaults; sovereign clouds only.
//   GRAPH_MANAGED_IDENTITY_CLIENT_ID, GRAPH_MAX_RETRY_AFTER_SECONDS   not used with the client secret; default bound.
// This resource replaces the whole app settings collection of the site on every deployment.
resource webAppSettings 'Microsoft.Web/sites/config@2023-12-01' = {
  parent: webApp
  name: 'appsettings'
  properties: {
    // Bot Framework identity: single-tenant app registration in this tenant.
    MicrosoftAppType: 'SingleTenant'
    MicrosoftAppId: botAppId
    MicrosoftAppTenantId: tenant().tenantId
    MicrosoftAppPassword: '@Microsoft.KeyVault(SecretUri=${botPasswordSecret.properties.secretUri})'

    // Teams SSO for the tab pages: the token audience, the manifest's webApplicationInfo.resource
    // (v2 tokens carry the app id itself, which is always accepted).
    TAB_SSO_AUDIENCE: 'api://${webApp.properties.defaultHostName}/${botAppId}'

    // Storage: the account's Table endpoint, reached with the managed identity (Storage Table Data Contributor).
    STORAGE_ACCOUNT_URL: 'https://${storage.name}.table.${environment().suffixes.storage}'
    TABLE_PREFIX: tablePrefix

    // Export links: one key for every instance, from the vault; INSTANCE_COUNT makes the bot insist on it.
    EXPORT_LINK_SECRET: '@Microsoft.KeyVault(SecretUri=${exportLinkSecretValue.properties.secretUri})'
    INSTANCE_COUNT: string(capacity)

    // Personal data: how long a closed plan's record is kept (docs/data-protection.md).
    RETENTION_YEARS: string(retentionYears)

    // The board.
    SECRETARIAT: secretariat
    BOARDS: boards
    CHASE_DAY: chaseDay
    CHASE_TIME: chaseTime
    CHASE_INTERVAL_WEEKS: string(chaseIntervalWeeks)
    SKIP_IF_REPLIED_WITHIN_DAYS: string(skipIfRepliedWithinDays)
    NUDGE_AFTER_WORKING_DAYS: string(nudgeAfterWorkingDays)
    ESCALATE_AFTER_WORKING_DAYS: string(escalateAfterWorkingDays)
    DIGEST_DAY: digestDay
    DIGEST_TIME: digestTime
    FLAG_STALE_WEEKS: string(flagStaleWeeks)
    FLAG_STUCK_RED_WEEKS: string(flagStuckRedWeeks)
    FLAG_SLIPPING_DATES: string(flagSlippingDates)
    FLAG_EVIDENCE_REQUIRED: flagEvidenceRequired
    TENANT_RATE_PER_SECOND: string(tenantRatePerSecond)
    CHASE_CONCURRENCY: string(chaseConcurrency)
    // Outbound: the instances together use 95% of the tenant rate, split by heartbeat; claims are 60 s leases;
    // an unanswered send is abandoned after 7 s; SIGTERM waits at most 9 s (App Service kills at 10 s).
    OUTBOUND_HEADROOM_PERCENT: '95'
    INSTANCE_HEARTBEAT_MS: '5000'
    CLAIM_LEASE_MS: '60000'
    SEND_TIMEOUT_MS: '7000'
    STOP_GRACE_MS: '9000'
    SCHEDULER_ENABLED: 'true'
    LOAD_DEMO_PLAN: 'false'

    // Background jobs (chase and digest commands): an instance's lease on a job, how often instances
    // look for jobs, and how long after a chase a second one needs "chase all again".
    JOB_LEASE_MS: '30000'
    JOB_POLL_MS: '2000'
    CHASE_AGAIN_AFTER_MINUTES: '10'

    // Owners outside the board's team: Microsoft Graph installs the app for them (off unless graphInstallEnabled).
    // The bot signs in to Graph as its own Entra app (botAppId) with its client secret, so the least-privileged
    // TeamsAppInstallation.ReadWriteSelfForUser.All applies; admin consent is a separate, manual step.
    GRAPH_INSTALL_ENABLED: string(graphInstallEnabled)
    TEAMS_CATALOG_APP_ID: teamsCatalogAppId
    GRAPH_CREDENTIAL: 'client-secret'

    // The cards' "Open My actions" and "Open the board report" are Teams deep links to this app's tabs.
    TEAMS_APP_ID: teamsAppId

    // Where people reach the bot's HTTP routes (export links): this web app.
    PUBLIC_URL: 'https://${webApp.properties.defaultHostName}'

    // Monitoring (the connection string is not a secret; it only allows sending telemetry).
    APPLICATIONINSIGHTS_CONNECTION_STRING: appInsights.properties.ConnectionString
    ApplicationInsightsAgent_EXTENSION_VERSION: '~3'

    // Build on deploy (Oryx: npm install, npm run build).
    SCM_DO_BUILD_DURING_DEPLOYMENT: 'true'
  }
  dependsOn: [
    // Key Vault references resolve with the managed identity: grant it before the settings land.
    webAppSecretsUser
    webAppTablesContributor
  ]
}

// Console output (the bot's JSON log lines), platform and audit logs to Log Analytics. Not the
// HTTP logs (AppServiceHTTPLogs): they keep each request's query string, and an export link's
// signature is in its query string (docs/security.md).
resource webAppDiagnostics 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  name: 'to-log-analytics'
  scope: webApp
  properties: {
    workspaceId: logAnalytics.id
    logs: [
      {
        category: 'AppServiceConsoleLogs'
        enabled: true
      }
      {
        category: 'AppServicePlatformLogs'
        enabled: true
      }
      {
        category: 'AppServiceAuditLogs'
        enabled: true
      }
    ]
  }
}

// Who read or changed the vault's secrets.
resource vaultDiagnostics 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  name: 'to-log-analytics'
  scope: vault
  properties: {
    workspaceId: logAnalytics.id
    logs: [
      {
        category: 'AuditEvent'
        enabled: true
      }
    ]
  }
}

// Who read, wrote or deleted table entities (the identity, not the data).
resource tableDiagnostics 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  name: 'to-log-analytics'
  scope: tableService
  properties: {
    workspaceId: logAnalytics.id
    logs: [
      {
        category: 'StorageRead'
        enabled: true
      }
      {
        category: 'StorageWrite'
        enabled: true
      }
      {
        category: 'StorageDelete'
        enabled: true
      }
    ]
  }
}

// ---------------------------------------------------------------- azure bot + teams channel

var botEndpoint = 'https://${webApp.properties.defaultHostName}/api/messages'

resource bot 'Microsoft.BotService/botServices@2022-09-15' = {
  name: botName
  location: 'global'
  tags: tags
  kind: 'azurebot'
  sku: {
    name: botSku
  }
  properties: {
    displayName: botDisplayName
    endpoint: botEndpoint
    msaAppId: botAppId
    msaAppType: 'SingleTenant'
    msaAppTenantId: tenant().tenantId
    publicNetworkAccess: 'Enabled'
  }
}

resource teamsChannel 'Microsoft.BotService/botServices/channels@2022-09-15' = {
  parent: bot
  name: 'MsTeamsChannel'
  location: 'global'
  properties: {
    channelName: 'MsTeamsChannel'
    properties: {
      isEnabled: true
      enableCalling: false
    }
  }
}

// ---------------------------------------------------------------- outputs

@description('Host name of the web app, e.g. app-boardactions-xxxx.azurewebsites.net.')
output webAppHostName string = webApp.properties.defaultHostName

@description('Messaging endpoint registered on the Azure Bot.')
output botEndpoint string = botEndpoint

@description('Name of the web app (for az webapp deploy).')
output webAppName string = webApp.name

@description('Name of the Azure Bot resource.')
output botName string = bot.name

@description('Name of the Key Vault holding the bot secret and the export-link key.')
output keyVaultName string = vault.name

@description('Name of the storage account holding the bot\'s tables.')
output storageAccountName string = storage.name

@description('Table names the bot uses in this account.')
output tableNames array = [for table in tableNames: '${tablePrefix}${table}']
