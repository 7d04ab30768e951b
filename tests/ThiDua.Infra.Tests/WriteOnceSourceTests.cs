using System.Text.RegularExpressions;

namespace ThiDua.Infra.Tests;

/// <summary>
/// The retention policy refuses an overwrite or a delete in compacts and archives; the app must never try
/// one. Every blob write of the app is one conditional upload (If-None-Match: *), which creates a blob
/// or fails, and no code deletes, rewrites or moves a blob: a new call of that kind fails here until it
/// is reviewed against the policy.
/// </summary>
public sealed partial class WriteOnceSourceTests
{
    [Fact]
    public void The_only_blob_write_is_the_conditional_upload_and_nothing_deletes_a_blob()
    {
        var sources = Directory.GetFiles(Path.Combine(Bicep.RepositoryRoot, "src"), "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Split(Path.DirectorySeparatorChar).Any(d => d is "bin" or "obj"))
            .Select(f => (Path: Path.GetRelativePath(Bicep.RepositoryRoot, f), Text: File.ReadAllText(f)))
            .Where(f => f.Text.Contains("Azure.Storage.Blobs", StringComparison.Ordinal))
            .ToList();

        var writes = sources
            .SelectMany(f => BlobMutation().Matches(f.Text).Select(m => (f.Path, Call: m.Value, f.Text, m.Index)))
            .ToList();

        var upload = Assert.Single(writes);
        Assert.Equal(Path.Combine("src", "ThiDua.Storage", "DocumentStore.cs"), upload.Path);
        Assert.Equal("blob.UploadAsync(", upload.Call);
        var options = upload.Text[upload.Index..upload.Text.IndexOf(");", upload.Index, StringComparison.Ordinal)];
        Assert.Contains("IfNoneMatch = ETag.All", options, StringComparison.Ordinal);
    }

    // Azure.Storage.Blobs calls that create, change or remove blobs or containers' content.
    [GeneratedRegex(@"\b\w+\.(Upload|Delete\w*|Undelete|SetMetadata|SetHttpHeaders|SetTags|SetAccessTier|StartCopyFromUri|SyncCopyFromUri|CommitBlockList|StageBlock\w*|OpenWrite|AppendBlock\w*|UploadPages|CreateSnapshot|SetImmutabilityPolicy|DeleteImmutabilityPolicy|SetLegalHold)(Async)?\(")]
    private static partial Regex BlobMutation();
}
