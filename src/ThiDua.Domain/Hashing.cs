using System.Security.Cryptography;
using System.Text;

namespace ThiDua.Domain;

/// <summary>SHA-256 as lowercase hexadecimal, the one hash format of ThiDua's records.</summary>
public static class Hashing
{
    /// <summary>SHA-256 of <paramref name="bytes"/>, 64 lowercase hex digits.</summary>
    public static string Sha256Hex(ReadOnlySpan<byte> bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    /// <summary>SHA-256 of the UTF-8 encoding of <paramref name="text"/>, 64 lowercase hex digits.</summary>
    public static string Sha256Hex(string text) => Sha256Hex(Encoding.UTF8.GetBytes(text));

    /// <summary>True when <paramref name="value"/> is 64 lowercase hex digits.</summary>
    public static bool IsSha256Hex(string? value) =>
        value is { Length: 64 } && value.All(c => c is (>= '0' and <= '9') or (>= 'a' and <= 'f'));
}
