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

    /// <summary>Attempts per message before it is moved to the poison queue, and per confirmation before it is given up. Default 5.</summary>
    public int MaxAttempts { get; set; } = 5;

    /// <summary>
    /// How long a failed message stays invisible before the next attempt, and how long a confirmation
    /// claimed for sending is left to its sender. Default 30 s.
    /// </summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How often the local host looks for confirmations still pending without a queue message (the
    /// Functions app sweeps on its own timer, every five minutes). Default 1 min.
    /// </summary>
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Wait between polls of an empty queue (local host only). Default 1 s.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);
}
