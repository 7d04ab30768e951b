using Azure.Core;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using ThiDua.Archive;
using ThiDua.Mail;
using ThiDua.Signing;
using ThiDua.Storage;
using ThiDua.Workflows.Automation;
using ThiDua.Workflows.Cycle;
using ThiDua.Workflows.Documents;
using ThiDua.Workflows.Mail;

namespace ThiDua.Workflows;

/// <summary>
/// What the activities, the API and both hosts need, registered once from configuration:
/// <list type="bullet">
/// <item><c>ThiDua:Storage:ConnectionString</c>, <c>:TablePrefix</c>, <c>:ContainerPrefix</c>; without a
/// connection string, the Functions storage <c>AzureWebJobsStorage</c> (a connection string, or
/// identity-based with <c>AzureWebJobsStorage:accountName</c> and the <see cref="TokenCredential"/> the host registered);</item>
/// <item><c>ThiDua:Mail:*</c> (<see cref="MailOptions"/>), <c>ThiDua:MailQueue:*</c> (<see cref="MailQueueOptions"/>),
/// <c>ThiDua:PortalBaseUrl</c>, <c>ThiDua:MailCulture</c> (<see cref="ThiDuaOptions"/>) and <c>ThiDua:LaunchWait</c>
/// (<see cref="LaunchCheckOptions"/>), each checked when the host starts: an invalid value stops it with a message naming the setting.</item>
/// </list>
/// Services registered before this call (a <see cref="TimeProvider"/>, an <see cref="IMailSender"/>, a
/// <see cref="ThiDuaStorage"/>) are kept, so tests and hosts can substitute them. Tables and containers
/// are created at host start.
/// </summary>
public static class WorkflowServices
{
    /// <summary>Registers storage, mail, signing, the yearly launch check, options and the clock.</summary>
    public static IServiceCollection AddThiDuaWorkflows(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<ThiDuaOptions>()
            .Bind(configuration.GetSection(ThiDuaOptions.Section))
            .Validate(o => Uri.TryCreate(o.PortalBaseUrl, UriKind.Absolute, out _), $"{ThiDuaOptions.Section}:PortalBaseUrl must be an absolute URL.")
            .ValidateOnStart();
        services.AddOptions<LaunchCheckOptions>()
            .Bind(configuration.GetSection(ThiDuaOptions.Section))
            .Validate(o => o.LaunchWait >= TimeSpan.Zero, $"{ThiDuaOptions.Section}:LaunchWait must not be negative.")
            .ValidateOnStart();
        services.AddOptions<MailQueueOptions>()
            .Bind(configuration.GetSection(MailQueueOptions.Section))
            .Validate(o => o.MaxAttempts >= 1, $"{MailQueueOptions.Section}:MaxAttempts must be at least 1.")
            .Validate(o => o.RetryDelay >= TimeSpan.Zero, $"{MailQueueOptions.Section}:RetryDelay must not be negative.")
            .Validate(o => o.SweepInterval > TimeSpan.Zero, $"{MailQueueOptions.Section}:SweepInterval must be positive.")
            .Validate(o => o.PollInterval > TimeSpan.Zero, $"{MailQueueOptions.Section}:PollInterval must be positive.")
            .ValidateOnStart();
        services.TryAddSingleton(sp => StorageOptions(configuration, sp.GetService<TokenCredential>()));
        services.AddThiDuaStores();

        // A sender registered before (a test's) needs no SMTP settings.
        if (!services.Any(d => d.ServiceType == typeof(IMailSender)))
        {
            services.AddSmtpMail(configuration);
        }

        services.TryAddSingleton<OutboxMailer>();
        services.TryAddSingleton<ConfirmationMailer>();
        services.TryAddSingleton<RoundMail>();
        services.TryAddSingleton<MailQueueConsumer>();
        services.TryAddSingleton<CycleLaunchCheck>();
        return services;
    }

