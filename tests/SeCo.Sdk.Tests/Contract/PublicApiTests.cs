using PublicApiGenerator;
using SeCo.Testing;

namespace SeCo.Sdk.Tests.Contract;

/// <summary>
/// The plugin contract's public API against its checked-in baseline (<c>sdk/SeCo.Sdk/SeCo.Sdk.api.txt</c>): any change to
/// what plugin authors compile against fails here until it is recorded, so it shows in review as a diff of that file.
/// Recording also checks the semantic-versioning rule of <c>SeCoSdkContractVersion</c> (docs/architecture.md).
/// </summary>
public sealed class PublicApiTests
{
    /// <summary>Set to 1 to write the baseline from the current SDK (after checking the version rule).</summary>
    public const string AcceptVariable = "SECO_ACCEPT_API";

    private const string HeaderPrefix = "// SeCo.Sdk contract ";

    private static string BaselinePath => Path.Combine(GoldenData.RepositoryRoot, "sdk", "SeCo.Sdk", "SeCo.Sdk.api.txt");

    [Fact]
    public void The_public_api_matches_the_recorded_baseline_and_version()
    {
        var api = Normalize(typeof(SdkContract).Assembly.GeneratePublicApi(new ApiGeneratorOptions { IncludeAssemblyAttributes = false }));
        var version = SdkContract.Version;
        var current = $"{HeaderPrefix}{Format(version)} (re-record: {AcceptVariable}=1 dotnet test tests/SeCo.Sdk.Tests --filter FullyQualifiedName~PublicApi)\n{api}";
        var recorded = File.Exists(BaselinePath) ? Normalize(File.ReadAllText(BaselinePath)) : null;

        if (Environment.GetEnvironmentVariable(AcceptVariable) == "1")
        {
            if (recorded is not null)
            {
                var (oldVersion, oldApi) = Split(recorded);
                ContractVersionRule.Check(oldVersion, oldApi, version, api).Should().BeNull("the contract version must follow the change");
            }

            File.WriteAllText(BaselinePath, current);
            return;
        }

        recorded.Should().NotBeNull($"{BaselinePath} is the recorded API; create it with {AcceptVariable}=1");
        var (baselineVersion, baselineApi) = Split(recorded!);
        var problem = ContractVersionRule.Check(baselineVersion, baselineApi, version, api);
        api.Should().Be(baselineApi,
            $"the SDK's public API changed without being recorded ({problem ?? "the version already allows it"}); review the change, bump " +
            $"SeCoSdkContractVersion in Directory.Build.props as docs/architecture.md says, then re-record with {AcceptVariable}=1");
        Format(version).Should().Be(Format(baselineVersion), $"SeCoSdkContractVersion changed; re-record the baseline with {AcceptVariable}=1");
    }

    [Theory]
    [InlineData("1.2.0", "a\nb", "1.2.0", "a\nb", null)]
    [InlineData("1.2.0", "a\nb", "1.2.0", "a\nb\nc", "added")]
    [InlineData("1.2.0", "a\nb", "1.3.0", "a\nb\nc", null)]
    [InlineData("1.2.0", "a\nb", "1.3.0", "a", "removed or changed")]
    [InlineData("1.2.0", "a\nb", "2.0.0", "a", null)]
    [InlineData("1.2.0", "a\nb", "1.1.0", "a\nb", "older")]
    public void The_version_rule_asks_minor_for_additions_and_major_for_removals(string oldVersion, string oldApi, string newVersion, string newApi, string? problem)
    {
        var result = ContractVersionRule.Check(Version.Parse(oldVersion), oldApi, Version.Parse(newVersion), newApi);

        if (problem is null)
        {
            result.Should().BeNull();
        }
        else
        {
            result.Should().Contain(problem);
        }
    }

    private static (Version Version, string Api) Split(string recorded)
    {
        var newline = recorded.IndexOf('\n', StringComparison.Ordinal);
        var header = newline < 0 ? recorded : recorded[..newline];
        header.Should().StartWith(HeaderPrefix, $"the first line of {BaselinePath} names the contract version");
        var version = Version.Parse(header[HeaderPrefix.Length..].Split(' ')[0]);
        return (version, newline < 0 ? "" : recorded[(newline + 1)..]);
    }

    private static string Normalize(string text) => text.Replace("\r\n", "\n", StringComparison.Ordinal).TrimEnd() + "\n";

    private static string Format(Version version) => version.ToString(3);
}
