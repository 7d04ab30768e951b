using System.CommandLine;

namespace ThiDua.Integration.Tests.Infrastructure;

/// <summary>A <c>thidua</c> command run in the test's process against a host's API, with what it printed.</summary>
public static class InProcessCli
{
    /// <summary>Runs <paramref name="command"/> with <paramref name="args"/>, <c>--url</c> and <c>--token</c>; returns its exit code and its output.</summary>
    public static async Task<(int Code, string Output)> RunAsync(Command command, string[] args, Uri url, string token)
    {
        var root = new RootCommand { command };
        var output = new StringWriter();
        var previous = Console.Out;
        Console.SetOut(output);
        try
        {
            var code = await root.Parse([.. args, "--url", url.ToString(), "--token", token])
                .InvokeAsync(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
            return (code, output.ToString());
        }
        finally
        {
            Console.SetOut(previous);
        }
    }
}
