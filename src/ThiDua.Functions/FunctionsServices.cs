using Azure.Core;
using Azure.Identity;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using ThiDua.Api;
using ThiDua.Workflows;

namespace ThiDua.Functions;

/// <summary>The app's own services, registered by Program beside the Functions runtime; apart so that tests can start them on a plain host.</summary>
public static class FunctionsServices
{
    /// <summary>
    /// Registers the workflows and the API from the app settings. Every setting is checked when the host
    /// starts: an invalid one stops it with a message naming the setting.
    /// </summary>
    public static IServiceCollection AddThiDuaFunctions(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);

        // host.json names the task hub "%TaskHubName%"; failing here names the missing setting
        // instead of leaving the host to report an unresolved placeholder.
        if (string.IsNullOrWhiteSpace(configuration["TaskHubName"]))
        {
            throw new InvalidOperationException("The app setting 'TaskHubName' is required (see local.settings.sample.json).");
        }

        // In Azure the storage is identity-based (AzureWebJobsStorage__accountName and __clientId, see
        // infra/README.md): ThiDua's own tables and containers are reached with the same managed identity.
        if (!string.IsNullOrWhiteSpace(configuration["AzureWebJobsStorage:accountName"]))
        {
            services.AddSingleton<TokenCredential>(new DefaultAzureCredential(new DefaultAzureCredentialOptions
            {
                ManagedIdentityClientId = configuration["AzureWebJobsStorage:clientId"],
            }));
        }

        services.AddThiDuaWorkflows(configuration);

        // The app settings ThiDua__Api__* apply as in the local host, except that in Azure the platform
        // authenticates (App Service Authentication with Entra ID); the API trusts its principal headers only
        // when the platform says it set them.
        services.AddOptions<ThiDuaApiOptions>().Bind(configuration.GetSection(ThiDuaApiOptions.Section));
        services.AddThiDuaApi(options => options.Authentication = ApiAuthentication.AppService);
        return services;
    }
}
