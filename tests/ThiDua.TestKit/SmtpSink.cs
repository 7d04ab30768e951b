using System.Buffers;
using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using MimeKit;
using SmtpServer;
using SmtpServer.Protocol;
using SmtpServer.Storage;

namespace ThiDua.TestKit;

/// <summary>
/// A real SMTP server (SmtpServer, in process) on a loopback port of its own, keeping every message it
/// accepts. It can be stopped and started again on the same port, to play a mail outage.
/// </summary>
public sealed class SmtpSink : IAsyncDisposable
{
    private readonly Store _store;
    private SmtpServer.SmtpServer? _server;
    private CancellationTokenSource? _stop;
    private Task? _running;

    private SmtpSink(int port, string? folder)
    {
        Port = port;
        _store = new Store(folder);
    }

    public int Port { get; }

    /// <summary>Messages accepted so far, in arrival order, parsed as a client would.</summary>
    public IReadOnlyList<MimeMessage> Messages => _store.Messages.ToList();

    /// <summary>Raw bytes of each accepted message, to check the encoding on the wire.</summary>
    public IReadOnlyList<byte[]> Raw => _store.Raw.ToList();

    public static async Task<SmtpSink> StartAsync() => await StartAsync(folder: null);

    /// <summary>
    /// Starts a sink that also keeps each message as an .eml file in <paramref name="folder"/>, the way the local
    /// host's embedded server keeps its outbox, so that what reads an outbox folder reads this sink too.
    /// </summary>
    public static async Task<SmtpSink> StartAsync(string? folder)
    {
        if (folder is not null)
        {
            Directory.CreateDirectory(folder);
        }

        var sink = new SmtpSink(LoopbackPort.Free(), folder);
        await sink.ResumeAsync();
        return sink;
    }

    /// <summary>Starts accepting again on the same port.</summary>
    public async Task ResumeAsync()
    {
        var options = new SmtpServerOptionsBuilder()
            .ServerName("localhost")
            .Endpoint(e => e.Endpoint(new IPEndPoint(IPAddress.Loopback, Port)))
            .Build();
        var services = new SmtpServer.ComponentModel.ServiceProvider();
        services.Add(_store);
        _server = new SmtpServer.SmtpServer(options, services);
        _stop = new CancellationTokenSource();
        _running = _server.StartAsync(_stop.Token);
        await WaitUntilAsync(listening: true);
    }

    /// <summary>Stops listening: connections are refused until <see cref="ResumeAsync"/>.</summary>
    public async Task StopAsync()
    {
        if (_server is null)
        {
            return;
        }

        _server.Shutdown();
        await _stop!.CancelAsync();
        try
        {
            await _running!;
        }
        catch (OperationCanceledException)
        {
        }

        _stop.Dispose();
        _server = null;
        await WaitUntilAsync(listening: false);
    }

    public async ValueTask DisposeAsync() => await StopAsync();

    private async Task WaitUntilAsync(bool listening)
    {
        for (var attempt = 0; attempt < 200; attempt++)
        {
            using var probe = new TcpClient();
            try
            {
                await probe.ConnectAsync(IPAddress.Loopback, Port);
                if (listening)
                {
                    return;
                }
            }
            catch (SocketException)
            {
                if (!listening)
                {
                    return;
                }
            }

            await Task.Delay(25);
        }

        throw new TimeoutException($"The SMTP server on port {Port} did not become {(listening ? "reachable" : "unreachable")}.");
    }

    private sealed class Store(string? folder) : MessageStore
    {
        public ConcurrentQueue<MimeMessage> Messages { get; } = new();

        public ConcurrentQueue<byte[]> Raw { get; } = new();

        public override async Task<SmtpResponse> SaveAsync(ISessionContext context, IMessageTransaction transaction, ReadOnlySequence<byte> buffer, CancellationToken cancellationToken)
        {
            var bytes = buffer.ToArray();
            using var stream = new MemoryStream(bytes);
            Messages.Enqueue(await MimeMessage.LoadAsync(stream, cancellationToken));
            Raw.Enqueue(bytes);
            if (folder is not null)
            {
                // Written aside and moved in, so that a reader of the folder never sees half a message.
                var name = string.Create(CultureInfo.InvariantCulture, $"{DateTime.UtcNow:yyyyMMdd'T'HHmmssfff}-{Guid.NewGuid():N}");
                var scratch = Path.Combine(folder, name + ".part");
                await File.WriteAllBytesAsync(scratch, bytes, cancellationToken);
                File.Move(scratch, Path.Combine(folder, name + ".eml"));
            }

            return SmtpResponse.Ok;
        }
    }
}
