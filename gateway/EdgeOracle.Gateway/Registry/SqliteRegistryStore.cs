using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using EdgeOracle.Gateway.Options;
using EdgeOracle.Gateway.Protocol;
using EdgeOracle.Gateway.Storage;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace EdgeOracle.Gateway.Registry;

/// <summary>One registry event as the follower applies it.</summary>
/// <param name="Device">The device.</param>
/// <param name="Owner">Its owner.</param>
/// <param name="Role">The role (registration) or the role it had (revocation: kept from the registration).</param>
/// <param name="Active">True for DeviceRegistered, false for DeviceRevoked.</param>
/// <param name="BlockNumber">The event's block.</param>
public readonly record struct RegistryEvent(Address Device, Address Owner, DeviceRole Role, bool Active, long BlockNumber);

/// <summary>
/// The follower's state in the gateway's SQLite file: each followed device's latest state and the next block to read.
/// Events and the cursor are written in one transaction, so a restart resumes exactly after the last applied block.
/// </summary>
public sealed class SqliteRegistryStore
{
    private const string Schema = """
        CREATE TABLE IF NOT EXISTS registry_devices (
            device       BLOB    NOT NULL PRIMARY KEY,
            owner        BLOB    NOT NULL,
            role         INTEGER NOT NULL,
            active       INTEGER NOT NULL,
            block_number INTEGER NOT NULL
        ) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS registry_cursor (
            id         INTEGER PRIMARY KEY CHECK (id = 1),
            next_block INTEGER NOT NULL
        );
        """;

    private readonly SideTables _tables;

    /// <summary>Uses the file of <see cref="StorageOptions.Path"/>.</summary>
    public SqliteRegistryStore(IOptions<StorageOptions> options)
    {
        _tables = new SideTables(options.Value.Path, Schema);
    }

    /// <summary>The next block to read, or null when nothing was read yet.</summary>
    public async Task<long?> GetCursorAsync(CancellationToken cancellationToken)
    {
        await using var connection = await _tables.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT next_block FROM registry_cursor WHERE id = 1";
        return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is long next ? next : null;
    }

    /// <summary>Every followed device's latest state.</summary>
    public async Task<IReadOnlyDictionary<Address, DeviceInfo>> LoadDevicesAsync(CancellationToken cancellationToken)
    {
        await using var connection = await _tables.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT device, owner, role, active FROM registry_devices";
        var devices = new Dictionary<Address, DeviceInfo>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            devices[new Address((byte[])reader[0])] = new DeviceInfo(new Address((byte[])reader[1]), (DeviceRole)reader.GetInt32(2), reader.GetInt32(3) != 0);
        }

        return devices;
    }

    /// <summary>Applies events (in chain order) and moves the cursor to <paramref name="nextBlock"/>, in one transaction.</summary>
    public async Task ApplyAsync(IReadOnlyList<RegistryEvent> events, long nextBlock, CancellationToken cancellationToken)
    {
        await using var connection = await _tables.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        foreach (var e in events)
        {
            await using var upsert = connection.CreateCommand();
            upsert.Transaction = transaction;
            // A revocation keeps the role the registration gave (the event does not carry it).
            upsert.CommandText = """
                INSERT INTO registry_devices (device, owner, role, active, block_number) VALUES ($device, $owner, $role, $active, $block)
                ON CONFLICT (device) DO UPDATE SET owner = excluded.owner,
                    role = CASE WHEN excluded.active = 1 THEN excluded.role ELSE registry_devices.role END,
                    active = excluded.active, block_number = excluded.block_number
                """;
            upsert.Parameters.AddWithValue("$device", e.Device.ToArray());
            upsert.Parameters.AddWithValue("$owner", e.Owner.ToArray());
            upsert.Parameters.AddWithValue("$role", (int)e.Role);
            upsert.Parameters.AddWithValue("$active", e.Active ? 1 : 0);
            upsert.Parameters.AddWithValue("$block", e.BlockNumber);
            await upsert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await using (var cursor = connection.CreateCommand())
        {
            cursor.Transaction = transaction;
            cursor.CommandText = "INSERT INTO registry_cursor (id, next_block) VALUES (1, $next) ON CONFLICT (id) DO UPDATE SET next_block = excluded.next_block";
            cursor.Parameters.AddWithValue("$next", nextBlock);
            await cursor.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }
}
