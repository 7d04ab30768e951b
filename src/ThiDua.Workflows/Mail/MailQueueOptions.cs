namespace ThiDua.Workflows.Mail;

/// <summary>
/// How the mail queue (<see cref="Storage.MailQueueClient"/>) is consumed (section <c>ThiDua:MailQueue</c>). In Azure the
/// Functions queue trigger applies host.json's <c>queues.maxDequeueCount</c> and <c>visibilityTimeout</c>:
/// keep them equal to <see cref="MaxAttempts"/> and <see cref="RetryDelay"/>.
/// </summary>
public sealed class MailQueueOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "ThiDua:MailQueue";

    /// <summary>Attempts per message before it is moved to the poison queue. Default 5.</summary>
    public int MaxAttempts { get; set; } = 5;

    /// <summary>How long a failed message stays invisible before the next attempt. Default 30 s.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Wait between polls of an empty queue (local host only). Default 1 s.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);
}
