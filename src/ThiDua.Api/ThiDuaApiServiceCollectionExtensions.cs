using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using ThiDua.Api.Http;
using ThiDua.Api.Identity;
using ThiDua.Storage;
using ThiDua.Workflows;

namespace ThiDua.Api;

/// <summary>Registers what the API's handlers need, in either host.</summary>
public static class ThiDuaApiServiceCollectionExtensions
{
    /// <summary>
    /// Registers the API on the storage account described by <paramref name="storage"/>, unless the host
    /// already registered its own <see cref="ThiDuaStorageOptions"/>; see <see cref="AddThiDuaApi(IServiceCollection, Action{ThiDuaApiOptions}?)"/>.
    /// </summary>
    public static IServiceCollection AddThiDuaApi(this IServiceCollection services, ThiDuaStorageOptions storage, Action<ThiDuaApiOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(storage);
        services.TryAddSingleton(storage);
        return services.AddThiDuaApi(configure);
    }

    /// <summary>
    /// Registers the stores and the services the API shares with the workflows (<c>AddThiDuaStores</c>, on the
    /// registered <see cref="ThiDuaStorageOptions"/>), unless the host registered its own; the token store,
    /// identity map and audit log with a hosted service that creates their tables at startup; the caller
    /// resolver chosen by <see cref="ThiDuaApiOptions.Authentication"/>; a memory cache. The host also needs a
    /// <c>DurableTaskClient</c>; it binds <see cref="ThiDuaApiOptions"/> to <see cref="ThiDuaApiOptions.Section"/>,
    /// and the options are checked when it starts (<see cref="ThiDuaApiOptionsValidator"/>).
    /// </summary>
    public static IServiceCollection AddThiDuaApi(this IServiceCollection services, Action<ThiDuaApiOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = services.AddOptions<ThiDuaApiOptions>().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ThiDuaApiOptions>, ThiDuaApiOptionsValidator>());
        if (configure is not null)
        {
            options.Configure(configure);
        }

        services.AddThiDuaStores();
        services.TryAddSingleton<ITokenStore>(sp => new TokenStore(
            sp.GetRequiredService<ThiDuaStorageOptions>(),
            sp.GetService<TimeProvider>(),
            sp.GetRequiredService<IOptions<ThiDuaApiOptions>>().Value.TokenCacheDuration));
        services.TryAddSingleton<IAuditLog>(sp => new AuditLog(sp.GetRequiredService<ThiDuaStorageOptions>()));
        services.TryAddSingleton<IIdentityMap>(sp => new IdentityMap(sp.GetRequiredService<ThiDuaStorageOptions>()));
        services.TryAddSingleton<BearerTokenCallerResolver>();
        services.TryAddSingleton<AppServiceCallerResolver>();
        services.TryAddSingleton<ICallerResolver>(sp =>
            sp.GetRequiredService<IOptions<ThiDuaApiOptions>>().Value.Authentication == ApiAuthentication.AppService
                ? sp.GetRequiredService<AppServiceCallerResolver>()
                : sp.GetRequiredService<BearerTokenCallerResolver>());
        services.AddMemoryCache();
        services.AddLogging();
        services.TryAddSingleton<WriteRateLimiter>();
        services.TryAddSingleton<ApiServices>();
        services.TryAddSingleton<Endpoints.ProvinceOverview>();
        services.AddHostedService<IdentityInitializer>();
        return services;
    }

    /// <summary>
    /// The OpenAPI document <c>v1</c> of the API (Microsoft.AspNetCore.OpenApi); the local host then
    /// calls <c>app.MapOpenApi()</c> to serve it at <c>/openapi/v1.json</c>.
    /// </summary>
    public static IServiceCollection AddThiDuaOpenApi(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);

        // The schema generator reads the HTTP JSON options; given ApiJson's settings, the schemas show what
        // the handlers read and write: enums as their camelCase strings, numbers as JSON numbers only.
        // Handlers write their bodies with ApiJson.Options themselves, and problem details hold no enum, so
        // no response changes.
        services.ConfigureHttpJsonOptions(o =>
        {
            var json = o.SerializerOptions;
            json.PropertyNamingPolicy = ApiJson.Options.PropertyNamingPolicy;
            json.NumberHandling = ApiJson.Options.NumberHandling;
            json.UnmappedMemberHandling = ApiJson.Options.UnmappedMemberHandling;
            json.RespectNullableAnnotations = ApiJson.Options.RespectNullableAnnotations;
            json.RespectRequiredConstructorParameters = ApiJson.Options.RespectRequiredConstructorParameters;
            foreach (var converter in ApiJson.Options.Converters)
            {
                json.Converters.Add(converter);
            }
        });
        services.AddOpenApi(options =>
        {
            options.AddDocumentTransformer(OpenApiContract.DescribeDocumentAsync);
            options.AddOperationTransformer(RequestBodyMetadata.TransformAsync);
            options.AddOperationTransformer(OpenApiContract.DescribeOperationAsync);
            options.AddSchemaTransformer(OpenApiContract.DescribeSchemaAsync);
        });
        return services;
    }

    /// <summary>Creates the API's own tables (audit, identities, tokens) once at startup; the shared stores' are created by <c>AddThiDuaStores</c>.</summary>
    private sealed class IdentityInitializer(ITokenStore tokens, IIdentityMap identities, IAuditLog audit, IOptions<ThiDuaApiOptions> options) : IHostedService
    {
        public async Task StartAsync(CancellationToken cancellationToken)
        {
            await audit.InitializeAsync(cancellationToken);

            // The identity map is administered through the API whatever the hosts authenticate with.
            await identities.InitializeAsync(cancellationToken);
            if (options.Value.Authentication != ApiAuthentication.AppService)
            {
                await tokens.InitializeAsync(cancellationToken);
            }
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
