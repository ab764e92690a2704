namespace SeCo.Sdk.Stages;

/// <summary>
/// Marks an option (a string, or a list of strings) as a file or folder path, relative to the pipeline
/// folder as <see cref="StageContext.ResolvePath"/> resolves it. Hosts that confine what a pipeline may
/// read check these options before anything runs: the daemon refuses a submission whose path options
/// lie outside its data roots.
/// </summary>
[AttributeUsage(AttributeTargets.Property, AllowMultiple = false, Inherited = true)]
public sealed class FilePathAttribute : Attribute
{
}
