using System.Text.Json;
using SeCo.Testing;
using SeCo.Vision.Checkpoints;
using SeCo.Vision.LabelMaps;

namespace SeCo.Vision.Tests.Regions.Golden;

/// <summary>Access to <c>golden/regions</c>: label maps, region-index maps and the JSON oracles.</summary>
internal static class RegionsGolden
{
    /// <summary>The four label maps of <c>regions/cc</c>.</summary>
    public static readonly TheoryData<string> LabelMaps = new()
    {
        "lm_07x09_handmade",
        "lm_032x048_handmade",
        "lm_128x256_seed1",
        "lm_512x1024_seed2",
    };

    public static LabelMap ReadLabelMap(string name) => LabelMapIO.Read(GoldenData.PathOf("regions", "cc", name + ".png"));

    /// <summary>The reference region-index map (row-major, -1 on 255) of a label map.</summary>
    public static int[] ReadRegionIndex(string name, out long[] shape)
    {
        var tensors = SafeTensors.Load(GoldenData.PathOf("regions", "cc", name + "_regions.safetensors"));
        try
        {
            var tensor = tensors["region_index"];
            shape = tensor.shape;
            return tensor.data<int>().ToArray();
        }
        finally
        {
            foreach (var tensor in tensors.Values)
            {
                tensor.Dispose();
            }
        }
    }

    /// <summary>The U8 masks of <c>rle/rle_edge_cases.safetensors</c>, by tensor name.</summary>
    public static Dictionary<string, (long[] Shape, byte[] Data)> ReadEdgeCaseMasks()
    {
        var tensors = SafeTensors.Load(GoldenData.PathOf("regions", "rle", "rle_edge_cases.safetensors"));
        try
        {
            return tensors.ToDictionary(kv => kv.Key, kv => (kv.Value.shape, kv.Value.data<byte>().ToArray()));
        }
        finally
        {
            foreach (var tensor in tensors.Values)
            {
                tensor.Dispose();
            }
        }
    }

    public static JsonDocument ReadJson(params string[] parts) => JsonDocument.Parse(File.ReadAllText(GoldenData.PathOf(["regions", .. parts])));

    public static uint[] UInts(JsonElement array) => array.EnumerateArray().Select(e => e.GetUInt32()).ToArray();

    public static int[] Ints(JsonElement array) => array.EnumerateArray().Select(e => e.GetInt32()).ToArray();
}
