using System.Net.Http.Json;
using System.Text.Json.Serialization;

namespace ThiDua.Azurite;

/// <summary>Which of Azurite's three services a request went to.</summary>
public enum StorageService
{
    Blob,
    Queue,
    Table,
}

/// <summary>
/// Requests of one kind that Azurite answered, as its preload counts them (see AzuritePreload.js):
/// <paramref name="Path"/> is the address after the account with the container, queue or table name
/// first, "*" for each deeper part (a blob's name, a message id) and "(…)" for an entity's keys.
/// A table batch's path is "$batch"; <paramref name="BatchTable"/> names the table of its first
/// operation and <paramref name="Operations"/> counts every operation it carried (1 per request otherwise).
/// </summary>
public sealed record StorageRequestCount(
    StorageService Service, string Method, string Path, string Comp, string Restype, int Status, string BatchTable, long Requests, long Operations)
{
    /// <summary>The container, queue or table the request touched ("" for the account itself).</summary>
    public string Resource
    {
        get
        {
            if (this.Path == "$batch")
            {
                return this.BatchTable;
            }

            var first = this.Path.Split('/')[0];
            var open = first.IndexOf('(', StringComparison.Ordinal);
            return open < 0 ? first : first[..open];
        }
    }
}

/// <summary>Reads the request counts of an Azurite started by <see cref="AzuriteLauncher"/>.</summary>
public static class AzuriteRequestCounts
{
    /// <summary>Every request Azurite answered since it started, by kind.</summary>
    public static async Task<IReadOnlyList<StorageRequestCount>> ReadAsync(AzuriteLauncher azurite, HttpClient http, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(azurite);
        ArgumentNullException.ThrowIfNull(http);
        var services = new Dictionary<int, StorageService>
        {
            [azurite.BlobEndpoint.Port] = StorageService.Blob,
            [azurite.QueueEndpoint.Port] = StorageService.Queue,
            [azurite.TableEndpoint.Port] = StorageService.Table,
        };
        var raw = await http.GetFromJsonAsync<RawCount[]>(new Uri(azurite.BlobEndpoint, "/__thidua/requests"), cancellationToken)
            ?? throw new InvalidOperationException("Azurite answered no request counts.");
        return raw
            .Where(r => services.ContainsKey(r.Port))
            .Select(r => new StorageRequestCount(services[r.Port], r.Method, r.Path, r.Comp, r.Restype, r.Status, r.BatchTable, r.Requests, r.Operations))
            .ToList();
    }

    sealed record RawCount(
        [property: JsonPropertyName("port")] int Port,
        [property: JsonPropertyName("method")] string Method,
        [property: JsonPropertyName("path")] string Path,
        [property: JsonPropertyName("comp")] string Comp,
        [property: JsonPropertyName("restype")] string Restype,
        [property: JsonPropertyName("status")] int Status,
        [property: JsonPropertyName("batchTable")] string BatchTable,
        [property: JsonPropertyName("requests")] long Requests,
        [property: JsonPropertyName("operations")] long Operations);
}
