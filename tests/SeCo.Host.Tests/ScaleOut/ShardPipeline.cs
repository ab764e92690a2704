using System.Security.Cryptography;
using System.Text.Json.Nodes;
using SeCo.Testing;

namespace SeCo.Host.Tests.ScaleOut;

/// <summary>
/// A small pipeline in a temp folder with the bundled plugins: 6 synthetic 96x48 scenes, PSA with the Felzenszwalb
/// proposer (shardable), and mIoU of the PSA labels (shardable). Takes a few seconds per process.
/// </summary>
internal sealed class ShardPipeline : IDisposable
{
    private readonly TempDirectory _folder = new("seco-shards");

    public ShardPipeline()
    {
        File.WriteAllText(PipelinePath, """
            {
              "name": "shards",
              "seed": 0,
              "taxonomy": "cityscapes19",
              "workspace": "ws",
              "stages": [
                { "id": "source", "use": "sources.synthetic", "with": { "count": 6, "width": 96, "height": 48 } },
                { "id": "psa", "use": "psa.sam", "in": { "images": "source.images", "labels": "source.labels" },
                  "with": { "proposer": "felzenszwalb", "variant": "felzenszwalb" } },
                { "id": "eval", "use": "eval.miou", "in": { "images": "source.images", "labels": "psa.labels" } }
              ]
            }
            """);
    }

    public string Directory => _folder.Path;

    public string PipelinePath => _folder.File("pipeline.json");

    public string Workspace => _folder.File("ws");

    /// <summary>
    /// SHA-256 of every result file of the workspace's stage folders by relative path, and each manifest's
    /// <c>outputs</c> as JSON text (the rest of a manifest holds times).
    /// </summary>
    public SortedDictionary<string, string> Results()
    {
        var results = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var stage in System.IO.Directory.GetDirectories(Workspace))
        {
            if (Path.GetFileName(stage).StartsWith('.') || Path.GetFileName(stage) == "slurm")
            {
                continue;
            }

            foreach (var file in System.IO.Directory.GetFiles(stage, "*", SearchOption.AllDirectories))
            {
                var relative = Path.GetRelativePath(Workspace, file).Replace('\\', '/');
                results[relative] = Path.GetFileName(file) == "manifest.json"
                    ? JsonNode.Parse(File.ReadAllText(file))!["outputs"]!.ToJsonString()
                    : Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(file)));
            }
        }

        return results;
    }

    /// <summary>Deletes the workspace, so the next run starts from nothing in the same place.</summary>
    public void ClearWorkspace() => System.IO.Directory.Delete(Workspace, recursive: true);

    public void Dispose() => _folder.Dispose();
}
