using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace SeCo.Sdk.Stages;

/// <summary>
/// One shard of a stage's items: shard <see cref="Index"/> of <see cref="Count"/> (<c>seco run --shard i/N</c>).
/// An item belongs to a shard by its key alone (SHA-256 of the key, then Lamping and Veach's jump consistent
/// hash), never by its position in a list: adding or removing images moves no other image to another shard,
/// and going from N to N+1 shards moves only about 1/(N+1) of them.
/// </summary>
public sealed record ShardSpec
{
    /// <summary>Creates a shard; <paramref name="index"/> lies in <c>[0, count)</c>.</summary>
    public ShardSpec(int index, int count)
    {
        if (count < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(count), count, "A stage is split into at least 1 shard.");
        }

        if (index < 0 || index >= count)
        {
            throw new ArgumentOutOfRangeException(nameof(index), index, $"The shard index lies from 0 to {count - 1}.");
        }

        Index = index;
        Count = count;
    }

    /// <summary>The shard, from 0 to <see cref="Count"/> − 1.</summary>
    public int Index { get; }

    /// <summary>How many shards the stage's items are split into.</summary>
    public int Count { get; }

    /// <summary>True when the item with key <paramref name="itemKey"/> (an image id) belongs to this shard.</summary>
    public bool Contains(string itemKey) => ShardOf(itemKey, Count) == Index;

    /// <summary>The shard, from 0 to <paramref name="count"/> − 1, that the item with key <paramref name="itemKey"/> belongs to.</summary>
    public static int ShardOf(string itemKey, int count)
    {
        ArgumentNullException.ThrowIfNull(itemKey);
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        Span<byte> digest = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(Encoding.UTF8.GetBytes(itemKey), digest);
        return JumpHash(BinaryPrimitives.ReadUInt64LittleEndian(digest), count);
    }

    /// <summary>Parses <c>i/N</c> (for example <c>0/3</c>); throws <see cref="FormatException"/> with the expected form.</summary>
    public static ShardSpec Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var slash = text.IndexOf('/', StringComparison.Ordinal);
        if (slash > 0
            && int.TryParse(text.AsSpan(0, slash), NumberStyles.None, CultureInfo.InvariantCulture, out var index)
            && int.TryParse(text.AsSpan(slash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var count)
            && count >= 1 && index < count)
        {
            return new ShardSpec(index, count);
        }

        throw new FormatException($"'{text}' is not a shard; expected INDEX/COUNT with 0 <= INDEX < COUNT, for example 0/3.");
    }

    /// <summary><c>i/N</c>.</summary>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Index}/{Count}");

    /// <summary>Jump consistent hash (Lamping and Veach, 2014): a bucket in <c>[0, buckets)</c> for a 64-bit key.</summary>
    private static int JumpHash(ulong key, int buckets)
    {
        long bucket = -1;
        long next = 0;
        while (next < buckets)
        {
            bucket = next;
            key = unchecked((key * 2862933555777941757UL) + 1);
            next = (long)((bucket + 1) * ((double)(1L << 31) / ((key >> 33) + 1)));
        }

        return (int)bucket;
    }
}
