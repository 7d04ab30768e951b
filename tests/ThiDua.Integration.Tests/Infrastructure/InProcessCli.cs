using System.CommandLine;
using System.Text;

namespace ThiDua.Integration.Tests.Infrastructure;

/// <summary>A <c>thidua</c> command run in the test's process against a host's API, with what it printed.</summary>
public static class InProcessCli
{
    // Console.Out is one for the whole process while test classes run in parallel: it is replaced once by a writer
    // that sends each write to the capture of the command whose flow writes it, and anything else where it went before.
    private static readonly AsyncLocal<StringWriter?> Capture = new();
    private static readonly Lazy<TextWriter> Router = new(() =>
    {
        var router = new RoutingWriter(Console.Out);
        Console.SetOut(router);
        return router;
    });

    /// <summary>Runs <paramref name="command"/> with <paramref name="args"/>, <c>--url</c> and <c>--token</c>; returns its exit code and its output.</summary>
    public static async Task<(int Code, string Output)> RunAsync(Command command, string[] args, Uri url, string token)
    {
        _ = Router.Value;
        var root = new RootCommand { command };
        var output = new StringWriter();
        Capture.Value = output;
        try
        {
            var code = await root.Parse([.. args, "--url", url.ToString(), "--token", token])
                .InvokeAsync(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
            return (code, output.ToString());
        }
        finally
        {
            Capture.Value = null;
        }
    }

    private sealed class RoutingWriter(TextWriter elsewhere) : TextWriter
    {
        public override Encoding Encoding => elsewhere.Encoding;

        private TextWriter Target => Capture.Value ?? elsewhere;

        public override void Write(char value) => Target.Write(value);

        public override void Write(string? value) => Target.Write(value);

        public override void Write(char[] buffer, int index, int count) => Target.Write(buffer, index, count);

        public override void WriteLine(string? value) => Target.WriteLine(value);

        public override void Flush() => Target.Flush();
    }
}
