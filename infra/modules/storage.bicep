// The app's storage account: Durable Functions state (tables, queues, blobs), signed compacts and
// archives (write-once through a time-based retention policy on versions), and the Flex Consumption
// package. Shared keys are disabled: every client authenticates with the managed identity.
param location string
param name string

@description('Principal id of the managed identity that gets data access.')
param principalId string

@description('Years every version in compacts and archives is kept, from its creation: it can be neither changed nor deleted before.')
param retentionYears int

@description('True once the retention policies are locked: a locked policy refuses any update, so it is left as it is.')
param immutabilityLocked bool

@description('Days a previous version of a blob elsewhere is kept before lifecycle management deletes it.')
param previousVersionDays int

var deploymentContainerName = 'app-package'

// The containers the app writes each blob of once (ThiDua.Storage's DocumentContainers.Compacts and .Archives).
var writeOnceContainerNames = [
  'compacts'
  'archives'
]

// Built-in roles: Storage Blob Data Owner (the Functions host needs blob leases), Queue and Table Data Contributor.
var roleIds = [
  'b7e6dc6d-f1e8-4753-8033-0f276bb0955b'
  '974c5e8b-45b9-4653-ba55-5f855dd0fb88'
  '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3'
]

resource account 'Microsoft.Storage/storageAccounts@2023-05-01' = {
  name: name
  location: location
  kind: 'StorageV2'
  sku: {
    name: 'Standard_ZRS'
  }
  properties: {
    accessTier: 'Hot'
    allowBlobPublicAccess: false
    allowSharedKeyAccess: false
    defaultToOAuthAuthentication: true
    minimumTlsVersion: 'TLS1_2'
    supportsHttpsTrafficOnly: true
  }
}

resource blobs 'Microsoft.Storage/storageAccounts/blobServices@2023-05-01' = {
  parent: account
  name: 'default'
  properties: {
    // Version-level immutability on a container requires versioning on the account.
    isVersioningEnabled: true
    deleteRetentionPolicy: {
      enabled: true
      days: 30
    }
    containerDeleteRetentionPolicy: {
      enabled: true
      days: 30
    }
  }
}

resource writeOnceContainers 'Microsoft.Storage/storageAccounts/blobServices/containers@2023-05-01' = [
  for container in writeOnceContainerNames: {
    parent: blobs
    name: container
    properties: {
      publicAccess: 'None'
      immutableStorageWithVersioning: {
        enabled: true
      }
    }
  }
]

// Container-level retention: without a policy, version-level immutability support alone protects
// nothing. The policy starts unlocked (it can still be shortened or deleted, for a test deployment);
// the postprovision hook locks it when lockImmutability is set.
resource retention 'Microsoft.Storage/storageAccounts/blobServices/containers/immutabilityPolicies@2023-05-01' = [
  for (container, i) in writeOnceContainerNames: if (!immutabilityLocked) {
    parent: writeOnceContainers[i]
    name: 'default'
    properties: {
      immutabilityPeriodSinceCreationInDays: retentionYears * 365
      // The app writes each blob once as a block blob; nothing appends to a protected blob.
      allowProtectedAppendWrites: false
    }
  }
]

// Versioning (required by immutability) keeps every overwritten blob of the other containers (Durable
// Functions' task hub, the deployment package, evidence and documents); their previous versions go after
// previousVersionDays. In compacts and archives nothing is overwritten, so there are no previous versions
// there to delete, and the retention policy would refuse it anyway.
resource lifecycle 'Microsoft.Storage/storageAccounts/managementPolicies@2023-05-01' = {
  parent: account
  name: 'default'
  properties: {
    policy: {
      rules: [
        {
          name: 'delete-previous-versions'
          enabled: true
          type: 'Lifecycle'
          definition: {
            filters: {
              blobTypes: [
                'blockBlob'
              ]
            }
            actions: {
              version: {
                delete: {
                  daysAfterCreationGreaterThan: previousVersionDays
                }
              }
            }
          }
        }
      ]
    }
  }
}

resource deploymentContainer 'Microsoft.Storage/storageAccounts/blobServices/containers@2023-05-01' = {
  parent: blobs
  name: deploymentContainerName
  properties: {
    publicAccess: 'None'
  }
}

resource dataAccess 'Microsoft.Authorization/roleAssignments@2022-04-01' = [
  for roleId in roleIds: {
    scope: account
    name: guid(account.id, principalId, roleId)
    properties: {
      principalId: principalId
      principalType: 'ServicePrincipal'
      roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roleId)
    }
  }
]

output name string = account.name
output deploymentContainerUrl string = '${account.properties.primaryEndpoints.blob}${deploymentContainer.name}'
