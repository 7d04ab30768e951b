using System.CommandLine;
using System.Text;
using Microsoft.Extensions.Options;
using ThiDua.Cli;
using ThiDua.Cli.Client;
using ThiDua.Cli.Commands;

Console.OutputEncoding = Encoding.UTF8;
var texts = Texts.Resolve(args, Environment.GetEnvironmentVariable(Texts.LanguageVariable));

var language = new Option<string>(Texts.LanguageOption)
{
    Description = texts["lang.description"],
    Recursive = true,
};
language.AcceptOnlyFromAmong("vi", "en");

var root = new RootCommand(texts["root.description"])
{
    language,
    DemoCommand.Create(texts),
    HostCommand.Create(texts),
    StorageCommand.Create(texts),
    UnitCommands.Seed(texts),
    BlocCommands.Bloc(texts),
    BlocCommands.Unit(texts),
    BlocCommands.Units(texts),
    BlocCommands.Identity(texts),
    CriteriaCommands.Criteria(texts),
    LaunchCommands.Cycle(texts),
    LaunchCommands.Launch(texts),
    ProvinceCommand.Create(texts),
    StatusCommands.Status(texts),
    StatusCommands.Results(texts),
    StatusCommands.Cycles(texts),
    ProposalCommands.Proposals(texts),
    VerifyCommand.Create(texts),
    DocumentsCommand.Create(texts),
    UnitCommands.Sign(texts),
    UnitCommands.Submit(texts),
    UnitCommands.Vote(texts),
    ConferenceCommands.Conference(texts),
    ConferenceCommands.Nominate(texts),
    AdminCommands.Token(texts),
    AdminCommands.Outbox(texts),
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
catch (ApiProblemException ex)
{
    await Console.Error.WriteLineAsync(texts.Format("api.problem", ex.Message));
    return 2;
}
catch (AggregateException ex) when (ex.InnerExceptions.All(e => e is OptionsValidationException))
{
    // Several settings are wrong at once (the host checks them all on start): one line each.
    foreach (var failure in ex.InnerExceptions)
    {
        await Console.Error.WriteLineAsync(texts.Format("error", failure.Message));
    }

    return 1;
}
catch (Exception ex) when (ex is InvalidOperationException or OptionsValidationException or DirectoryNotFoundException or IOException
    or HttpRequestException or ArgumentException or System.Security.Cryptography.CryptographicException or UnauthorizedAccessException)
{
    await Console.Error.WriteLineAsync(texts.Format("error", ex.Message));
    return 1;
}
