#!/bin/sh
# azd postprovision hook: what needs the provisioned app (see the README's "Deploy to Azure").
set -eu

# Sign-in returns to the app's own host name, known only now.
az ad app update --id "$THIDUA_AUTH_CLIENT_ID" --web-redirect-uris "https://$THIDUA_HOST_NAME/.auth/login/aad/callback"

# lockImmutability: lock the retention policies of compacts and archives. From then on a policy can only be
# lengthened, and neither the containers, nor the account, nor the resource group can be deleted before
# every version has passed its retention.
if [ "${THIDUA_LOCK_IMMUTABILITY:-false}" = "true" ]; then
  for container in compacts archives; do
    set -- --resource-group "$AZURE_RESOURCE_GROUP" --account-name "$AZURE_STORAGE_ACCOUNT_NAME" --container-name "$container"
    if [ "$(az storage container immutability-policy show "$@" --query state -o tsv)" = "Unlocked" ]; then
      az storage container immutability-policy lock "$@" \
        --if-match "$(az storage container immutability-policy show "$@" --query etag -o tsv)" --query state -o tsv
    fi
  done
  azd env set THIDUA_IMMUTABILITY_LOCKED true
fi

echo "Sign in: https://$THIDUA_HOST_NAME/.auth/login/aad?post_login_redirect_uri=/api/portal/"
