namespace SeCo.Host.Daemon;

/// <summary>What a cancel request did.</summary>
internal enum CancelOutcome
{
    /// <summary>No such run.</summary>
    NotFound,

    /// <summary>The run was waiting and is now cancelled.</summary>
    Cancelled,

    /// <summary>The run is running; its token is cancelled and it ends <c>cancelled</c> shortly.</summary>
    Requested,

    /// <summary>The run had already ended.</summary>
    AlreadyFinished,
}
