using Grpc.Core;
using Grpc.Core.Interceptors;
using ThiDua.Api.Http;

namespace ThiDua.LocalHost;

/// <summary>
/// Lets the sidecar's clients tell a storage outage from a fault: a call that failed because storage did
/// not answer leaves as <see cref="StatusCode.Unavailable"/> rather than gRPC's opaque Unknown, so the API
/// answers 503 with Retry-After, as it does for its own storage calls, instead of 500.
/// </summary>
internal sealed class StorageUnavailableInterceptor : Interceptor
{
    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        ArgumentNullException.ThrowIfNull(continuation);
        try
        {
            return await continuation(request, context);
        }
        catch (Exception e) when (e is not RpcException && CausedByOutage(e))
        {
            throw new RpcException(new Status(StatusCode.Unavailable, "The task hub's storage is unavailable.", e));
        }
    }

    private static bool CausedByOutage(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (ApiProblems.IsStorageUnavailable(e))
            {
                return true;
            }
        }

        return false;
    }
}
