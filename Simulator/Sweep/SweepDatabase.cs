using Microsoft.Data.Sqlite;
using Sim.Config;

namespace Sim.Sweep;

/// <summary>
/// A sweep's results in SQLite: one row per point, keyed by the point's configuration hash. The
/// journal is in WAL mode with full sync, and each point is written in its own transaction with a
/// plain INSERT, so a process killed at any moment leaves every finished point whole and no
/// unfinished one, and a point can never be stored twice. Writes are serialised by a lock: the
/// workers of one sweep share one connection.
/// </summary>
internal sealed class SweepDatabase : IDisposable
{
    private const string RequiredColumns =
        "key, sweep, point_index, axes, scenario, hardware, total_cycles, latency_us, energy_uj, bit_exact, layers, wall_seconds, started_at, finished_at, pid, host, config, area_mm2, tops_per_watt";

    /// <summary>
    /// Columns added since: NULL where they do not apply (a run without the special-function unit), so a database that
    /// lacks them is given them, its rows NULL there, instead of being refused.
    /// </summary>
    private static readonly (string Name, string Type)[] NullableColumns =
    [
        ("sfu_lut_entries", "INTEGER"), ("sfu_interpolation", "TEXT"), ("sfu_table_format", "TEXT"),
        ("sfu_area_mm2", "REAL"), ("sfu_pj_per_lookup", "REAL"), ("sfu_max_abs_error", "REAL"), ("sfu_max_ulp_error", "REAL"),
    ];

    private static readonly string Columns = RequiredColumns + ", " + string.Join(", ", NullableColumns.Select(c => c.Name));

    private readonly SqliteConnection _connection;
    private readonly Lock _lock = new();

    public string Path { get; }

    private SweepDatabase(string path, SqliteConnection connection)
    {
        Path = path;
        _connection = connection;
    }

