using System.Buffers;
using System.Globalization;
using System.IO.Pipelines;
using System.Net;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Logging;
using SmtpServer;
using SmtpServer.IO;
using SmtpServer.Mail;
using SmtpServer.Net;
using SmtpServer.Protocol;
using SmtpServer.Storage;

namespace ThiDua.LocalHost;

/// <summary>
/// A real SMTP server on a free loopback port that keeps every message it receives as an .eml file
/// in one folder (the local state's "outbox"), so that local runs send mail for real without a relay
/// and <c>thidua outbox</c> can list what was sent. Local use only: no TLS, no authentication.
/// </summary>
public sealed class EmbeddedSmtpServer : IAsyncDisposable
{
    private readonly SmtpServer.SmtpServer _server;
    private readonly CancellationTokenSource _stop;
    private readonly Task _running;

    EmbeddedSmtpServer(SmtpServer.SmtpServer server, CancellationTokenSource stop, Task running, int port, string outboxDirectory)
    {
        _server = server;
        _stop = stop;
        _running = running;
        Port = port;
        OutboxDirectory = outboxDirectory;
    }

    /// <summary>The loopback port the server listens on.</summary>
    public int Port { get; }

    /// <summary>The folder receiving the .eml files.</summary>
    public string OutboxDirectory { get; }

    /// <summary>Starts the server and waits until it accepts connections.</summary>
    public static async Task<EmbeddedSmtpServer> StartAsync(string outboxDirectory, ILogger logger, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(outboxDirectory);
        ArgumentNullException.ThrowIfNull(logger);
        var folder = Path.GetFullPath(outboxDirectory);
        Directory.CreateDirectory(folder);
        var port = FreeLoopbackPort();
        var options = new SmtpServerOptionsBuilder()
            .ServerName("localhost")
            .Endpoint(endpoint => endpoint.Endpoint(new IPEndPoint(IPAddress.Loopback, port)))
            .Build();
        var services = new SmtpServer.ComponentModel.ServiceProvider();
        services.Add(new EmlFolderStore(folder, logger));
        services.Add(new NoDelayListenerFactory());
        var server = new SmtpServer.SmtpServer(options, services);
        var stop = new CancellationTokenSource();
        var running = server.StartAsync(stop.Token);
        var instance = new EmbeddedSmtpServer(server, stop, running, port, folder);
        try
        {
            await WaitUntilListeningAsync(port, running, cancellationToken);
        }
        catch
        {
            await instance.DisposeAsync();
            throw;
        }

        logger.LogInformation("Embedded SMTP server on 127.0.0.1:{Port} keeps messages in {Folder}", port, folder);
        return instance;
    }

    public async ValueTask DisposeAsync()
    {
        _server.Shutdown();
        await _stop.CancelAsync();
        try
        {
            await _running.WaitAsync(TimeSpan.FromSeconds(5));
        }
        catch (Exception e) when (e is OperationCanceledException or TimeoutException)
        {
            // Stopped (or abandoned to the process's end); nothing is lost, messages are on disk.
        }

        _stop.Dispose();
    }

    static int FreeLoopbackPort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    static async Task WaitUntilListeningAsync(int port, Task running, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (true)
        {
            if (running.IsFaulted)
            {
                await running;
            }

            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, port, cancellationToken);
                return;
            }
            catch (SocketException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(50, cancellationToken);
            }
        }
    }

    /// <summary>
    /// Accepts connections with Nagle's algorithm off. The library's own listener leaves it on, and a
    /// pipelining client (MailKit) then waits out a delayed acknowledgement, about 40 ms, on every message.
    /// </summary>
    sealed class NoDelayListenerFactory : IEndpointListenerFactory
    {
        public IEndpointListener CreateListener(IEndpointDefinition endpointDefinition)
        {
            var listener = new TcpListener(endpointDefinition.Endpoint);
            listener.Start();
            return new Listener(listener);
        }

        sealed class Listener(TcpListener listener) : IEndpointListener
        {
            public async Task<ISecurableDuplexPipe> GetPipeAsync(ISessionContext context, CancellationToken cancellationToken)
            {
                var client = await listener.AcceptTcpClientAsync(cancellationToken);
                client.NoDelay = true;
                context.Properties[EndpointListener.LocalEndPointKey] = listener.LocalEndpoint;
                context.Properties[EndpointListener.RemoteEndPointKey] = client.Client.RemoteEndPoint!;
                return new PlainPipe(client);
            }

            public void Dispose() => listener.Stop();
        }

        /// <summary>The connection as a pipe; this server offers no STARTTLS, so it never upgrades.</summary>
        sealed class PlainPipe(TcpClient client) : ISecurableDuplexPipe
        {
            readonly NetworkStream _stream = client.GetStream();

            public PipeReader Input => field ??= PipeReader.Create(_stream);

            public PipeWriter Output => field ??= PipeWriter.Create(_stream);

            public bool IsSecure => false;

            public SslProtocols SslProtocol => SslProtocols.None;

            public Task UpgradeAsync(X509Certificate certificate, SslProtocols protocols, CancellationToken cancellationToken = default) =>
                throw new NotSupportedException("The embedded SMTP server offers no TLS.");

            public void Dispose() => client.Dispose();
        }
    }

    /// <summary>Writes each message aside, then moves it in place, so readers never see half a file.</summary>
    sealed class EmlFolderStore(string folder, ILogger logger) : MessageStore
    {
        public override async Task<SmtpResponse> SaveAsync(
            ISessionContext context, IMessageTransaction transaction, ReadOnlySequence<byte> buffer, CancellationToken cancellationToken)
        {
            var name = string.Create(
                CultureInfo.InvariantCulture,
                $"{DateTime.UtcNow:yyyyMMdd'T'HHmmssfff}-{Guid.NewGuid().ToString("N")[..8]}.eml");
            var path = Path.Combine(folder, name);
            var scratch = path + ".tmp";
            await using (var file = File.Create(scratch))
            {
                foreach (var segment in buffer)
                {
                    await file.WriteAsync(segment, cancellationToken);
                }
            }

            File.Move(scratch, path);
            logger.LogInformation("Received mail for {Recipients} as {File}", string.Join(", ", transaction.To.Select(t => t.AsAddress())), name);
            return SmtpResponse.Ok;
        }
    }
}
