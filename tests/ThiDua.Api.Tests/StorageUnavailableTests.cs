using System.Net.Sockets;
using Azure;
using ThiDua.Api.Http;

namespace ThiDua.Api.Tests;

/// <summary>Which exceptions a handler lets through become 503 (storage did not answer) rather than 500.</summary>
public sealed class StorageUnavailableTests
{
    public static TheoryData<string, Exception, bool> Cases => new()
    {
        { "the SDK giving up after refused connections", new AggregateException(new RequestFailedException("Connection refused", new HttpRequestException("refused", new SocketException(111)))), true },
        { "no response at all", new RequestFailedException(0, "An error occurred while sending the request."), true },
        { "the service busy", new RequestFailedException(503, "Server busy"), true },
        { "the service failing", new RequestFailedException(500, "Operation timed out"), true },
        { "an SDK timeout", new TaskCanceledException("The operation was cancelled because it exceeded the configured timeout."), true },
        { "a socket error", new SocketException(111), true },
        { "a refusal of the service (a bug, not an outage)", new RequestFailedException(400, "Bad request"), false },
        { "a lost optimistic-concurrency race", new RequestFailedException(412, "Precondition failed"), false },
        { "a bug in the handler", new InvalidOperationException("No campaign."), false },
        { "retries that failed for different reasons", new AggregateException(new RequestFailedException(0, "refused"), new InvalidOperationException("bug")), false },
        { "an empty aggregate", new AggregateException(), false },
        { "the task hub's sidecar without its storage", new Grpc.Core.RpcException(new Grpc.Core.Status(Grpc.Core.StatusCode.Unavailable, "storage")), true },
        { "a fault inside the task hub's sidecar", new Grpc.Core.RpcException(new Grpc.Core.Status(Grpc.Core.StatusCode.Unknown, "Exception was thrown by handler.")), false },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Storage_failures_without_an_answer_are_unavailability(string what, Exception exception, bool unavailable) =>
        Assert.True(ApiProblems.IsStorageUnavailable(exception) == unavailable, what);
}
