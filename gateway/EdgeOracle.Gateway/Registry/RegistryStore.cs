using System;
using System.Collections.Generic;
using System.Data.Common;
using System.Threading;
using System.Threading.Tasks;
using EdgeOracle.Protocol;
using static EdgeOracle.Gateway.Storage.AdoCommands;

namespace EdgeOracle.Gateway.Registry;

/// <summary>One registry event as the follower applies it.</summary>
/// <param name="Device">The device.</param>
/// <param name="Owner">Its owner.</param>
/// <param name="Role">The role (registration) or the role it had (revocation: kept from the registration).</param>
/// <param name="Active">True for DeviceRegistered, false for DeviceRevoked.</param>
/// <param name="BlockNumber">The event's block.</param>
public readonly record struct RegistryEvent(Address Device, Address Owner, DeviceRole Role, bool Active, long BlockNumber);

/// <summary>
/// The follower's state: each followed device's latest state (<c>registry_devices</c>) and the next block to read
/// (<c>registry_cursor</c>). Events and the cursor are written in one transaction that moves the cursor by
/// compare-and-set, so a restart resumes exactly after the last applied block, and of several gateways that share the
/// store (<see cref="PostgresRegistryStore"/>) exactly one applies each range of blocks. The SQL is the same on SQLite
/// (<see cref="SqliteRegistryStore"/>) and PostgreSQL.
/// </summary>
public abstract class RegistryStore
{
    /// <summary>The next block to read, or null when nothing was read yet.</summary>
    public async Task<long?> GetCursorAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = Command(connection, null, "SELECT next_block FROM registry_cursor WHERE id = 1");
        return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is long next ? next : null;
    }

    /// <summary>The latest state of every device whose last event is in block <paramref name="sinceBlock"/> or later (0: all).</summary>
    public async Task<IReadOnlyDictionary<Address, DeviceInfo>> LoadDevicesAsync(long sinceBlock, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = Command(connection, null, "SELECT device, owner, role, active FROM registry_devices WHERE block_number >= @since", ("@since", sinceBlock));
        var devices = new Dictionary<Address, DeviceInfo>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            devices[new Address((byte[])reader[0])] = new DeviceInfo(new Address((byte[])reader[1]), (DeviceRole)reader.GetInt32(2), reader.GetInt32(3) != 0);
        }

        return devices;
    }

    /// <summary>
    /// Applies events (in chain order) and moves the cursor from <paramref name="expectedCursor"/> (null: no cursor
    /// stored yet) to <paramref name="nextBlock"/>, in one transaction. Returns false, having written nothing, when the
    /// cursor was no longer <paramref name="expectedCursor"/>: another gateway applied these blocks first.
    /// </summary>
    public async Task<bool> ApplyAsync(IReadOnlyList<RegistryEvent> events, long? expectedCursor, long nextBlock, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using (var cursor = expectedCursor is { } expected
            ? Command(connection, transaction, "UPDATE registry_cursor SET next_block = @next WHERE id = 1 AND next_block = @expected", ("@next", nextBlock), ("@expected", expected))
            : Command(connection, transaction, "INSERT INTO registry_cursor (id, next_block) VALUES (1, @next) ON CONFLICT (id) DO NOTHING", ("@next", nextBlock)))
        {
            if (await cursor.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 0)
            {
                await transaction.RollbackAsync(cancellationToken).ConfigureAwait(false);
                return false;
            }
        }

        foreach (var e in events)
        {
            // A revocation keeps the role the registration gave (the event does not carry it).
            await using var upsert = Command(
                connection,
                transaction,
                """
                INSERT INTO registry_devices (device, owner, role, active, block_number) VALUES (@device, @owner, @role, @active, @block)
                ON CONFLICT (device) DO UPDATE SET owner = excluded.owner,
                    role = CASE WHEN excluded.active = 1 THEN excluded.role ELSE registry_devices.role END,
                    active = excluded.active, block_number = excluded.block_number
                """,
                ("@device", e.Device.ToArray()),
                ("@owner", e.Owner.ToArray()),
                ("@role", (int)e.Role),
                ("@active", e.Active ? 1 : 0),
                ("@block", e.BlockNumber));
            await upsert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return true;
    }

    /// <summary>A connection to the tables, created if missing.</summary>
    protected abstract ValueTask<DbConnection> OpenAsync(CancellationToken cancellationToken);
}
