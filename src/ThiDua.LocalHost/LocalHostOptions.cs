using Microsoft.DurableTask;
using ThiDua.Workflows;

namespace ThiDua.LocalHost;

/// <summary>
/// Settings of the local host. <see cref="LocalHostApp.CreateAsync"/> fills them from
/// configuration with the Functions app's keys (AzureWebJobsStorage, TaskHubName, ThiDua:*),
/// lets the caller adjust them, then checks them (<see cref="LocalHostOptionsValidator"/>).
/// </summary>
public sealed class LocalHostOptions
{
    public const string DefaultUrl = "http://127.0.0.1:5080";

    public const string DefaultTaskHubName = "ThiDuaLocal";

    /// <summary>
    /// Storage connection string (AzureWebJobsStorage). Empty means: the storage of <see cref="StateDirectory"/>,
    /// which is the Azurite a <c>thidua storage</c> runs on it, else one this host starts.
    /// </summary>
    public string? StorageConnectionString { get; set; }

    /// <summary>Task hub (TaskHubName): 3-45 letters and digits, starting with a letter.</summary>
    public string TaskHubName { get; set; } = DefaultTaskHubName;

    /// <summary>
    /// Stable identity of this worker (ThiDua:WorkerId). A restarted host with the same id takes
    /// its partition leases back at once instead of waiting for them to expire. Hosts sharing a task hub
    /// need distinct ids (two live hosts with one id would both run the same partitions): the default, machine
    /// name, task hub and listening address, differs for two hosts of one machine.
    /// </summary>
    public string? WorkerId { get; set; }

    /// <summary>Local state folder (ThiDua:StateDirectory); Azurite keeps its data in its "azurite" subfolder. Default: &lt;repository&gt;/.thidua.</summary>
    public string? StateDirectory { get; set; }

    /// <summary>Folder whose package.json pins azurite (ThiDua:RepositoryRoot). Default: searched upwards.</summary>
    public string? RepositoryRoot { get; set; }

    /// <summary>Addresses of the HTTP API (ASP.NET Core's "urls"). Default <see cref="DefaultUrl"/>.</summary>
    public string? Urls { get; set; }

    /// <summary>
    /// Loopback ports of the Azurite this host starts (ThiDua:Azurite:BlobPort, QueuePort, TablePort);
    /// 0, the default, takes free ones. Fixed ports keep the connection string the same across restarts.
    /// </summary>
    public int AzuriteBlobPort { get; set; }

    /// <inheritdoc cref="AzuriteBlobPort"/>
    public int AzuriteQueuePort { get; set; }

    /// <inheritdoc cref="AzuriteBlobPort"/>
    public int AzuriteTablePort { get; set; }

    /// <summary>Longest wait between polls of an idle queue (ThiDua:MaxQueuePollingInterval). The provider's default of 30 s makes local runs sluggish.</summary>
    public TimeSpan MaxQueuePollingInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Queue message visibility timeout (ThiDua:WorkItemVisibilityTimeout). The sidecar never renews
    /// work-item locks, so an activity longer than this runs twice; every activity is idempotent, so
    /// that costs time only. A message a stopped host had dequeued stays hidden this long, which is
    /// how long a restarted host can wait for it: one minute keeps restarts quick.
    /// </summary>
    public TimeSpan WorkItemVisibilityTimeout { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// Control-queue partitions of a new task hub (ThiDua:PartitionCount; fixed once the hub exists).
    /// A lone host owns them all, so there more partitions only multiply storage polling and lease
    /// traffic, which on a loaded machine made Azurite miss the provider's partition-table timeouts.
    /// Several hosts on one task hub share its partitions: create the hub with as many as the hosts
    /// that should run orchestrations at once (up to 16).
    /// </summary>
    public int PartitionCount { get; set; } = 1;

    /// <summary>
    /// How long a host's claim on a partition lasts without renewal (ThiDua:PartitionLeaseInterval), so how
    /// long the other hosts of the task hub wait before taking over the partitions of a host that died
    /// without letting go (SIGKILL, power loss); a host renews its claims three times within it. Empty keeps
    /// the provider's 30 s. A host restarted with the same <see cref="WorkerId"/> takes its own claims back at once.
    /// </summary>
    public TimeSpan? PartitionLeaseInterval { get; set; }

    /// <summary>
    /// How long one read-and-write of the provider's partition table may take (ThiDua:PartitionTableTimeout).
    /// The provider's default of 2 s is for Azure; Azurite on a busy machine often takes longer, and
    /// each timeout is retried at once, which loads Azurite further until the partition lease lapses
    /// and orchestrations stall. Well under the 30-second lease, so renewals still come in time.
    /// </summary>
    public TimeSpan PartitionTableTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// How often the yearly automation checks for blocs whose launch date has come (ThiDua:LaunchCheckInterval).
    /// Default 15 minutes; zero turns the check off.
    /// </summary>
    public TimeSpan LaunchCheckInterval { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>
    /// True when ThiDua:Mail:Host is empty: the host then runs an embedded SMTP server on loopback that
    /// keeps messages as .eml files in the state folder's "outbox" (local only), and sends through it.
    /// </summary>
    public bool EmbeddedMail { get; set; }

    /// <summary>How long a stop may wait for the runtime to release its work before moving on (ThiDua:ShutdownTimeout).</summary>
    public TimeSpan ShutdownTimeout { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>
    /// Orchestrators and activities registered beside the shared workflows, for tools that need
    /// work of their own on the same runtime (the benchmark harness). Not read from configuration.
    /// </summary>
    public Action<DurableTaskRegistry>? AdditionalTasks { get; set; }

    /// <summary>
    /// The workflow version of this host: its client starts new orchestrations with it, and its worker runs
    /// instances of it or older (<see cref="ThiDua.Workflows.WorkflowVersion"/>). Not read from configuration: tests run
    /// an older or a newer build's host with it.
    /// </summary>
    public string WorkflowVersion { get; set; } = ThiDua.Workflows.WorkflowVersion.Current;

    /// <summary>
    /// The shared workflows this host runs (<see cref="WorkflowRegistry.AddThiDuaWorkflows"/>). Not read from
    /// configuration: tests run a build whose orchestrator changed with it.
    /// </summary>
    public Action<DurableTaskRegistry> WorkflowTasks { get; set; } = registry => registry.AddThiDuaWorkflows();
}
