namespace SeCo.Sdk.Errors;

/// <summary>
/// A user mistake: a bad pipeline, file, option or input item. Carries where it is and a sentence
/// saying what was expected. The CLI prints it without a stack trace and exits with code 2 (or 1
/// when it happens while a stage runs).
/// </summary>
public sealed class SeCoInputException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="location">Where the problem is.</param>
    /// <param name="message">What is wrong and what was expected.</param>
    /// <param name="innerException">The underlying error, if any.</param>
    public SeCoInputException(InputLocation location, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        Location = location;
    }

    /// <summary>Creates the exception for a problem in a file.</summary>
    public SeCoInputException(string file, string message, Exception? innerException = null)
        : this(new InputLocation(File: file), message, innerException)
    {
    }

    /// <summary>Where the problem is.</summary>
    public InputLocation Location { get; }

    /// <summary>The location and the message on one line.</summary>
    public string Describe()
    {
        var where = Location.ToString();
        return where.Length == 0 ? Message : $"{where}: {Message}";
    }
}
