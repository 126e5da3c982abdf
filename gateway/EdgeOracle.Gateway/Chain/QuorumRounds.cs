using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using EdgeOracle.Protocol;
using EdgeOracle.Protocol.Wire;

namespace EdgeOracle.Gateway.Chain;

/// <summary>The window a QuorumInsurance round is about: one region's readings of one metric over one window.</summary>
/// <param name="RegionId">The region (QuorumInsurance.createRegion).</param>
/// <param name="Metric">The observations' metric.</param>
/// <param name="WindowStart">Window start, unix seconds.</param>
/// <param name="WindowEnd">Window end, unix seconds.</param>
public readonly record struct RoundKey(uint RegionId, uint Metric, ulong WindowStart, ulong WindowEnd)
{
    /// <inheritdoc />
    public override string ToString() => $"region {RegionId}, metric {Metric}, window {WindowStart}–{WindowEnd}";
}

/// <summary>Where a sensor sits in QuorumInsurance: its region (0: none), its index there and the region's size.</summary>
/// <param name="RegionId">The region, or 0 when the sensor is in none.</param>
/// <param name="Index">Its position in <c>regionSensors(regionId)</c>.</param>
/// <param name="RegionSize">How many sensors the region has: a round with that many items decides its window at once.</param>
public readonly record struct SensorMembership(uint RegionId, byte Index, int RegionSize)
{
    /// <summary>Whether the sensor is in a region.</summary>
    public bool InRegion => RegionId != 0;
}

/// <summary>
/// What the relayer knows of QuorumInsurance's regions, read from the contract (<c>sensorState</c>,
/// <c>regionSensors</c>) and kept: a sensor's region never changes once assigned (createRegion writes it once), so a
/// membership is read once; a sensor found in no region is asked again after <see cref="UnassignedRecheck"/>, since an
/// insurer may create its region later.
/// </summary>
public sealed class SensorRegions
{
    /// <summary>
    /// How long "in no region" is believed before the contract is asked again: short, since such a reading is marked
    /// "stored, not relayed" for good, and a region may have been created for the sensor a moment ago.
    /// </summary>
    public static readonly TimeSpan UnassignedRecheck = TimeSpan.FromSeconds(5);

    private readonly object _gate = new();
    private readonly Dictionary<Address, (SensorMembership Membership, DateTimeOffset Until)> _known = [];

    /// <summary>The membership of <paramref name="sensor"/>, if it was read.</summary>
    public bool TryGet(Address sensor, out SensorMembership membership)
    {
        lock (_gate)
        {
            if (_known.TryGetValue(sensor, out var entry))
            {
                membership = entry.Membership;
                return true;
            }
        }

        membership = default;
        return false;
    }

    /// <summary>
    /// Reads from <paramref name="contract"/> the memberships not known (or "in no region" for longer than
    /// <see cref="UnassignedRecheck"/>). Throws <see cref="ChainUnavailableException"/> when the node cannot answer.
    /// </summary>
    public async Task ResolveAsync(IEnumerable<Address> sensors, IChainClient chain, string contract, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sensors);
        ArgumentNullException.ThrowIfNull(chain);
        List<Address> wanted;
        lock (_gate)
        {
            wanted = sensors.Distinct().Where(s => !_known.TryGetValue(s, out var entry) || entry.Until <= now).ToList();
        }

        foreach (var sensor in wanted)
        {
            var membership = await chain.GetSensorMembershipAsync(contract, sensor, cancellationToken).ConfigureAwait(false);
            lock (_gate)
            {
                _known[sensor] = (membership, membership.InRegion ? DateTimeOffset.MaxValue : now + UnassignedRecheck);
            }
        }
    }
}

/// <summary>
/// The packed items of <c>QuorumInsurance.submitRound</c> (contracts/src/insurance/libraries/QuorumRound.sol): per item
/// 122 bytes, big-endian, no padding — index (uint8) ‖ sequence (uint64) ‖ value (int64) ‖ sampleCount (uint32) ‖ flags
/// (uint32) ‖ prevHash (bytes32) ‖ the device's 65-byte signature. The device, metric and window are not packed: the
/// contract rebuilds them from the region's sensor at the index and the round key.
/// </summary>
public static class QuorumItems
{
    /// <summary>Bytes per item (QuorumRound.ITEM_LENGTH).</summary>
    public const int ItemLength = 122;

    /// <summary>Most items in a round: one per sensor of the region.</summary>
    public const int MaxItems = ContractLimits.MaxRegionSensors;

    /// <summary>The round key of an observation of a sensor in <paramref name="membership"/>'s region.</summary>
    public static RoundKey KeyOf(in Observation body, SensorMembership membership) =>
        new(membership.RegionId, body.Metric, body.WindowStart, body.WindowEnd);

    /// <summary>Writes one item into <paramref name="destination"/> (at least <see cref="ItemLength"/> bytes).</summary>
    public static void Write(Span<byte> destination, byte index, ObservationEnvelope envelope)
    {
        ArgumentNullException.ThrowIfNull(envelope);
        if (destination.Length < ItemLength)
        {
            throw new ArgumentException($"An item takes {ItemLength} bytes.", nameof(destination));
        }

        var body = envelope.Body;
        destination[0] = index;
        BinaryPrimitives.WriteUInt64BigEndian(destination[1..], body.Sequence);
        BinaryPrimitives.WriteInt64BigEndian(destination[9..], body.Value);
        BinaryPrimitives.WriteUInt32BigEndian(destination[17..], body.SampleCount);
        BinaryPrimitives.WriteUInt32BigEndian(destination[21..], body.Flags);
        body.PrevHash.CopyTo(destination[25..]);
        envelope.Signature.CopyTo(destination[57..]);
    }
}
