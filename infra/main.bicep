// ThiDua on Azure: a Flex Consumption Function App (.NET 10 isolated) behind App Service Authentication
// (Entra ID), whose only credentials are a user-assigned managed identity (storage, Key Vault) and Key
// Vault references (SMTP password). azd deploys it (azure.yaml); main.parameters.json maps azd's
// environment to these parameters.
targetScope = 'resourceGroup'

@description('Azure region of every resource.')
param location string = resourceGroup().location

@description('Short lowercase name used to derive resource names.')
@minLength(3)
@maxLength(12)
param appName string = 'thidua'

@description('Set once per resource group by the preprovision hook: a resource group created again gets a Key Vault of another name, since the deleted one keeps its name for 90 days (purge protection).')
@minLength(1)
param deploymentSeed string

@description('Application (client) id of the Entra app registration users sign in to (made by the preprovision hook).')
@minLength(36)
@maxLength(36)
param authClientId string

@description('Durable Functions task hub; one per environment.')
param taskHubName string = 'ThiDua'

@description('NCRONTAB schedule of the daily launch check (Functions timer trigger syntax).')
param launchCheckSchedule string = '0 5 17 * * *'

@description('Public base URL of the portal, used in links sent by email. Empty: https://<the app\'s host name>/api/portal.')
param portalBaseUrl string = ''

@description('SMTP relay (Azure Communication Services, Office 365 or a provincial mail server); the app does not start without one.')
@minLength(1)
param mailHost string

param mailPort int = 587
param mailUseTls bool = true

@description('SMTP user name; empty: the relay takes mail without authentication.')
param mailUserName string = ''

@description('Sender address of every email.')
@minLength(3)
param mailFrom string

@description('SMTP password; stored in Key Vault, the app reads it through a Key Vault reference.')
@secure()
param smtpPassword string = ''

@description('True only for a relay that takes mail without a password; otherwise an empty smtpPassword stops the deployment.')
param smtpNeedsNoPassword bool = false

@description('Upper bound of Flex Consumption instances.')
@minValue(1)
@maxValue(1000)
param maximumInstanceCount int = 40

@allowed([512, 2048, 4096])
param instanceMemoryMB int = 2048

@description('Instances kept ready for the durable group (orchestrations, activities), billed while idle; 0 for none.')
@minValue(0)
@maxValue(10)
param durableAlwaysReady int = 1

@description('Years every compact and archive version is kept unchangeable and undeletable.')
@minValue(1)
@maxValue(400)
param retentionYears int = 10

@description('Lock the retention policies after provisioning (production): a locked policy can only be lengthened, and the containers, the account and the resource group cannot be deleted until every version has passed its retention.')
param lockImmutability bool = false

@description('Set by the preprovision hook when the retention policies are already locked, so that they are not updated (Azure refuses it).')
param immutabilityLocked bool = false

@description('Days a previous version of a blob outside compacts and archives is kept.')
@minValue(1)
param previousVersionDays int = 30

var suffix = uniqueString(resourceGroup().id, appName)

// The portal's pages load without sign-in: they then send the user to /.auth/login/aad (or take a token).
var portalFiles = loadDirectoryFileInfo('../src/ThiDua.Api/Portal/wwwroot')
var anonymousPaths = concat(['/api/portal', '/api/portal/'], map(portalFiles, f => '/api/portal/${f.baseName}'))

// fail() stops the deployment before anything is created, instead of an app whose mail is refused.
var checkedSmtpPassword = smtpNeedsNoPassword || !empty(smtpPassword)
  ? smtpPassword
  : fail('smtpPassword is empty: set it (azd env set THIDUA_SMTP_PASSWORD ...), or set smtpNeedsNoPassword for a relay that needs none.')

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' = {
  name: 'id-${appName}-${suffix}'
  location: location
}

module monitoring 'modules/monitoring.bicep' = {
  name: 'monitoring'
  params: {
    location: location
    name: '${appName}-${suffix}'
  }
}

module storage 'modules/storage.bicep' = {
  name: 'storage'
  params: {
    location: location
    name: take('st${appName}${suffix}', 24)
    principalId: identity.properties.principalId
    retentionYears: retentionYears
    immutabilityLocked: immutabilityLocked
    previousVersionDays: previousVersionDays
  }
}

module vault 'modules/keyvault.bicep' = {
  name: 'keyvault'
  params: {
    location: location
    name: take('kv-${appName}-${uniqueString(resourceGroup().id, deploymentSeed)}', 24)
    principalId: identity.properties.principalId
    smtpPassword: checkedSmtpPassword
  }
}

module functionApp 'modules/functionapp.bicep' = {
  name: 'functionapp'
  params: {
    location: location
    name: 'func-${appName}-${suffix}'
    tags: {
      'azd-service-name': 'functions'
    }
    identityId: identity.id
    identityClientId: identity.properties.clientId
    storageAccountName: storage.outputs.name
    deploymentContainerUrl: storage.outputs.deploymentContainerUrl
    appInsightsConnectionString: monitoring.outputs.connectionString
    smtpPasswordSecretUri: vault.outputs.smtpCredentialUri
    taskHubName: taskHubName
    launchCheckSchedule: launchCheckSchedule
    portalBaseUrl: portalBaseUrl
    mailHost: mailHost
    mailPort: mailPort
    mailUseTls: mailUseTls
    mailUserName: mailUserName
    mailFrom: mailFrom
    maximumInstanceCount: maximumInstanceCount
    instanceMemoryMB: instanceMemoryMB
    durableAlwaysReady: durableAlwaysReady
    authClientId: authClientId
    anonymousPaths: anonymousPaths
  }
}

// azd keeps these outputs in its environment: the hooks and the README's commands read them.
output AZURE_FUNCTION_APP_NAME string = functionApp.outputs.name
output THIDUA_HOST_NAME string = functionApp.outputs.defaultHostName
output AZURE_STORAGE_ACCOUNT_NAME string = storage.outputs.name
output AZURE_KEY_VAULT_NAME string = vault.outputs.name
output THIDUA_LOCK_IMMUTABILITY bool = lockImmutability
