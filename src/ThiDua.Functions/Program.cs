using Microsoft.Azure.Functions.Worker.Builder;
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
builder.Services.AddThiDuaWorkflows(builder.Configuration);

// In Azure the platform authenticates (App Service Authentication with Entra ID); the API trusts its
// principal headers only when the platform says it set them.
builder.Services.AddThiDuaApi(options => options.Authentication = ApiAuthentication.AppService);
builder.Build().Run();
