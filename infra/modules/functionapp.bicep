// Flex Consumption Function App, .NET 10 isolated worker. App settings carry the keys of
// local.settings.sample.json (see infra/README.md for the mapping of the platform keys).
param location string
param name string

@description('Resource id of the user-assigned identity used for storage, Key Vault and deployment.')
param identityId string
param identityClientId string
param storageAccountName string
param deploymentContainerUrl string
param appInsightsConnectionString string
param smtpPasswordSecretUri string
param taskHubName string
param launchCheckSchedule string
param portalBaseUrl string
param mailHost string
param mailPort int
param mailUseTls bool
param mailUserName string
param mailFrom string
param maximumInstanceCount int
param instanceMemoryMB int

resource plan 'Microsoft.Web/serverfarms@2024-04-01' = {
  name: 'plan-${name}'
  location: location
  kind: 'functionapp'
  sku: {
    tier: 'FlexConsumption'
    name: 'FC1'
  }
  properties: {
    reserved: true
  }
}

resource site 'Microsoft.Web/sites@2024-04-01' = {
  name: name
  location: location
  kind: 'functionapp,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identityId}': {}
    }
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    keyVaultReferenceIdentity: identityId
    functionAppConfig: {
      deployment: {
        storage: {
          type: 'blobContainer'
          value: deploymentContainerUrl
          authentication: {
            type: 'UserAssignedIdentity'
            userAssignedIdentityResourceId: identityId
          }
        }
      }
      scaleAndConcurrency: {
        maximumInstanceCount: maximumInstanceCount
        instanceMemoryMB: instanceMemoryMB
      }
      // Flex Consumption takes the worker runtime here; FUNCTIONS_WORKER_RUNTIME is refused as an app setting.
      runtime: {
        name: 'dotnet-isolated'
        version: '10.0'
      }
    }
    siteConfig: {
      minTlsVersion: '1.2'
      ftpsState: 'Disabled'
      appSettings: [
        // AzureWebJobsStorage as an identity-based connection: no key anywhere.
        {
          name: 'AzureWebJobsStorage__accountName'
          value: storageAccountName
        }
        {
          name: 'AzureWebJobsStorage__credential'
          value: 'managedidentity'
        }
        {
          name: 'AzureWebJobsStorage__clientId'
          value: identityClientId
        }
        {
          name: 'APPLICATIONINSIGHTS_CONNECTION_STRING'
          value: appInsightsConnectionString
        }
        {
          name: 'TaskHubName'
          value: taskHubName
        }
        {
          name: 'ThiDua__LaunchCheckSchedule'
          value: launchCheckSchedule
        }
        {
          name: 'ThiDua__PortalBaseUrl'
          value: portalBaseUrl
        }
        {
          name: 'ThiDua__Mail__Host'
          value: mailHost
        }
        {
          name: 'ThiDua__Mail__Port'
          value: string(mailPort)
        }
        {
          name: 'ThiDua__Mail__UseTls'
          value: string(mailUseTls)
        }
        {
          name: 'ThiDua__Mail__UserName'
          value: mailUserName
        }
        {
          name: 'ThiDua__Mail__Password'
          value: '@Microsoft.KeyVault(SecretUri=${smtpPasswordSecretUri})'
        }
        {
          name: 'ThiDua__Mail__From'
          value: mailFrom
        }
      ]
    }
  }
}

output name string = site.name
output defaultHostName string = site.properties.defaultHostName
