using System.Globalization;

namespace ThiDua.Bench.Harness;

/// <summary>
/// CPU time of a process's tiered-compilation thread (".NET Tiered Com…" in /proc on Linux): while it
/// grows, the process is still recompiling its hot code, and a measured round would count that one-off
/// work as part of the steady rate. Elsewhere it reads zero, and warm-ups fall back to their minimum.
/// </summary>
internal static class TieredCompiler
{
    /// <summary>
    /// Compilation time since <paramref name="before"/> was read. The runtime retires an idle compiler
    /// thread and starts a new one when work comes back, so a smaller reading is the new thread's alone.
    /// </summary>
    public static TimeSpan Since(int processId, TimeSpan before)
    {
        var now = CpuOf(processId);
        return now >= before ? now - before : now;
    }

    public static TimeSpan CpuOf(int processId)
    {
        var ticks = 0L;
        try
        {
            foreach (var task in Directory.EnumerateDirectories($"/proc/{processId.ToString(CultureInfo.InvariantCulture)}/task"))
            {
                if (!File.ReadAllText(Path.Combine(task, "comm")).StartsWith(".NET Tiered Com", StringComparison.Ordinal))
                {
                    continue;
                }

                // After the ")" that ends the thread's name: utime and stime are fields 14 and 15 of stat.
                var stat = File.ReadAllText(Path.Combine(task, "stat"));
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                ticks += long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
            }
        }
        catch (IOException)
        {
            return TimeSpan.Zero;
        }
        catch (UnauthorizedAccessException)
        {
            return TimeSpan.Zero;
        }

        // The kernel counts in USER_HZ, 100 per second on every Linux the harness runs on.
        return TimeSpan.FromMilliseconds(ticks * 10);
    }
}
