using System.Text.Json;

namespace SeCo.Host.Daemon;

/// <summary>One persisted event of a run; <see cref="Id"/> is the Server-Sent Events id (increasing across the daemon).</summary>
internal sealed record RunEvent(long Id, string RunId, string Type, JsonElement Data, DateTimeOffset At);
