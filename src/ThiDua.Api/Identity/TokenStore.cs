using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Azure;
using Azure.Data.Tables;
using ThiDua.Domain;
using ThiDua.Storage;

namespace ThiDua.Api.Identity;

/// <summary>A token as issued: <see cref="Token"/> is shown once and never stored.</summary>
/// <param name="TokenId">Public id of the token, used to revoke it.</param>
/// <param name="Token">The bearer secret to give to the client.</param>
/// <param name="Subject">Who the token authenticates.</param>
/// <param name="ExpiresAt">When it stops working.</param>
public sealed record IssuedToken(string TokenId, string Token, Caller Subject, DateTimeOffset ExpiresAt);

/// <summary>A stored token without its secret.</summary>
/// <param name="TokenId">Public id.</param>
/// <param name="Subject">Who it authenticates.</param>
/// <param name="Label">Free text given at issue (for example who received it).</param>
/// <param name="IssuedAt">When it was issued.</param>
/// <param name="ExpiresAt">When it stops working.</param>
/// <param name="RevokedAt">When it was revoked, or null.</param>
public sealed record TokenInfo(string TokenId, Caller Subject, string Label, DateTimeOffset IssuedAt, DateTimeOffset ExpiresAt, DateTimeOffset? RevokedAt);

/// <summary>Bearer tokens of the local host, for admins and units (used by <c>thidua token issue|revoke</c> and the demo).</summary>
public interface ITokenStore
{
    /// <summary>Creates the table if needed; idempotent.</summary>
    Task InitializeAsync(CancellationToken cancellationToken = default);

    /// <summary>Issues a token for <paramref name="subject"/> (admin or unit) valid for <paramref name="lifetime"/>.</summary>
    Task<IssuedToken> IssueAsync(Caller subject, TimeSpan lifetime, string? label = null, CancellationToken cancellationToken = default);

    /// <summary>Revokes a token; false when no token has that id. Revoking twice is fine.</summary>
    Task<bool> RevokeAsync(string tokenId, CancellationToken cancellationToken = default);

    /// <summary>The caller a token authenticates, or null when it is malformed, unknown, revoked or expired.</summary>
    Task<Caller?> ValidateAsync(string token, CancellationToken cancellationToken = default);

    /// <summary>Every token (without secrets), ordered by id.</summary>
    Task<IReadOnlyList<TokenInfo>> ListAsync(CancellationToken cancellationToken = default);
}

/// <summary>
/// Table <c>{prefix}Tokens</c>, PK <c>token</c>, RK the token id. A token reads
/// <c>thidua_{id}_{secret}</c>: the id (16 random bytes, hex) finds the row with one point read,
/// the secret (32 random bytes, base64url) is kept only as its SHA-256 and compared in constant time.
/// Rows of tokens that validated may be kept in memory for a while (see the constructor); the secret's
/// hash and the expiry are still checked on every call.
/// </summary>
public sealed class TokenStore : ITokenStore
{
    private const string Partition = "token";
    private const int MaxLabelLength = 200;
    private const string Prefix = "thidua_";
    private const int IdBytes = 16;
    private const int SecretBytes = 32;
    private static readonly TimeSpan MaxLifetime = TimeSpan.FromDays(400);

    // Only rows of valid tokens are cached, so the cache cannot grow with guessed ids; the cap only
    // guards against an unusual number of live tokens, beyond which rows are read every time.
    private const int MaxCachedTokens = 10_000;
    private readonly TableClient _table;
    private readonly TimeProvider _clock;
    private readonly TimeSpan _cacheDuration;
    private readonly ConcurrentDictionary<string, CachedToken> _cache = new(StringComparer.Ordinal);
    private long _revocations;

    /// <summary>Uses the account and table prefix of <paramref name="options"/>.</summary>
    /// <param name="options">Storage account and table prefix.</param>
    /// <param name="clock">The clock of issue, expiry and the cache; the system clock by default.</param>
    /// <param name="cacheDuration">
    /// How long the row of a token that validated is reused instead of read again. A revocation through
    /// this instance applies at once; one made elsewhere (another host, <c>thidua token revoke</c>) is
    /// seen within this duration. Zero (the default) reads the row on every call.
    /// </param>
    public TokenStore(ThiDuaStorageOptions options, TimeProvider? clock = null, TimeSpan cacheDuration = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThan(cacheDuration, TimeSpan.Zero);
        var service = options.GetTableServiceClient();
        _table = service.GetTableClient(options.TablePrefix + "Tokens");
        _clock = clock ?? TimeProvider.System;
        _cacheDuration = cacheDuration;
    }

