using System.Text;

namespace SeCo.Host.Pipelines;

/// <summary>
/// Expands <c>${env:NAME}</c> and <c>${pipeline.dir}</c> in pipeline string values; <c>$${</c> writes a
/// literal <c>${</c>. An unset environment variable or an unknown variable is an error.
/// </summary>
internal sealed class VariableSubstitution(string pipelineDirectory, Func<string, string?> environment)
{
    /// <summary>Expands the variables of <paramref name="text"/>; returns null and an error sentence on failure.</summary>
    public string? Expand(string text, out string? error)
    {
        error = null;
        if (!text.Contains("${", StringComparison.Ordinal))
        {
            return text;
        }

        var result = new StringBuilder(text.Length);
        var i = 0;
        while (i < text.Length)
        {
            if (text[i] == '$' && i + 2 < text.Length && text[i + 1] == '$' && text[i + 2] == '{')
            {
                result.Append("${");
                i += 3;
                continue;
            }

            if (text[i] != '$' || i + 1 >= text.Length || text[i + 1] != '{')
            {
                result.Append(text[i++]);
                continue;
            }

            var end = text.IndexOf('}', i + 2);
            if (end < 0)
            {
                error = $"Unterminated variable in \"{text}\": expected '}}' after '{text[i..]}'.";
                return null;
            }

            var name = text[(i + 2)..end];
            if (name == "pipeline.dir")
            {
                result.Append(pipelineDirectory);
            }
            else if (name.StartsWith("env:", StringComparison.Ordinal) && name.Length > 4)
            {
                var variable = name[4..];
                var value = environment(variable);
                if (value is null)
                {
                    error = $"Environment variable '{variable}' is not set (used as ${{env:{variable}}}).";
                    return null;
                }

                result.Append(value);
            }
            else
            {
                error = $"Unknown variable '${{{name}}}': expected ${{env:NAME}} or ${{pipeline.dir}} (write $${{ for a literal '${{').";
                return null;
            }

            i = end + 1;
        }

        return result.ToString();
    }
}
