using Azure.Core;
using Azure.Identity;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using ThiDua.Api;
using ThiDua.Workflows;

var builder = FunctionsApplication.CreateBuilder(args);

// host.json names the task hub "%TaskHubName%"; failing here names the missing setting
// instead of leaving the host to report an unresolved placeholder.
if (string.IsNullOrWhiteSpace(builder.Configuration["TaskHubName"]))
{
    throw new InvalidOperationException("The app setting 'TaskHubName' is required (see local.settings.sample.json).");
}

builder.ConfigureFunctionsWebApplication();

// In Azure the storage is identity-based (AzureWebJobsStorage__accountName and __clientId, see
// infra/README.md): ThiDua's own tables and containers are reached with the same managed identity.
if (!string.IsNullOrWhiteSpace(builder.Configuration["AzureWebJobsStorage:accountName"]))
{
    builder.Services.AddSingleton<TokenCredential>(new DefaultAzureCredential(new DefaultAzureCredentialOptions
    {
        ManagedIdentityClientId = builder.Configuration["AzureWebJobsStorage:clientId"],
    }));
}

builder.Services.AddThiDuaWorkflows(builder.Configuration);

// The app settings ThiDua__Api__* apply as in the local host, except that in Azure the platform
// authenticates (App Service Authentication with Entra ID); the API trusts its principal headers only
// when the platform says it set them.
builder.Services.AddThiDuaApi(options =>
{
    builder.Configuration.GetSection("ThiDua:Api").Bind(options);
    options.Authentication = ApiAuthentication.AppService;
});
builder.Build().Run();