    /// <inheritdoc/>
    public async Task InitializeAsync(CancellationToken cancellationToken = default) =>
        await _table.CreateIfNotExistsAsync(cancellationToken);

    /// <inheritdoc/>
    public async Task<IssuedToken> IssueAsync(Caller subject, TimeSpan lifetime, string? label = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(subject);
        if (subject.Role == CallerRole.Anonymous)
        {
            throw new ArgumentException("A token authenticates an admin or a unit.", nameof(subject));
        }

        if (lifetime <= TimeSpan.Zero || lifetime > MaxLifetime)
        {
            throw new ArgumentOutOfRangeException(nameof(lifetime), lifetime, $"A token lives more than 0 and at most {MaxLifetime.TotalDays} days.");
        }

        label = label is null ? "" : TextRule.Normalize(label);
        if ((label.Length > MaxLabelLength ? $"Must be at most {MaxLabelLength} characters." : TextRule.Problem(label, multiline: false)?.English) is { } problem)
        {
            throw new ArgumentException($"Label: {problem}", nameof(label));
        }

        var id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(IdBytes));
        var secret = RandomNumberGenerator.GetBytes(SecretBytes);
        var issuedAt = _clock.GetUtcNow();
        var expiresAt = issuedAt + lifetime;
        var row = new TableEntity(Partition, id)
        {
            ["SecretSha256"] = SHA256.HashData(secret),
            ["Role"] = subject.Role.ToString(),
            ["BlocId"] = subject.BlocId,
            ["UnitId"] = subject.UnitId,
            ["Label"] = label,
            ["IssuedAt"] = issuedAt,
            ["ExpiresAt"] = expiresAt,
        };
        await _table.AddEntityAsync(row, cancellationToken);
        return new IssuedToken(id, $"{Prefix}{id}_{Base64Url(secret)}", subject, expiresAt);
    }

    /// <inheritdoc/>
    public async Task<bool> RevokeAsync(string tokenId, CancellationToken cancellationToken = default)
    {
        if (!IsTokenId(tokenId))
        {
            return false;
        }

        var revoked = new TableEntity(Partition, tokenId) { ["RevokedAt"] = _clock.GetUtcNow() };
        try
        {
            await _table.UpdateEntityAsync(revoked, ETag.All, TableUpdateMode.Merge, cancellationToken);
            return true;
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return false;
        }
        finally
        {
            // Counted before the eviction, so that a validation that read the row before the revocation
            // and caches it after this eviction notices and takes its entry back (see ValidateAsync).
            Interlocked.Increment(ref _revocations);
            _cache.TryRemove(tokenId, out _);
        }
    }

    /// <inheritdoc/>
    public async Task<Caller?> ValidateAsync(string token, CancellationToken cancellationToken = default)
    {
        if (!TryParse(token, out var id, out var secret))
        {
            return null;
        }

        var now = _clock.GetUtcNow();
        if (_cache.TryGetValue(id, out var cached))
        {
            if (IsFresh(cached, now))
            {
                return CryptographicOperations.FixedTimeEquals(cached.SecretSha256, SHA256.HashData(secret)) && cached.ExpiresAt > now
                    ? cached.Subject
                    : null;
            }

            _cache.TryRemove(new KeyValuePair<string, CachedToken>(id, cached));
        }

        var revocations = Interlocked.Read(ref _revocations);
        NullableResponse<TableEntity> response;
        try
        {
            response = await _table.GetEntityIfExistsAsync<TableEntity>(Partition, id, cancellationToken: cancellationToken);
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return null;
        }

        if (!response.HasValue || response.Value is not { } row)
        {
            return null;
        }

        var stored = row.GetBinary("SecretSha256");
        if (stored is null || !CryptographicOperations.FixedTimeEquals(stored, SHA256.HashData(secret)))
        {
            return null;
        }

        if (row.GetDateTimeOffset("RevokedAt") is not null || row.GetDateTimeOffset("ExpiresAt") is not { } expiresAt || expiresAt <= _clock.GetUtcNow())
        {
            return null;
        }

        var subject = ToCaller(row);
        if (subject is not null && _cacheDuration > TimeSpan.Zero && HasRoomFor(id, now))
        {
            var entry = new CachedToken(stored, subject, expiresAt, now);
            _cache[id] = entry;
            if (Interlocked.Read(ref _revocations) != revocations)
            {
                _cache.TryRemove(new KeyValuePair<string, CachedToken>(id, entry));
            }
        }

        return subject;
    }

    /// <inheritdoc/>
    public async Task<IReadOnlyList<TokenInfo>> ListAsync(CancellationToken cancellationToken = default)
    {
        var tokens = new List<TokenInfo>();
        await foreach (var row in _table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {Partition}"), cancellationToken: cancellationToken))
        {
            if (ToCaller(row) is { } subject)
            {
                tokens.Add(new TokenInfo(
                    row.RowKey,
                    subject,
                    row.GetString("Label") ?? "",
                    row.GetDateTimeOffset("IssuedAt") ?? default,
                    row.GetDateTimeOffset("ExpiresAt") ?? default,
                    row.GetDateTimeOffset("RevokedAt")));
            }
        }

        return tokens;
    }

    // A clock moved back (tests do) makes an entry stale rather than fresh for longer.
    private bool IsFresh(CachedToken entry, DateTimeOffset now) => now >= entry.ReadAt && now - entry.ReadAt < _cacheDuration;

    private bool HasRoomFor(string id, DateTimeOffset now)
    {
        if (_cache.Count >= MaxCachedTokens && !_cache.ContainsKey(id))
        {
            foreach (var entry in _cache)
            {
                if (!IsFresh(entry.Value, now))
                {
                    _cache.TryRemove(entry);
                }
            }
        }

        return _cache.Count < MaxCachedTokens || _cache.ContainsKey(id);
    }

    /// <summary>What validation needs of a token's row, as read at <paramref name="ReadAt"/>.</summary>
    private sealed record CachedToken(byte[] SecretSha256, Caller Subject, DateTimeOffset ExpiresAt, DateTimeOffset ReadAt);

    private static Caller? ToCaller(TableEntity row) => row.GetString("Role") switch
    {
        nameof(CallerRole.Admin) => Caller.Admin,
        nameof(CallerRole.Unit) when Identifier.IsValid(row.GetString("BlocId")) && Identifier.IsValid(row.GetString("UnitId"))
            => Caller.Unit(row.GetString("BlocId"), row.GetString("UnitId")),
        _ => null,
    };

    private static bool TryParse(string? token, out string id, out byte[] secret)
    {
        id = "";
        secret = [];
        // thidua_ + 32 hex + _ + 43 base64url characters; anything else is refused before any I/O.
        if (token is null || token.Length != Prefix.Length + (IdBytes * 2) + 1 + 43 || !token.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return false;
        }

        var candidateId = token.Substring(Prefix.Length, IdBytes * 2);
        if (!IsTokenId(candidateId) || token[Prefix.Length + (IdBytes * 2)] != '_')
        {
            return false;
        }

        var encoded = token[(Prefix.Length + (IdBytes * 2) + 1)..];
        if (!encoded.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
        {
            return false;
        }

        var padded = encoded.Replace('-', '+').Replace('_', '/') + "=";
        var buffer = new byte[SecretBytes];
        if (!Convert.TryFromBase64String(padded, buffer, out var written) || written != SecretBytes)
        {
            return false;
        }

        id = candidateId;
        secret = buffer;
        return true;
    }

    private static bool IsTokenId(string? value) =>
        value is { Length: IdBytes * 2 } && value.All(c => c is (>= '0' and <= '9') or (>= 'a' and <= 'f'));

    private static string Base64Url(byte[] bytes) =>
        new StringBuilder(Convert.ToBase64String(bytes)).Replace('+', '-').Replace('/', '_').Replace("=", "").ToString();
}
