using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace SeCo.Host.Running;

/// <summary>
/// A stage's fingerprint: SHA-256 over every part of its <see cref="StageKey"/>. Fields are length-prefixed
/// and maps written in key order, so no two different keys hash the same bytes. An input counts by its
/// source port and the source's fingerprint (not the source stage's id, which names a folder only).
/// </summary>
internal static class FingerprintCalculator
{
    /// <summary>Changes whenever what the key covers changes, so every stage then runs once again.</summary>
    private const string FormatTag = "seco-stage-fingerprint-v2";

    /// <summary>Length of the fingerprint prefix in folder names.</summary>
    public const int ShortLength = 12;

    public static string Compute(StageKey key)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        Append(hash, FormatTag);
        Append(hash, key.Use);
        Append(hash, key.Plugin);
        Append(hash, key.Version);
        Append(hash, key.Options);
        Append(hash, key.Settings);
        Append(hash, key.Code);
        Append(hash, key.Torch is null ? "-" : "+" + key.Torch);
        Append(hash, key.External is null ? "-" : "+" + key.External);
        Append(hash, key.Inputs.Count.ToString(CultureInfo.InvariantCulture));
        foreach (var (port, input) in key.Inputs.OrderBy(i => i.Key, StringComparer.Ordinal))
        {
            Append(hash, port);
            Append(hash, input.SourcePort);
            Append(hash, input.Fingerprint);
        }

        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    private static void Append(IncrementalHash hash, IReadOnlyDictionary<string, string> map)
    {
        Append(hash, map.Count.ToString(CultureInfo.InvariantCulture));
        foreach (var (name, value) in map.OrderBy(e => e.Key, StringComparer.Ordinal))
        {
            Append(hash, name);
            Append(hash, value);
        }
    }

    private static void Append(IncrementalHash hash, string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        Span<byte> length = stackalloc byte[4];
        BinaryPrimitives.WriteInt32LittleEndian(length, bytes.Length);
        hash.AppendData(length);
        hash.AppendData(bytes);
    }
}
