using SeCo.Sdk.Errors;
using SeCo.Sdk.IO;
using SeCo.Testing;

namespace SeCo.Sdk.Tests.IO;

/// <summary>The one path rule: realpath semantics (links followed) and confinement to the allowed roots.</summary>
public sealed class PathPolicyTests : IDisposable
{
    private readonly TempDirectory _directory = new("seco-path-policy");
    private readonly string _root;
    private readonly string _outside;
    private readonly PathPolicy _policy;

    public PathPolicyTests()
    {
        _root = Directory.CreateDirectory(_directory.File("root")).FullName;
        _outside = Directory.CreateDirectory(_directory.File("outside")).FullName;
        Directory.CreateDirectory(Path.Combine(_root, "data"));
        File.WriteAllText(Path.Combine(_root, "data", "in.txt"), "inside");
        File.WriteAllText(Path.Combine(_outside, "secret.txt"), "secret");
        _policy = new PathPolicy([_root]);
    }

    public void Dispose() => _directory.Dispose();

    [Fact]
    public void Path_under_the_root_is_resolved_and_allowed()
    {
        _policy.Confine("data/in.txt", _root, "with.list").Should().Be(Path.Combine(_root, "data", "in.txt"));
    }

    [Theory]
    [InlineData("../outside/secret.txt")]
    [InlineData("data/../../outside/secret.txt")]
    public void Dot_dot_leaving_the_root_is_refused(string path)
    {
        var act = () => _policy.Confine(path, _root, "with.list");

        act.Should().Throw<SeCoInputException>().Where(e => e.Message.Contains("outside the allowed folders") && e.Location.JsonPath == "with.list");
    }

    [Fact]
    public void Absolute_path_outside_the_root_is_refused()
    {
        var act = () => _policy.Confine(Path.Combine(_outside, "secret.txt"), _root, "with.checkpoint");

        act.Should().Throw<SeCoInputException>();
    }

    [Fact]
    public void Symbolic_link_to_a_file_outside_is_refused()
    {
        File.CreateSymbolicLink(Path.Combine(_root, "data", "link.txt"), Path.Combine(_outside, "secret.txt"));

        var act = () => _policy.Confine("data/link.txt", _root, "with.list");

        act.Should().Throw<SeCoInputException>().Where(e => e.Message.Contains(Path.Combine(_outside, "secret.txt")));
    }

    [Fact]
    public void Symbolic_link_to_a_folder_outside_is_refused_for_every_path_through_it()
    {
        Directory.CreateSymbolicLink(Path.Combine(_root, "linked"), _outside);

        _policy.Allows(Path.Combine(_root, "linked", "secret.txt")).Should().BeFalse();
        _policy.Allows(Path.Combine(_root, "linked", "not-yet-written.txt")).Should().BeFalse();
    }

    [Fact]
    public void Relative_symbolic_link_whose_target_stays_under_the_root_is_allowed()
    {
        Directory.CreateSymbolicLink(Path.Combine(_root, "alias"), "data");

        _policy.Confine("alias/in.txt", _root, "with.root").Should().Be(Path.Combine(_root, "data", "in.txt"));
    }

    [Fact]
    public void Dangling_link_pointing_outside_is_refused()
    {
        File.CreateSymbolicLink(Path.Combine(_root, "dangling"), Path.Combine(_outside, "missing", "file"));

        _policy.Allows(Path.Combine(_root, "dangling")).Should().BeFalse();
    }

    [Fact]
    public void Link_loop_is_a_clear_error()
    {
        File.CreateSymbolicLink(Path.Combine(_root, "a"), Path.Combine(_root, "b"));
        File.CreateSymbolicLink(Path.Combine(_root, "b"), Path.Combine(_root, "a"));

        var act = () => _policy.Confine("a", _root, "with.list");

        act.Should().Throw<SeCoInputException>().Where(e => e.Message.Contains("symbolic links"));
    }

    [Fact]
    public void Root_reached_through_a_link_is_the_same_root()
    {
        var link = _directory.File("root-link");
        Directory.CreateSymbolicLink(link, _root);

        new PathPolicy([link]).Allows(Path.Combine(_root, "data", "in.txt")).Should().BeTrue();
    }

    [Fact]
    public void Unrestricted_policy_allows_everything()
    {
        PathPolicy.Unrestricted.Allows(Path.Combine(_outside, "secret.txt")).Should().BeTrue();
    }

    [Theory]
    [InlineData("psa", true)]
    [InlineData("eval-raw_2", true)]
    [InlineData("vit_b", true)]
    [InlineData("v1.2", true)]
    [InlineData("", false)]
    [InlineData("..", false)]
    [InlineData("a..b", false)]
    [InlineData("../x", false)]
    [InlineData("/etc", false)]
    [InlineData("a/b", false)]
    [InlineData("a\\b", false)]
    [InlineData(".hidden", false)]
    [InlineData("-flag", false)]
    [InlineData("with space", false)]
    public void Safe_names_are_single_plain_path_components(string name, bool safe)
    {
        PathPolicy.IsSafeName(name).Should().Be(safe);
    }

    [Fact]
    public void Safe_names_have_at_most_64_characters()
    {
        PathPolicy.IsSafeName(new string('a', 64)).Should().BeTrue();
        PathPolicy.IsSafeName(new string('a', 65)).Should().BeFalse();
    }

    [Fact]
    public void Excerpt_truncates_and_escapes()
    {
        PathPolicy.Excerpt("root:x:0:0\u001b[31m").Should().Be("root:x:0:0\\u001b[31m");
        PathPolicy.Excerpt(new string('s', 100)).Should().HaveLength(PathPolicy.MaxExcerptLength + 1).And.EndWith("…");
    }
}