    /// <summary>
    /// The stores on the registered <see cref="ThiDuaStorageOptions"/> and the services over them that the
    /// workflows and the API share (the campaign launcher and status reader, the signature and archive
    /// verifiers, the mail queue), each kept if registered before. Their tables, containers and queue are
    /// created when the host starts, so no request path creates them.
    /// </summary>
    public static IServiceCollection AddThiDuaStores(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(sp => new ThiDuaStorage(sp.GetRequiredService<ThiDuaStorageOptions>()));
        services.TryAddSingleton<IBlocStore, BlocStore>();
        services.TryAddSingleton<ICriteriaDraftStore, CriteriaDraftStore>();
        services.TryAddSingleton<ICampaignStore, CampaignStore>();
        services.TryAddSingleton<IDocumentStore, DocumentStore>();
        services.TryAddSingleton<IEvidenceStore, EvidenceStore>();
        services.TryAddSingleton<ISignatureStore>(sp => new SignatureStore(sp.GetRequiredService<ThiDuaStorage>(), sp.GetRequiredService<IDocumentStore>()));
        services.TryAddSingleton<ScoreSheets>();
        services.TryAddSingleton<IScoreSheets>(sp => sp.GetRequiredService<ScoreSheets>());
        services.TryAddSingleton<ISubmissionWindow, SubmissionWindow>();
        services.TryAddSingleton<IScoreAdjustments, ScoreAdjustments>();
        services.TryAddSingleton<IConfirmationOutbox, ConfirmationOutbox>();
        services.TryAddSingleton<IOutboxStore, OutboxStore>();
        services.TryAddSingleton<IVoteStore, VoteStore>();
        services.TryAddSingleton<IResultStore, ResultStore>();
        services.TryAddSingleton<IConferenceStore, ConferenceStore>();
        services.TryAddSingleton<ProposalStore>();
        services.TryAddSingleton(sp => new MailQueueClient(sp.GetRequiredService<ThiDuaStorageOptions>()));
        services.TryAddSingleton<LeadershipPlans>();
        services.TryAddSingleton<CampaignLauncher>();
        services.TryAddSingleton<CampaignStatusReader>();
        services.TryAddSingleton<CompactSignatureVerifier>();
        services.TryAddSingleton<ArchiveVerifier>();
        services.TryAddSingleton<VerificationStore>();
        services.TryAddSingleton<KeptVerifications>();
        services.TryAddSingleton<YearDocuments>();
        services.AddHostedService<StorageInitializer>();
        return services;
    }

    /// <summary>
    /// The storage options that <see cref="AddThiDuaWorkflows"/> uses, for tools that need the account without a host.
    /// An account named by <c>AzureWebJobsStorage:accountName</c> is reached with <paramref name="credential"/>,
    /// which the host that runs under a managed identity (the Functions app) provides. A host that finds its
    /// account only when it starts (the local host's Azurite) gives it as <paramref name="webJobsStorage"/>,
    /// which stands for <c>AzureWebJobsStorage</c>.
    /// </summary>
    public static ThiDuaStorageOptions StorageOptions(IConfiguration configuration, TokenCredential? credential = null, string? webJobsStorage = null)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var section = configuration.GetSection("ThiDua:Storage");
        var options = new ThiDuaStorageOptions();
        section.Bind(options);
        if (!string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            return options;
        }

        if ((webJobsStorage ?? configuration["AzureWebJobsStorage"]) is { Length: > 0 } connectionString)
        {
            options.ConnectionString = connectionString;
            return options;
        }

        if (configuration["AzureWebJobsStorage:accountName"] is { Length: > 0 } account && credential is not null)
        {
            options.TableServiceClient = new TableServiceClient(
                new Uri($"https://{account}.table.core.windows.net"), credential, options.Retry.ApplyTo(new TableClientOptions()));
            options.BlobServiceClient = new BlobServiceClient(
                new Uri($"https://{account}.blob.core.windows.net"), credential, options.Retry.ApplyTo(new BlobClientOptions()));
            options.QueueServiceClient = new QueueServiceClient(
                new Uri($"https://{account}.queue.core.windows.net"),
                credential,
                options.Retry.ApplyTo(new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 }));
            return options;
        }

        throw new InvalidOperationException(
            "No storage account configured: set ThiDua:Storage:ConnectionString or AzureWebJobsStorage "
            + "(AzureWebJobsStorage:accountName in the Functions app, which signs in with its managed identity).");
    }

    /// <summary>Creates the tables and containers when the host starts, so no request pays for it.</summary>
    private sealed class StorageInitializer(ThiDuaStorage storage, MailQueueClient mailQueue) : IHostedService
    {
        public async Task StartAsync(CancellationToken cancellationToken)
        {
            await storage.InitializeAsync(cancellationToken);
            await mailQueue.InitializeAsync(cancellationToken);
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
