#!/bin/sh
# azd preprovision hook: what Bicep needs before it runs (see the README's "Deploy to Azure").
# azd passes its environment's values in; `azd env set` keeps new ones for the provisioning that follows.
set -eu
here=$(cd "$(dirname "$0")" && pwd)

# Sign-in: one Entra app registration per azd environment, found again by its name on later runs.
name="thidua-${AZURE_ENV_NAME:?run this through azd}"
client_id=${THIDUA_AUTH_CLIENT_ID:-$(az ad app list --display-name "$name" --query "[0].appId" -o tsv)}
if [ -z "$client_id" ]; then
  client_id=$(az ad app create --display-name "$name" --sign-in-audience AzureADMyOrg --query appId -o tsv)
  echo "Created the Entra app registration $name ($client_id)."
fi
object_id=$(az ad app show --id "$client_id" --query id -o tsv)
graph="https://graph.microsoft.com/v1.0/applications/$object_id"
# The ThiDua.Admin role, v2 tokens and a delegated scope; then the Azure CLI is pre-authorized for that
# scope (a scope must exist before an application can be pre-authorized for it), so that
# `az account get-access-token --resource api://<client id>` gives the thidua command a token without a consent prompt.
az rest --method PATCH --uri "$graph" --headers Content-Type=application/json \
  --body "$(sed "s/{clientId}/$client_id/" "$here/entra-app.json")"
az rest --method PATCH --uri "$graph" --headers Content-Type=application/json --body "@$here/entra-app-preauthorize.json"
# The enterprise application (service principal): app roles are assigned to users on it.
az ad sp show --id "$client_id" --query id -o tsv >/dev/null 2>&1 || az ad sp create --id "$client_id" --query id -o tsv >/dev/null
azd env set THIDUA_AUTH_CLIENT_ID "$client_id"

# The Key Vault's name depends on this seed: a resource group deleted and created again gets a new vault
# name, since a deleted vault keeps its name for 90 days under purge protection.
rg=${AZURE_RESOURCE_GROUP:-}
if [ -z "${THIDUA_DEPLOYMENT_SEED:-}" ] || { [ -n "$rg" ] && [ "$(az group exists --name "$rg")" = "false" ]; }; then
  azd env set THIDUA_DEPLOYMENT_SEED "$(date -u +%Y%m%d%H%M%S)"
fi

# Azure refuses any update of a locked retention policy, so Bicep leaves a locked one as it is.
locked=false
if [ -n "$rg" ] && [ -n "${AZURE_STORAGE_ACCOUNT_NAME:-}" ] && [ "$(az group exists --name "$rg")" = "true" ]; then
  state=$(az storage container immutability-policy show --resource-group "$rg" --account-name "$AZURE_STORAGE_ACCOUNT_NAME" \
    --container-name compacts --query state -o tsv 2>/dev/null || true)
  [ "$state" = "Locked" ] && locked=true
fi
azd env set THIDUA_IMMUTABILITY_LOCKED "$locked"
