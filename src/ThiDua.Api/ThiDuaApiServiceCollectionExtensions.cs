using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using ThiDua.Api.Http;
using ThiDua.Api.Identity;
using ThiDua.Archive;
using ThiDua.Signing;
using ThiDua.Storage;
using ThiDua.Workflows.Cycle;

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
    /// Registers the stores on the registered <see cref="ThiDuaStorageOptions"/> (as <c>AddThiDuaWorkflows</c>
    /// registers them from configuration), unless the host registered its own, the token store and identity map,
    /// the caller resolver chosen by <see cref="ThiDuaApiOptions.Authentication"/>, the compact signature and
    /// archive verifiers, the campaign launcher and the campaign status reader shared with the workflows, a
    /// memory cache, <see cref="TimeProvider.System"/>, and a hosted service that creates the tables and
    /// containers at startup. The host also needs a <c>DurableTaskClient</c>; it binds <see cref="ThiDuaApiOptions"/>
    /// to <see cref="ThiDuaApiOptions.Section"/>, and the options are checked when it starts (<see cref="ThiDuaApiOptionsValidator"/>).
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

        services.TryAddSingleton(sp => new ThiDuaStorage(sp.GetRequiredService<ThiDuaStorageOptions>()));
        services.TryAddSingleton<IBlocStore, BlocStore>();
        services.TryAddSingleton<ICampaignStore, CampaignStore>();
        services.TryAddSingleton<ScoreSheets>();
        services.TryAddSingleton<IScoreSheets>(sp => sp.GetRequiredService<ScoreSheets>());
        services.TryAddSingleton<ISubmissionWindow, SubmissionWindow>();
        services.TryAddSingleton<IScoreAdjustments, ScoreAdjustments>();
        services.TryAddSingleton<IConfirmationOutbox, ConfirmationOutbox>();
        services.TryAddSingleton<IDocumentStore, DocumentStore>();
        services.TryAddSingleton<IEvidenceStore, EvidenceStore>();
        services.TryAddSingleton(sp => new MailQueueClient(sp.GetRequiredService<ThiDuaStorageOptions>()));
        services.TryAddSingleton<ISignatureStore>(sp => new SignatureStore(sp.GetRequiredService<ThiDuaStorage>(), sp.GetRequiredService<IDocumentStore>()));
        services.TryAddSingleton<IVoteStore, VoteStore>();
        services.TryAddSingleton<IResultStore, ResultStore>();
        services.TryAddSingleton<ITokenStore>(sp => new TokenStore(
            sp.GetRequiredService<ThiDuaStorageOptions>(),
            sp.GetService<TimeProvider>(),
            sp.GetRequiredService<IOptions<ThiDuaApiOptions>>().Value.TokenCacheDuration));
        services.TryAddSingleton<IAuditLog>(sp => new AuditLog(sp.GetRequiredService<ThiDuaStorageOptions>()));
        services.TryAddSingleton<IIdentityMap>(sp => new IdentityMap(sp.GetRequiredService<ThiDuaStorageOptions>()));
        services.TryAddSingleton<CompactSignatureVerifier>();
        services.TryAddSingleton<ArchiveVerifier>();
        services.TryAddSingleton<LeadershipPlans>();
        services.TryAddSingleton<CampaignLauncher>();
        services.TryAddSingleton<CampaignStatusReader>();
        services.TryAddSingleton(TimeProvider.System);
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
        services.AddHostedService<StorageInitializer>();
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

    /// <summary>Creates tables and containers once at startup, so no request path calls CreateIfNotExists.</summary>
    private sealed class StorageInitializer(ThiDuaStorage storage, MailQueueClient mailQueue, ITokenStore tokens, IIdentityMap identities, IAuditLog audit, IOptions<ThiDuaApiOptions> options) : IHostedService
    {
        public async Task StartAsync(CancellationToken cancellationToken)
        {
            await storage.InitializeAsync(cancellationToken);
            await mailQueue.InitializeAsync(cancellationToken);
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
