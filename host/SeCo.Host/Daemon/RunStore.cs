using System.Globalization;
using System.Text.Json;
using Microsoft.Data.Sqlite;

namespace SeCo.Host.Daemon;

/// <summary>
/// The daemon's state in SQLite (<c>&lt;state-dir&gt;/seco.db</c>, WAL): runs, their stages and their
/// events. One connection, used under a lock: writes are small and the event stream reads by id.
/// </summary>
internal sealed class RunStore : IDisposable
{
    /// <summary>The database file name inside the state directory.</summary>
    public const string FileName = "seco.db";

    private const string Schema = """
        CREATE TABLE IF NOT EXISTS runs(
            seq INTEGER PRIMARY KEY AUTOINCREMENT,
            id TEXT NOT NULL UNIQUE,
            pipeline TEXT NOT NULL,
            pipeline_file TEXT NOT NULL,
            document BLOB NOT NULL,
            sets TEXT NOT NULL,
            state TEXT NOT NULL,
            submitted_at TEXT NOT NULL,
            started_at TEXT,
            finished_at TEXT,
            attempts INTEGER NOT NULL DEFAULT 0,
            error TEXT);
        CREATE TABLE IF NOT EXISTS stages(
            run_id TEXT NOT NULL,
            stage_id TEXT NOT NULL,
            ordinal INTEGER NOT NULL,
            use TEXT NOT NULL,
            state TEXT NOT NULL,
            done INTEGER,
            total INTEGER,
            phase TEXT,
            started_at TEXT,
            finished_at TEXT,
            seconds REAL,
            output_dir TEXT,
            error TEXT,
            cache TEXT,
            PRIMARY KEY(run_id, stage_id));
        CREATE TABLE IF NOT EXISTS events(
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            run_id TEXT NOT NULL,
            type TEXT NOT NULL,
            data TEXT NOT NULL,
            at TEXT NOT NULL);
        CREATE INDEX IF NOT EXISTS events_by_run ON events(run_id, id);
        """;

    private readonly SqliteConnection _connection;
    private readonly Lock _lock = new();
    private SqliteTransaction? _transaction;

