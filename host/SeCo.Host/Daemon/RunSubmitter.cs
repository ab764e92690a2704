using System.Text.Json;
using SeCo.Host.Pipelines;
using SeCo.Host.Planning;
using SeCo.Host.Plugins;
using SeCo.Sdk.IO;

namespace SeCo.Host.Daemon;

/// <summary>
/// Accepts a submission: a pipeline document, or <c>{"path": ..., "set": [...]}</c> naming a file under
/// a data root. Validates it exactly as <c>seco validate</c> does, checks that the file, the workspace
/// and every path option (<see cref="Sdk.Stages.FilePathAttribute"/>) lie under the data roots, stores it and queues it.
/// </summary>
internal sealed class RunSubmitter(RunStore store, RunScheduler scheduler, StageCatalog catalog, DataRoots roots, DaemonOptions options)
{
    /// <summary>The folder (under the state directory) where submitted documents are kept; their default workspaces go below it.</summary>
    public const string PipelinesFolder = "pipelines";

    public SubmissionResult Submit(byte[] body)
    {
        body = PipelineParser.WithoutBom(body);
        JsonElement root;
        try
        {
            using var document = JsonDocument.Parse(body, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
            root = document.RootElement.Clone();
        }
        catch (JsonException ex)
        {
            return Rejected(JsonPathText.Root, $"The request body is not JSON: {ex.Message}", (int?)ex.LineNumber + 1, (int?)ex.BytePositionInLine + 1);
        }

        var id = NewId();
        string file;
        byte[] pipeline;
        var sets = new List<string>();
        if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("path", out var pathValue) && !root.TryGetProperty("stages", out _))
        {
            if (pathValue.ValueKind != JsonValueKind.String || pathValue.GetString() is not { Length: > 0 } path)
            {
                return Rejected("$.path", "Expected the path of a pipeline file on the server, as a string.");
            }

            file = roots.Resolve(path);
            if (!roots.Contains(file))
            {
                return Rejected("$.path", $"{file} is outside the data roots ({string.Join(", ", roots.Roots)}); the daemon only reads pipelines under them.");
            }

            if (!File.Exists(file))
            {
                return Rejected("$.path", $"No pipeline file at {file}.");
            }

            if (root.TryGetProperty("set", out var setValue))
            {
                if (setValue.ValueKind != JsonValueKind.Array || setValue.EnumerateArray().Any(s => s.ValueKind != JsonValueKind.String))
                {
                    return Rejected("$.set", "Expected an array of overrides like \"stage.with.key=value\".");
                }

                sets.AddRange(setValue.EnumerateArray().Select(s => s.GetString()!));
            }

            pipeline = File.ReadAllBytes(file);
        }
        else
        {
            file = Path.Combine(options.StateDirectory, PipelinesFolder, id + ".json");
            pipeline = body;
        }

        var overrides = new List<SetOverride>();
        for (var i = 0; i < sets.Count; i++)
        {
            try
            {
                overrides.Add(SetOverride.Parse(sets[i]));
            }
            catch (FormatException ex)
            {
                return Rejected($"$.set[{i}]", ex.Message);
            }
        }

        var loaded = PipelineLoader.Load(file, pipeline, overrides, catalog, Environment.GetEnvironmentVariable);
        if (!loaded.IsValid)
        {
            return new SubmissionResult(null, loaded.Errors);
        }

        var plan = loaded.Plan!;
        if (!roots.Contains(plan.Definition.Workspace))
        {
            return Rejected("$.workspace", $"The workspace {plan.Definition.Workspace} is outside the data roots ({string.Join(", ", roots.Roots)}).");
        }

        var outside = PathOptions.OutsideRoots(plan, roots);
        if (outside.Count > 0)
        {
            return new SubmissionResult(null, outside);
        }

        if (!File.Exists(file))
        {
            Directory.CreateDirectory(Path.GetDirectoryName(file)!);
            AtomicFile.WriteAllBytes(file, pipeline);
        }

        store.Add(new RunSubmission(id, file, pipeline, sets), plan.Definition.Name, plan.Stages.Select(s => (s.Id, s.Descriptor.Id)));
        scheduler.Enqueue(id);
        return new SubmissionResult(id, []);
    }

    private static SubmissionResult Rejected(string path, string message, int? line = null, int? column = null) =>
        new(null, [new ValidationError(path, line, column, message)]);

    /// <summary>A sortable, unique run id: UTC time plus random hex.</summary>
    private static string NewId() =>
        $"{DateTime.UtcNow:yyyyMMdd-HHmmss}-{Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(4))}";
}