    /// <summary>Opens (creating if needed) the database at <paramref name="path"/>.</summary>
    public static SweepDatabase Open(string path, bool create = true)
    {
        if (string.IsNullOrWhiteSpace(path) || path.IndexOfAny(System.IO.Path.GetInvalidPathChars()) >= 0)
            throw new InputError("sweep database: expected a file path, got an empty one or one with a control character");
        if (!create || Directory.Exists(path))
            InputPath.RequireFile(path, "a sweep database");
        string? dir = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path));
        try
        {
            if (dir != null) Directory.CreateDirectory(dir);
        }
        catch (IOException e)
        {
            // A part of the path is a file, say.
            throw new InputError($"{path}: cannot create its folder ({e.Message})");
        }
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Pooling = false,
            Mode = create ? SqliteOpenMode.ReadWriteCreate : SqliteOpenMode.ReadWrite,
        }.ToString());
        try
        {
            connection.Open();
            Execute(connection, "PRAGMA journal_mode=WAL;");
            Execute(connection, "PRAGMA synchronous=FULL;");
            Execute(connection, "PRAGMA busy_timeout=30000;");
            Execute(connection, """
                CREATE TABLE IF NOT EXISTS points (
                  key TEXT PRIMARY KEY NOT NULL,
                  sweep TEXT NOT NULL,
                  point_index INTEGER NOT NULL,
                  axes TEXT NOT NULL,
                  scenario TEXT NOT NULL,
                  hardware TEXT NOT NULL,
                  total_cycles INTEGER NOT NULL,
                  latency_us REAL NOT NULL,
                  energy_uj REAL NOT NULL,
                  bit_exact INTEGER NOT NULL,
                  layers TEXT NOT NULL,
                  wall_seconds REAL NOT NULL,
                  started_at TEXT NOT NULL,
                  finished_at TEXT NOT NULL,
                  pid INTEGER NOT NULL,
                  host TEXT NOT NULL,
                  config TEXT NOT NULL,
                  area_mm2 REAL NOT NULL,
                  tops_per_watt REAL NOT NULL
                ) WITHOUT ROWID;
                """);
            CheckColumns(connection, path);
            var present = ColumnNames(connection);
            foreach (var (name, type) in NullableColumns.Where(c => !present.Contains(c.Name)))
                Execute(connection, $"ALTER TABLE points ADD COLUMN {name} {type}");
        }
        catch (SqliteException e)
        {
            connection.Dispose();
            throw new InputError($"{path}: not a usable sweep database: {e.Message}");
        }
        return new SweepDatabase(path, connection);
    }

    /// <summary>A database an older sim wrote, or another program, lacks columns: one clear error, not a failed query later.</summary>
    private static void CheckColumns(SqliteConnection connection, string path)
    {
        var present = ColumnNames(connection);
        var missing = RequiredColumns.Split(", ").Where(c => !present.Contains(c)).ToList();
        if (missing.Count > 0)
            throw new InputError($"{path}: its table 'points' lacks the columns {string.Join(", ", missing)} (written by an older sim? run the sweep again into a new database)");
    }

    private static HashSet<string> ColumnNames(SqliteConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT name FROM pragma_table_info('points')";
        using var reader = command.ExecuteReader();
        var present = new HashSet<string>(StringComparer.Ordinal);
        while (reader.Read()) present.Add(reader.GetString(0));
        return present;
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    /// <summary>The keys of every point stored.</summary>
    public HashSet<string> Keys()
    {
        lock (_lock)
        {
            using var command = _connection.CreateCommand();
            command.CommandText = "SELECT key FROM points";
            using var reader = command.ExecuteReader();
            var keys = new HashSet<string>(StringComparer.Ordinal);
            while (reader.Read()) keys.Add(reader.GetString(0));
            return keys;
        }
    }

    public long Count()
    {
        lock (_lock)
        {
            using var command = _connection.CreateCommand();
            command.CommandText = "SELECT COUNT(*) FROM points";
            return (long)command.ExecuteScalar()!;
        }
    }

    /// <summary>Stores one point in its own transaction; false (and nothing written) if its key is already there.</summary>
    public bool Insert(PointRecord r)
    {
        lock (_lock)
        {
            using var transaction = _connection.BeginTransaction();
            using var command = _connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = $"INSERT INTO points ({Columns}) VALUES ($key, $sweep, $point_index, $axes, $scenario, $hardware, $total_cycles, $latency_us, $energy_uj, $bit_exact, $layers, $wall_seconds, $started_at, $finished_at, $pid, $host, $config, $area_mm2, $tops_per_watt, $sfu_lut_entries, $sfu_interpolation, $sfu_table_format, $sfu_area_mm2, $sfu_pj_per_lookup, $sfu_max_abs_error, $sfu_max_ulp_error)";
            command.Parameters.AddWithValue("$key", r.Key);
            command.Parameters.AddWithValue("$sweep", r.Sweep);
            command.Parameters.AddWithValue("$point_index", r.PointIndex);
            command.Parameters.AddWithValue("$axes", r.AxesJson);
            command.Parameters.AddWithValue("$scenario", r.Scenario);
            command.Parameters.AddWithValue("$hardware", r.Hardware);
            command.Parameters.AddWithValue("$total_cycles", r.TotalCycles);
            command.Parameters.AddWithValue("$latency_us", r.LatencyUs);
            command.Parameters.AddWithValue("$energy_uj", r.EnergyUj);
            command.Parameters.AddWithValue("$bit_exact", r.BitExact ? 1 : 0);
            command.Parameters.AddWithValue("$layers", r.LayersJson);
            command.Parameters.AddWithValue("$wall_seconds", r.WallSeconds);
            command.Parameters.AddWithValue("$started_at", r.StartedAt);
            command.Parameters.AddWithValue("$finished_at", r.FinishedAt);
            command.Parameters.AddWithValue("$pid", r.Pid);
            command.Parameters.AddWithValue("$host", r.Host);
            command.Parameters.AddWithValue("$config", r.Config);
            command.Parameters.AddWithValue("$area_mm2", r.AreaMm2);
            command.Parameters.AddWithValue("$tops_per_watt", r.TopsPerWatt);
            command.Parameters.AddWithValue("$sfu_lut_entries", (object?)r.Sfu?.LutEntries ?? DBNull.Value);
            command.Parameters.AddWithValue("$sfu_interpolation", (object?)r.Sfu?.Interpolation ?? DBNull.Value);
            command.Parameters.AddWithValue("$sfu_table_format", (object?)r.Sfu?.TableFormat ?? DBNull.Value);
            command.Parameters.AddWithValue("$sfu_area_mm2", (object?)r.Sfu?.AreaMm2 ?? DBNull.Value);
            command.Parameters.AddWithValue("$sfu_pj_per_lookup", (object?)r.Sfu?.PjPerLookup ?? DBNull.Value);
            command.Parameters.AddWithValue("$sfu_max_abs_error", (object?)r.Sfu?.MaxAbsError ?? DBNull.Value);
            command.Parameters.AddWithValue("$sfu_max_ulp_error", (object?)r.Sfu?.MaxUlpError ?? DBNull.Value);
            try
            {
                command.ExecuteNonQuery();
            }
            catch (SqliteException e) when (e.SqliteErrorCode == 19) // SQLITE_CONSTRAINT: the key is already stored
            {
                transaction.Rollback();
                return false;
            }
            transaction.Commit();
            return true;
        }
    }

    /// <summary>Every stored point, in sweep order (point index, then key).</summary>
    public List<PointRecord> All()
    {
        lock (_lock)
        {
            using var command = _connection.CreateCommand();
            command.CommandText = $"SELECT {Columns} FROM points ORDER BY point_index, key";
            using var reader = command.ExecuteReader();
            var list = new List<PointRecord>();
            while (reader.Read())
                list.Add(new PointRecord(
                    reader.GetString(0), reader.GetString(1), reader.GetInt32(2), reader.GetString(3), reader.GetString(4),
                    reader.GetString(5), reader.GetInt64(6), reader.GetDouble(7), reader.GetDouble(8), reader.GetInt64(9) != 0,
                    reader.GetString(10), reader.GetDouble(11), reader.GetString(12), reader.GetString(13), reader.GetInt32(14),
                    reader.GetString(15), reader.GetString(16))
                {
                    AreaMm2 = reader.GetDouble(17),
                    TopsPerWatt = reader.GetDouble(18),
                    // The seven are written together: one NULL means a run without the SFU.
                    Sfu = reader.IsDBNull(19) ? null
                        : new SfuPointFigures(reader.GetInt32(19), reader.GetString(20), reader.GetString(21),
                            reader.GetDouble(22), reader.GetDouble(23), reader.GetDouble(24), reader.GetDouble(25)),
                });
            return list;
        }
    }

    /// <summary>
    /// Copies every point of <paramref name="inputs"/> into <paramref name="output"/> (created if
    /// needed), a key already present being kept once. Returns points added and duplicates skipped.
    /// </summary>
    public static (int Added, int Duplicates) Merge(string output, IEnumerable<string> inputs)
    {
        using var db = Open(output);
        int added = 0, duplicates = 0;
        foreach (string input in inputs)
        {
            if (System.IO.Path.GetFullPath(input) == System.IO.Path.GetFullPath(output))
                throw new InputError($"{input}: is the output database too");
            using var source = Open(input, create: false);
            foreach (var r in source.All())
            {
                if (db.Insert(r)) added++;
                else duplicates++;
            }
        }
        return (added, duplicates);
    }

    public void Dispose() => _connection.Dispose();
}
