using System.Text.Json;
using SeCo.Host.ScaleOut;
using SeCo.Sdk.IO;

namespace SeCo.Host.Cli;

/// <summary>
/// <c>seco k8s</c>: the scale-out plan as Kubernetes manifests (<see cref="KubernetesManifests"/>). With <c>--out DIR</c>
/// it writes <c>NN-name.json</c> files and <c>apply.sh</c>; without, it prints the objects in apply order, separated by
/// <c>---</c>. Paths in the commands are relative to the current folder, which the claim holds at /data.
/// </summary>
internal static class KubernetesCommand
{
    private static readonly JsonSerializerOptions s_json = new() { WriteIndented = true };

    public static int Execute(CliSession session)
    {
        var commandLine = session.CommandLine;
        if (string.IsNullOrWhiteSpace(commandLine.Image))
        {
            session.Error.WriteLine("seco k8s needs --image IMAGE: the container image holding seco and its plugins (see deploy/Dockerfile).");
            return ExitCodes.InvalidUsage;
        }

        var result = session.LoadPipeline();
        if (!result.IsValid)
        {
            return session.ReportInvalid(result);
        }

        var plan = result.Plan!;
        var relative = Path.GetRelativePath(Directory.GetCurrentDirectory(), Path.GetFullPath(commandLine.PipelinePath));
        var plugins = commandLine.PluginDirectories.Select(d => Path.GetRelativePath(Directory.GetCurrentDirectory(), Path.GetFullPath(d))).ToList();
        if (relative.StartsWith("..", StringComparison.Ordinal) || Path.IsPathRooted(relative) || plugins.Any(p => p.StartsWith("..", StringComparison.Ordinal) || Path.IsPathRooted(p)))
        {
            session.Error.WriteLine("Run seco k8s from the folder you copy onto the volume: the pipeline (and any --plugins folder) must lie under it, " +
                $"since the pods see that folder as {KubernetesManifests.MountPath}.");
            return ExitCodes.InvalidUsage;
        }

        var common = new List<string> { relative.Replace('\\', '/') };
        foreach (var set in commandLine.Sets)
        {
            common.AddRange(["--set", set.Text]);
        }

        foreach (var directory in plugins)
        {
            common.AddRange(["--plugins", directory.Replace('\\', '/')]);
        }

        var shards = commandLine.Shards ?? SlurmCommand.DefaultShards;
        var jobs = ScaleOutPlanner.Plan(plan, shards, common);
        var manifests = new KubernetesManifests(plan.Definition.Name, commandLine.Image, shards);
        var objects = new List<(string File, ScaleOutJob? Job, string Json)> { ("00-" + manifests.ClaimName + ".json", null, manifests.Claim().ToJsonString(s_json)) };
        for (var i = 0; i < jobs.Count; i++)
        {
            objects.Add(($"{i + 1:00}-{jobs[i].Name}.json", jobs[i], manifests.Job(jobs[i]).ToJsonString(s_json)));
        }

        if (commandLine.Out is null)
        {
            session.Text.WriteLine(string.Join("\n---\n", objects.Select(o => $"# {o.File}\n{o.Json}")));
            return ExitCodes.Success;
        }

        Directory.CreateDirectory(commandLine.Out);
        foreach (var (file, _, json) in objects)
        {
            AtomicFile.WriteAllText(Path.Combine(commandLine.Out, file), json + "\n");
        }

        var script = Path.Combine(commandLine.Out, "apply.sh");
        AtomicFile.WriteAllText(script, manifests.ApplyScript(objects.Select(o => (o.File, o.Job)).ToList()));
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(script, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        }

        session.Text.WriteLine($"Wrote {objects.Count} manifests and apply.sh to {commandLine.Out}. Copy the current folder (pipeline, data) onto the claim {manifests.ClaimName} " +
            $"(it is mounted at {KubernetesManifests.MountPath}), then run {script}.");
        return ExitCodes.Success;
    }
}
