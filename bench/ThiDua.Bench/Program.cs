using System.Text;
using ThiDua.Bench;

Console.OutputEncoding = Encoding.UTF8;
using var cancellation = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    // The harness stops its hosts and Azurite itself; a second Ctrl+C still ends the process.
    e.Cancel = !cancellation.IsCancellationRequested;
    cancellation.Cancel();
};

return await BenchCommand.RunAsync(args, Console.Out, Console.Error, cancellation.Token);
