using System.CommandLine;
using System.Text;
using ThiDua.Cli;
using ThiDua.Cli.Commands;

Console.OutputEncoding = Encoding.UTF8;
var texts = Texts.Resolve(args, Environment.GetEnvironmentVariable(Texts.LanguageVariable));

var language = new Option<string>(Texts.LanguageOption)
{
    Description = texts["lang.description"],
    Recursive = true,
};
language.AcceptOnlyFromAmong("vi", "en");

// Later commands (seed, status, sign, submit, vote, results, demo, verify, token, outbox) are added here.
var root = new RootCommand(texts["root.description"])
{
    language,
    HostCommand.Create(texts),
};

var invocation = new InvocationConfiguration
{
    // Ctrl+C and SIGTERM cancel the command's token; stopping the runtime and Azurite takes a few seconds.
    ProcessTerminationTimeout = TimeSpan.FromSeconds(40),

    // Expected failures (bad configuration, Azurite missing) get a one-line message below.
    EnableDefaultExceptionHandler = false,
};

try
{
    return await root.Parse(args).InvokeAsync(invocation);
}
catch (Exception ex) when (ex is InvalidOperationException or DirectoryNotFoundException or IOException)
{
    await Console.Error.WriteLineAsync(texts.Format("error", ex.Message));
    return 1;
}