    public RunStore(string stateDirectory)
    {
        Directory.CreateDirectory(stateDirectory);
        _connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = Path.Combine(stateDirectory, FileName),
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = false,
        }.ToString());
        _connection.Open();
        Execute("PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=5000;");
        Execute(Schema);
        AddColumnIfMissing("stages", "cache", "TEXT");
    }

    /// <summary>Records a new queued run with its stages (all pending).</summary>
    public void Add(RunSubmission submission, string pipeline, IEnumerable<(string Id, string Use)> stages)
    {
        lock (_lock)
        {
            using var transaction = Begin();
            Execute("INSERT INTO runs(id, pipeline, pipeline_file, document, sets, state, submitted_at) VALUES($id, $pipeline, $file, $document, $sets, $state, $at)",
                ("$id", submission.Id), ("$pipeline", pipeline), ("$file", submission.PipelineFile), ("$document", submission.Document),
                ("$sets", JsonSerializer.Serialize(submission.Sets)), ("$state", RunStates.Queued), ("$at", Now()));
            var ordinal = 0;
            foreach (var (id, use) in stages)
            {
                Execute("INSERT INTO stages(run_id, stage_id, ordinal, use, state) VALUES($run, $stage, $ordinal, $use, 'pending')",
                    ("$run", submission.Id), ("$stage", id), ("$ordinal", ordinal++), ("$use", use));
            }

            transaction.Commit();
            _transaction = null;
        }
    }

    /// <summary>
    /// On start: every run left <c>running</c> (by a daemon that died) becomes <c>interrupted</c>, with a
    /// <c>run.interrupted</c> event. A run that has been started <paramref name="maxAttempts"/> times and was
    /// interrupted again (left running or interrupted) is marked <c>failed</c> instead, with the reason, so a
    /// run that crashes the daemon cannot crash-loop it.
    /// </summary>
    /// <returns>How many runs were interrupted (to be resumed) and how many failed for good.</returns>
    public (int Interrupted, int Failed) InterruptRunning(int maxAttempts)
    {
        lock (_lock)
        {
            var found = new List<(string Id, string State, int Attempts)>();
            using (var command = Command("SELECT id, state, attempts FROM runs WHERE state IN ($running, $interrupted) ORDER BY seq",
                ("$running", RunStates.Running), ("$interrupted", RunStates.Interrupted)))
            using (var reader = command.ExecuteReader())
            {
                while (reader.Read())
                {
                    found.Add((reader.GetString(0), reader.GetString(1), reader.GetInt32(2)));
                }
            }

            var interrupted = 0;
            var failed = 0;
            using var transaction = Begin();
            foreach (var (id, state, attempts) in found)
            {
                var crashed = state == RunStates.Running;
                if (crashed)
                {
                    Execute("INSERT INTO events(run_id, type, data, at) VALUES($run, 'run.interrupted', $data, $at)", ("$run", id),
                        ("$data", JsonSerializer.Serialize(new { state = RunStates.Interrupted, attempt = attempts, reason = "the daemon stopped while the run was running" }, DaemonJson.Options)),
                        ("$at", Now()));
                }

                if (attempts >= maxAttempts)
                {
                    var error = $"The run was interrupted {attempts} times (the daemon stopped or crashed while it ran); it is not retried again (limit {maxAttempts}, --max-attempts).";
                    Execute("UPDATE runs SET state = $failed, finished_at = $at, error = $error WHERE id = $id",
                        ("$failed", RunStates.Failed), ("$at", Now()), ("$error", error), ("$id", id));
                    Execute("INSERT INTO events(run_id, type, data, at) VALUES($run, 'run.finished', $data, $at)", ("$run", id),
                        ("$data", JsonSerializer.Serialize(new { state = RunStates.Failed, error }, DaemonJson.Options)), ("$at", Now()));
                    failed++;
                }
                else if (crashed)
                {
                    Execute("UPDATE runs SET state = $interrupted WHERE id = $id", ("$interrupted", RunStates.Interrupted), ("$id", id));
                    interrupted++;
                }
            }

            transaction.Commit();
            _transaction = null;
            return (interrupted, failed);
        }
    }

    /// <summary>The ids of runs waiting to run (queued or interrupted), in submission order.</summary>
    public IReadOnlyList<string> Waiting()
    {
        lock (_lock)
        {
            using var command = Command("SELECT id FROM runs WHERE state IN ($queued, $interrupted) ORDER BY seq", ("$queued", RunStates.Queued), ("$interrupted", RunStates.Interrupted));
            using var reader = command.ExecuteReader();
            var ids = new List<string>();
            while (reader.Read())
            {
                ids.Add(reader.GetString(0));
            }

            return ids;
        }
    }

    /// <summary>The stored document and overrides of a run, or null.</summary>
    public RunSubmission? GetSubmission(string id)
    {
        lock (_lock)
        {
            using var command = Command("SELECT pipeline_file, document, sets FROM runs WHERE id = $id", ("$id", id));
            using var reader = command.ExecuteReader();
            return reader.Read()
                ? new RunSubmission(id, reader.GetString(0), (byte[])reader.GetValue(1), JsonSerializer.Deserialize<List<string>>(reader.GetString(2)) ?? [])
                : null;
        }
    }

    /// <summary>Moves a waiting run to running (counting the attempt) and clears stage progress; false when it is no longer waiting.</summary>
    public bool TryStart(string id)
    {
        lock (_lock)
        {
            using var transaction = Begin();
            var changed = Execute("UPDATE runs SET state = $running, started_at = $at, attempts = attempts + 1, error = NULL WHERE id = $id AND state IN ($queued, $interrupted)",
                ("$running", RunStates.Running), ("$at", Now()), ("$id", id), ("$queued", RunStates.Queued), ("$interrupted", RunStates.Interrupted));
            if (changed == 1)
            {
                Execute("UPDATE stages SET state = 'pending', done = NULL, total = NULL, phase = NULL, started_at = NULL, finished_at = NULL, seconds = NULL, error = NULL, cache = NULL WHERE run_id = $id AND state NOT IN ('succeeded', 'cached')", ("$id", id));
            }

            transaction.Commit();
            _transaction = null;
            return changed == 1;
        }
    }

    /// <summary>Cancels a run that is still waiting (appending <c>run.finished</c>); false when it is not waiting.</summary>
    public bool TryCancelWaiting(string id) => TryFinish(id, RunStates.Cancelled, null, onlyFrom: [RunStates.Queued, RunStates.Interrupted]);

    /// <summary>
    /// Sets the state of a running run (final, or interrupted on shutdown) and appends its closing event
    /// (<c>run.finished</c> or <c>run.interrupted</c>); false when it is not running.
    /// </summary>
    public bool TryFinish(string id, string state, string? error) => TryFinish(id, state, error, onlyFrom: [RunStates.Running]);

    public void UpdateStage(string runId, string stageId, string state, DateTimeOffset? startedAt = null, DateTimeOffset? finishedAt = null, double? seconds = null, string? error = null, string? outputDirectory = null)
    {
        lock (_lock)
        {
            Execute("""
                UPDATE stages SET state = $state,
                    started_at = COALESCE($started, started_at), finished_at = COALESCE($finished, finished_at),
                    seconds = COALESCE($seconds, seconds), error = COALESCE($error, error), output_dir = COALESCE($dir, output_dir)
                WHERE run_id = $run AND stage_id = $stage
                """,
                ("$state", state), ("$started", startedAt?.ToString("O", CultureInfo.InvariantCulture)), ("$finished", finishedAt?.ToString("O", CultureInfo.InvariantCulture)),
                ("$seconds", seconds), ("$error", error), ("$dir", outputDirectory), ("$run", runId), ("$stage", stageId));
        }
    }

    /// <summary>Records why a stage runs or is reused.</summary>
    public void UpdateStageCache(string runId, string stageId, string explanation)
    {
        lock (_lock)
        {
            Execute("UPDATE stages SET cache = $cache WHERE run_id = $run AND stage_id = $stage", ("$cache", explanation), ("$run", runId), ("$stage", stageId));
        }
    }

    public void UpdateProgress(string runId, string stageId, long done, long total, string? phase)
    {
        lock (_lock)
        {
            Execute("UPDATE stages SET done = $done, total = $total, phase = $phase WHERE run_id = $run AND stage_id = $stage",
                ("$done", done), ("$total", total), ("$phase", phase), ("$run", runId), ("$stage", stageId));
        }
    }

    /// <summary>Appends an event and returns its id.</summary>
    public long AppendEvent(string runId, string type, object data)
    {
        lock (_lock)
        {
            using var command = Command("INSERT INTO events(run_id, type, data, at) VALUES($run, $type, $data, $at) RETURNING id",
                ("$run", runId), ("$type", type), ("$data", JsonSerializer.Serialize(data, DaemonJson.Options)), ("$at", Now()));
            return (long)command.ExecuteScalar()!;
        }
    }

    /// <summary>Events of a run with an id above <paramref name="afterId"/>, oldest first.</summary>
    public IReadOnlyList<RunEvent> ReadEvents(string runId, long afterId, int max)
    {
        lock (_lock)
        {
            using var command = Command("SELECT id, type, data, at FROM events WHERE run_id = $run AND id > $after ORDER BY id LIMIT $max",
                ("$run", runId), ("$after", afterId), ("$max", max));
            using var reader = command.ExecuteReader();
            var events = new List<RunEvent>();
            while (reader.Read())
            {
                using var data = JsonDocument.Parse(reader.GetString(2));
                events.Add(new RunEvent(reader.GetInt64(0), runId, reader.GetString(1), data.RootElement.Clone(), ParseTime(reader.GetString(3))!.Value));
            }

            return events;
        }
    }

    /// <summary>A run with its stages, or null.</summary>
    public RunRecord? Get(string id)
    {
        lock (_lock)
        {
            using var command = Command("SELECT id, pipeline, state, submitted_at, started_at, finished_at, attempts, error FROM runs WHERE id = $id", ("$id", id));
            using var reader = command.ExecuteReader();
            return reader.Read() ? ReadRun(reader) with { Stages = ReadStages(id) } : null;
        }
    }

    /// <summary>The newest runs first, without stages.</summary>
    public IReadOnlyList<RunRecord> List(int limit)
    {
        lock (_lock)
        {
            using var command = Command("SELECT id, pipeline, state, submitted_at, started_at, finished_at, attempts, error FROM runs ORDER BY seq DESC LIMIT $limit", ("$limit", limit));
            using var reader = command.ExecuteReader();
            var runs = new List<RunRecord>();
            while (reader.Read())
            {
                runs.Add(ReadRun(reader));
            }

            return runs;
        }
    }

    public void Dispose() => _connection.Dispose();

    private bool TryFinish(string id, string state, string? error, string[] onlyFrom)
    {
        lock (_lock)
        {
            using var transaction = Begin();
            var changed = Execute($"UPDATE runs SET state = $state, finished_at = $at, error = $error WHERE id = $id AND state IN ({string.Join(", ", onlyFrom.Select((_, i) => "$from" + i))})",
                [("$state", state), ("$at", RunStates.IsFinal(state) ? Now() : null), ("$error", error), ("$id", id), .. onlyFrom.Select((s, i) => ("$from" + i, (object?)s))]);
            if (changed == 1)
            {
                // The closing event goes in with the state, so a stream that sees a final state has every event.
                Execute("INSERT INTO events(run_id, type, data, at) VALUES($run, $type, $data, $at)",
                    ("$run", id), ("$type", RunStates.IsFinal(state) ? "run.finished" : "run." + state),
                    ("$data", JsonSerializer.Serialize(new { state, error }, DaemonJson.Options)), ("$at", Now()));
            }

            transaction.Commit();
            _transaction = null;
            return changed == 1;
        }
    }

    private List<StageRecord> ReadStages(string runId)
    {
        using var command = Command("SELECT stage_id, use, state, done, total, phase, started_at, finished_at, seconds, error, output_dir, cache FROM stages WHERE run_id = $run ORDER BY ordinal", ("$run", runId));
        using var reader = command.ExecuteReader();
        var stages = new List<StageRecord>();
        while (reader.Read())
        {
            stages.Add(new StageRecord
            {
                Id = reader.GetString(0),
                Use = reader.GetString(1),
                State = reader.GetString(2),
                Done = reader.IsDBNull(3) ? null : reader.GetInt64(3),
                Total = reader.IsDBNull(4) ? null : reader.GetInt64(4),
                Phase = reader.IsDBNull(5) ? null : reader.GetString(5),
                StartedAt = ParseTime(reader.IsDBNull(6) ? null : reader.GetString(6)),
                FinishedAt = ParseTime(reader.IsDBNull(7) ? null : reader.GetString(7)),
                Seconds = reader.IsDBNull(8) ? null : reader.GetDouble(8),
                Error = reader.IsDBNull(9) ? null : reader.GetString(9),
                OutputDirectory = reader.IsDBNull(10) ? null : reader.GetString(10),
                Cache = reader.IsDBNull(11) ? null : reader.GetString(11),
            });
        }

        return stages;
    }

    private static RunRecord ReadRun(SqliteDataReader reader) => new()
    {
        Id = reader.GetString(0),
        Pipeline = reader.GetString(1),
        State = reader.GetString(2),
        SubmittedAt = ParseTime(reader.GetString(3))!.Value,
        StartedAt = ParseTime(reader.IsDBNull(4) ? null : reader.GetString(4)),
        FinishedAt = ParseTime(reader.IsDBNull(5) ? null : reader.GetString(5)),
        Attempts = reader.GetInt32(6),
        Error = reader.IsDBNull(7) ? null : reader.GetString(7),
    };

    private static string Now() => DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture);

    private static DateTimeOffset? ParseTime(string? text) =>
        text is null ? null : DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind);

    /// <summary>Adds a column that a database made by an older daemon lacks.</summary>
    private void AddColumnIfMissing(string table, string column, string type)
    {
        using var command = Command($"SELECT COUNT(*) FROM pragma_table_info('{table}') WHERE name = $column", ("$column", column));
        if ((long)command.ExecuteScalar()! == 0)
        {
            Execute($"ALTER TABLE {table} ADD COLUMN {column} {type}");
        }
    }

    private SqliteTransaction Begin() => _transaction = _connection.BeginTransaction();

    private int Execute(string sql, params (string Name, object? Value)[] parameters)
    {
        using var command = Command(sql, parameters);
        return command.ExecuteNonQuery();
    }

    private SqliteCommand Command(string sql, params (string Name, object? Value)[] parameters)
    {
        var command = _connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = _transaction?.Connection is null ? null : _transaction;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        }

        return command;
    }
}
