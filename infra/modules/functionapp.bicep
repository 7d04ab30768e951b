// Flex Consumption Function App, .NET 10 isolated worker, behind App Service Authentication (Entra ID).
// App settings carry the keys of local.settings.sample.json (see the README's "Deploy to Azure" for the
// mapping of the platform keys).
param location string
param name string

@description('Resource id of the user-assigned identity used for storage, Key Vault and deployment.')
param identityId string
param identityClientId string
param storageAccountName string
param deploymentContainerUrl string
param appInsightsConnectionString string
@description('Key Vault URI of the SMTP password; empty for a relay that needs none.')
param smtpPasswordSecretUri string
param taskHubName string
param launchCheckSchedule string

@description('Base URL of the portal in emails; empty: the portal on this app\'s own host name.')
param portalBaseUrl string
param mailHost string
param mailPort int
param mailUseTls bool
param mailUserName string
param mailFrom string
param maximumInstanceCount int
param instanceMemoryMB int
param durableAlwaysReady int

@description('Application (client) id of the Entra app registration users sign in to.')
param authClientId string

@description('Paths served without sign-in: the portal\'s pages, which then send the user to sign in.')
param anonymousPaths array

@description('Tags of the site; azd finds the app it deploys to by its azd-service-name tag.')
param tags object

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
  tags: tags
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
        // Orchestrator and activity triggers form the 'durable' group: an instance kept ready takes a
        // durable timer or an external event without waiting for a cold start. None listed for 0.
        alwaysReady: durableAlwaysReady > 0
          ? [
              {
                name: 'durable'
                instanceCount: durableAlwaysReady
              }
            ]
          : []
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
    }
  }
}

// Apart from the site so that the portal's default URL can name the site's own host name in one pass.
resource appSettings 'Microsoft.Web/sites/config@2024-04-01' = {
  parent: site
  name: 'appsettings'
  properties: {
    // AzureWebJobsStorage as an identity-based connection: no key anywhere.
    AzureWebJobsStorage__accountName: storageAccountName
    AzureWebJobsStorage__credential: 'managedidentity'
    AzureWebJobsStorage__clientId: identityClientId
    APPLICATIONINSIGHTS_CONNECTION_STRING: appInsightsConnectionString
    TaskHubName: taskHubName
    ThiDua_LaunchCheckSchedule: launchCheckSchedule
    ThiDua__PortalBaseUrl: empty(portalBaseUrl) ? 'https://${site.properties.defaultHostName}/api/portal' : portalBaseUrl
    ThiDua__Mail__Host: mailHost
    ThiDua__Mail__Port: string(mailPort)
    ThiDua__Mail__UseTls: string(mailUseTls)
    ThiDua__Mail__UserName: mailUserName
    ThiDua__Mail__Password: empty(smtpPasswordSecretUri) ? '' : '@Microsoft.KeyVault(SecretUri=${smtpPasswordSecretUri})'
    ThiDua__Mail__From: mailFrom
  }
}

// The API trusts only the principal App Service Authentication passes on (ThiDua__Api__Authentication is
// AppService in this app): without a signed-in user or a valid Entra token, /api answers 401.
resource auth 'Microsoft.Web/sites/config@2024-04-01' = {
  parent: site
  name: 'authsettingsV2'
  // One change of the site's configuration at a time.
  dependsOn: [
    appSettings
  ]
  properties: {
    platform: {
      enabled: true
    }
    globalValidation: {
      requireAuthentication: true
      unauthenticatedClientAction: 'Return401'
      excludedPaths: anonymousPaths
    }
    httpSettings: {
      requireHttps: true
    }
    identityProviders: {
      azureActiveDirectory: {
        enabled: true
        registration: {
          clientId: authClientId
          openIdIssuer: '${environment().authentication.loginEndpoint}${tenant().tenantId}/v2.0'
        }
        validation: {
          // Browsers sign in with the client id as audience; the CLI's tokens name the app's identifier URI.
          allowedAudiences: [
            authClientId
            'api://${authClientId}'
          ]
        }
      }
    }
    login: {
      // The API reads only the principal headers, which need no token store; a store on Flex
      // Consumption would be a blob container reached by SAS, which this account refuses (no shared keys).
      tokenStore: {
        enabled: false
      }
    }
  }
}

output name string = site.name
output defaultHostName string = site.properties.defaultHostName
