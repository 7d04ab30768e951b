// ThiDua on Azure: a Flex Consumption Function App (.NET 10 isolated) whose only credentials are
// a user-assigned managed identity (storage, Key Vault) and Key Vault references (SMTP password).
targetScope = 'resourceGroup'

@description('Azure region of every resource.')
param location string = resourceGroup().location

@description('Short lowercase name used to derive resource names.')
@minLength(3)
@maxLength(12)
param appName string = 'thidua'

@description('Durable Functions task hub; one per environment.')
param taskHubName string = 'ThiDua'

@description('NCRONTAB schedule of the daily launch check (Functions timer trigger syntax).')
param launchCheckSchedule string = '0 5 17 * * *'

@description('Public base URL of the portal, used in links sent by email.')
param portalBaseUrl string

@description('SMTP relay (Azure Communication Services, Office 365 or a provincial mail server).')
param mailHost string

param mailPort int = 587
param mailUseTls bool = true
param mailUserName string = ''

@description('Sender address of every email.')
param mailFrom string

@description('SMTP password; stored in Key Vault, the app reads it through a Key Vault reference.')
@secure()
param smtpPassword string

@description('Upper bound of Flex Consumption instances.')
@minValue(1)
@maxValue(1000)
param maximumInstanceCount int = 40

@allowed([512, 2048, 4096])
param instanceMemoryMB int = 2048

var suffix = uniqueString(resourceGroup().id, appName)

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
  }
}

module vault 'modules/keyvault.bicep' = {
  name: 'keyvault'
  params: {
    location: location
    name: take('kv-${appName}-${suffix}', 24)
    principalId: identity.properties.principalId
    smtpPassword: smtpPassword
  }
}

module functionApp 'modules/functionapp.bicep' = {
  name: 'functionapp'
  params: {
    location: location
    name: 'func-${appName}-${suffix}'
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
  }
}

output functionAppName string = functionApp.outputs.name
output functionAppHostName string = functionApp.outputs.defaultHostName
output storageAccountName string = storage.outputs.name
output keyVaultName string = vault.outputs.name
