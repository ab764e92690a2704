using Microsoft.Data.Sqlite;
using SeCo.Host.Daemon;
using SeCo.Testing;

namespace SeCo.Host.Tests.Daemon;

public sealed class RunStoreMigrationTests
{
    [Fact]
    public void Database_of_an_older_daemon_gets_the_stage_cache_column_and_keeps_its_runs()
    {
        using var directory = new TempDirectory("seco-store");
        using (var old = new SqliteConnection($"Data Source={directory.File(RunStore.FileName)};Pooling=False"))
        {
            old.Open();
            using var command = old.CreateCommand();
            // The stages table as daemons before the cache explanation created it, with one run.
            command.CommandText = """
                CREATE TABLE runs(seq INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT NOT NULL UNIQUE, pipeline TEXT NOT NULL, pipeline_file TEXT NOT NULL,
                    document BLOB NOT NULL, sets TEXT NOT NULL, state TEXT NOT NULL, submitted_at TEXT NOT NULL, started_at TEXT, finished_at TEXT,
                    attempts INTEGER NOT NULL DEFAULT 0, error TEXT);
                CREATE TABLE stages(run_id TEXT NOT NULL, stage_id TEXT NOT NULL, ordinal INTEGER NOT NULL, use TEXT NOT NULL, state TEXT NOT NULL,
                    done INTEGER, total INTEGER, phase TEXT, started_at TEXT, finished_at TEXT, seconds REAL, output_dir TEXT, error TEXT,
                    PRIMARY KEY(run_id, stage_id));
                INSERT INTO runs(id, pipeline, pipeline_file, document, sets, state, submitted_at) VALUES('r1', 'p', 'p.json', x'7B7D', '[]', 'succeeded', '2026-01-01T00:00:00.0000000+00:00');
                INSERT INTO stages(run_id, stage_id, ordinal, use, state) VALUES('r1', 's', 0, 'test.source', 'succeeded');
                """;
            command.ExecuteNonQuery();
        }

        using var store = new RunStore(directory.Path);
        store.Get("r1")!.Stages.Single().Cache.Should().BeNull();

        store.UpdateStageCache("r1", "s", "first run");

        store.Get("r1")!.Stages.Single().Cache.Should().Be("first run");
    }
}
