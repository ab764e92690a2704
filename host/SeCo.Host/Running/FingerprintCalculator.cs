using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using SeCo.Host.Planning;

namespace SeCo.Host.Running;

/// <summary>
/// A stage's cache key: SHA-256 over its stage type id, plugin name and version, canonical options,
/// external fingerprint, and each input's port names and source fingerprint. Fields are length-prefixed
/// so no two different field lists hash the same bytes.
/// </summary>
internal static class FingerprintCalculator
{
    private const string FormatTag = "seco-stage-fingerprint-v1";

    /// <summary>Length of the fingerprint prefix in folder names.</summary>
    public const int ShortLength = 12;

    public static string Compute(PlannedStage stage, string? externalFingerprint, IReadOnlyDictionary<string, string> sourceFingerprints)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        Append(hash, FormatTag);
        Append(hash, stage.Descriptor.Id);
        Append(hash, stage.Descriptor.Plugin.Name);
        Append(hash, stage.Descriptor.Plugin.Version);
        Append(hash, stage.CanonicalOptions);
        Append(hash, externalFingerprint is null ? "-" : "+" + externalFingerprint);
        foreach (var input in stage.Inputs.OrderBy(i => i.Port, StringComparer.Ordinal))
        {
            Append(hash, input.Port);
            Append(hash, input.SourcePort);
            Append(hash, sourceFingerprints[input.SourceStage]);
        }

        return Convert.ToHexStringLower(hash.GetHashAndReset());
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
