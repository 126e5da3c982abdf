using System;
using System.Collections.Generic;
using System.Linq;
using EdgeOracle.Gateway.Storage;
using EdgeOracle.Protocol;
using EdgeOracle.Protocol.Eip712;
using EdgeOracle.Protocol.Nethereum;
using EdgeOracle.Protocol.Wire;
using Nethereum.Contracts;

namespace EdgeOracle.Gateway.Chain;

/// <summary>The contract a stored message goes to (<see cref="RelayRoute"/> decides).</summary>
public enum RelayTarget
{
    /// <summary>No contract takes it (an observation of a sensor in no QuorumInsurance region): stored, not relayed.</summary>
    None,

    /// <summary><c>PaymentHub.settleBatch</c>: payments in the intent's own token, in batches.</summary>
    PaymentHub,

    /// <summary><c>RevenueDistributor.submitProduction</c>: energy-meter readings, in batches.</summary>
    RevenueDistributor,

    /// <summary><c>QuorumInsurance.submitRound</c>: the readings of one region's sensors for one window.</summary>
    Quorum,

    /// <summary>
    /// <c>PaymentHub.settleCrossBorder</c>: a sale paid in another token than the intent's, one per transaction (the
    /// call reverts for a bad item, e.g. a swap that needs more than the customer's max-in).
    /// </summary>
    CrossBorder,
}

/// <summary>
/// One item of a relayed call: the message's device and sequence, and the key the target's events name it by (the
/// intent digest for a payment; the meter, left-padded, for a production reading: a batch holds one row per device).
/// </summary>
/// <param name="Device">The message's device.</param>
/// <param name="Sequence">Its sequence.</param>
/// <param name="EventKey">The 32-byte topic the target's per-item events carry for it.</param>
public readonly record struct RelayItem(Address Device, ulong Sequence, Bytes32 EventKey);

/// <summary>
/// One contract call the relayer makes for one or more stored messages: the target contract, the function message and
/// the items it carries, in call order.
/// </summary>
/// <param name="Contract">Address of the contract called.</param>
/// <param name="Function">The Nethereum function message (its ABI encoding is the transaction's data).</param>
/// <param name="Target">Which contract it is.</param>
/// <param name="Items">The messages it carries, in call order.</param>
public sealed record RelayCall(string Contract, FunctionMessage Function, RelayTarget Target, IReadOnlyList<RelayItem> Items)
{
    private string? _data;

    /// <summary>
    /// The ABI-encoded call data (selector and arguments), 0x-prefixed hex: the transaction's data. Encoded once, on
    /// first use (Nethereum's encoder takes milliseconds for a batch of 64), and shared by the estimate, the signature
    /// and every fee bump.
    /// </summary>
    public string Data => _data ??= "0x" + Convert.ToHexStringLower(Function switch
    {
        SettleBatchFunction batch => batch.GetCallData(),
        SubmitProductionFunction production => production.GetCallData(),
        SubmitRoundFunction round => round.GetCallData(),
        SettleCrossBorderFunction crossBorder => crossBorder.GetCallData(),
        _ => throw new NotSupportedException($"No relay for {Function.GetType().Name}."),
    });

    /// <summary>
    /// Builds the call for stored payloads that <see cref="RelayRoute"/> sent to one <paramref name="target"/>: one sale
    /// for settleCrossBorder, a batch otherwise. Throws <see cref="FormatException"/> for a payload that cannot be read.
    /// </summary>
    public static RelayCall For(RelayTarget target, IReadOnlyList<OutboxItem> rows, RelayAddresses addresses)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(addresses);
        if (rows.Count == 0)
        {
            throw new ArgumentException("A call carries at least one row.", nameof(rows));
        }

        switch (target)
        {
            case RelayTarget.None:
                throw new ArgumentException("No contract takes these rows: they are not relayed.", nameof(target));

            case RelayTarget.Quorum:
                return ForRound(rows, addresses);

            case RelayTarget.CrossBorder:
                if (rows.Count != 1)
                {
                    throw new ArgumentException("settleCrossBorder takes one sale per call.", nameof(rows));
                }

                var sale = ReadPayment(rows[0]);
                if (sale.CrossBorder is not { } terms)
                {
                    throw new FormatException($"Stored row {rows[0].Id} is a payment in the intent's own token, not a cross-border one.");
                }

                var body = sale.Intent.Body;
                var crossBorder = new SettleCrossBorderFunction
                {
                    Intent = PaymentIntentStruct.Of(body),
                    TerminalSignature = sale.Intent.Signature.ToArray(),
                    Auth = CrossBorderAuthorizationStruct.Of(sale.Authorization, terms),
                };
                return new RelayCall(
                    addresses.PaymentHub, crossBorder, target,
                    [new RelayItem(body.Terminal, body.Sequence, addresses.DeviceDomain.Digest(TypedDataHasher.StructHash(body)))]);

            case RelayTarget.RevenueDistributor:
                var production = new SubmitProductionFunction();
                var readings = new List<RelayItem>(rows.Count);
                foreach (var row in rows)
                {
                    var envelope = ReadObservation(row);
                    production.Observations.Add(ObservationStruct.Of(envelope.Body));
                    production.Signatures.Add(envelope.Signature.ToArray());
                    readings.Add(new RelayItem(envelope.Body.Device, envelope.Body.Sequence, AddressTopic(envelope.Body.Device)));
                }

                return new RelayCall(addresses.RevenueDistributor, production, target, readings);

            default:
                var batch = new SettleBatchFunction();
                var payments = new List<RelayItem>(rows.Count);
                foreach (var row in rows)
                {
                    var submission = ReadPayment(row);
                    if (submission.IsCrossBorder)
                    {
                        throw new FormatException($"Stored row {row.Id} is a cross-border payment; it goes to settleCrossBorder, not in a batch.");
                    }

                    var intent = submission.Intent.Body;
                    batch.Intents.Add(PaymentIntentStruct.Of(intent));
                    batch.TerminalSignatures.Add(submission.Intent.Signature.ToArray());
                    batch.Auths.Add(CustomerAuthorizationStruct.Of(submission.Authorization));
                    payments.Add(new RelayItem(intent.Terminal, intent.Sequence, addresses.DeviceDomain.Digest(TypedDataHasher.StructHash(intent))));
                }

                return new RelayCall(addresses.PaymentHub, batch, target, payments);
        }
    }

    /// <summary>
    /// One <c>submitRound</c> for observations of one region's sensors on one window (their memberships must be
    /// known to <see cref="RelayAddresses.Regions"/>); items in row order, each named by its device in the events.
    /// </summary>
    private static RelayCall ForRound(IReadOnlyList<OutboxItem> rows, RelayAddresses addresses)
    {
        if (rows.Count > QuorumItems.MaxItems)
        {
            throw new ArgumentException($"A round carries at most {QuorumItems.MaxItems} readings.", nameof(rows));
        }

        var items = new byte[rows.Count * QuorumItems.ItemLength];
        var relayed = new List<RelayItem>(rows.Count);
        RoundKey? key = null;
        for (var i = 0; i < rows.Count; i++)
        {
            var envelope = ReadObservation(rows[i]);
            var device = envelope.Body.Device;
            if (!addresses.Regions.TryGet(device, out var membership) || !membership.InRegion)
            {
                throw new ArgumentException($"Sensor {device} of row {rows[i].Id} is in no QuorumInsurance region known to the relayer.", nameof(rows));
            }

            var own = QuorumItems.KeyOf(envelope.Body, membership);
            if (key is { } shared && shared != own)
            {
                throw new ArgumentException($"Row {rows[i].Id} belongs to round ({own}), not ({shared}).", nameof(rows));
            }

            key = own;
            QuorumItems.Write(items.AsSpan(i * QuorumItems.ItemLength), membership.Index, envelope);
            relayed.Add(new RelayItem(device, envelope.Body.Sequence, AddressTopic(device)));
        }

        var round = key!.Value;
        var function = new SubmitRoundFunction
        {
            RegionId = round.RegionId,
            Metric = round.Metric,
            WindowStart = round.WindowStart,
            WindowEnd = round.WindowEnd,
            Items = items,
        };
        return new RelayCall(addresses.QuorumInsurance, function, RelayTarget.Quorum, relayed);
    }

    /// <summary>The round a Quorum call is about.</summary>
    public RoundKey Round => Function is SubmitRoundFunction round
        ? new RoundKey(round.RegionId, round.Metric, round.WindowStart, round.WindowEnd)
        : throw new InvalidOperationException("Not a QuorumInsurance round.");

    /// <summary>A 20-byte address as the 32-byte topic of an indexed event argument.</summary>
    internal static Bytes32 AddressTopic(Address address)
    {
        Span<byte> word = stackalloc byte[32];
        address.CopyTo(word[12..]);
        return new Bytes32(word);
    }

    private static ObservationEnvelope ReadObservation(OutboxItem row)
    {
        if (row.Kind != MessageKind.Observation
            || EnvelopeDecoder.ReadHeader(row.Payload, out var header) != ReasonCode.Accepted || header != MessageKind.Observation
            || EnvelopeDecoder.ReadObservation(row.Payload, out var envelope) != ReasonCode.Accepted)
        {
            throw new FormatException($"Stored row {row.Id} is not a readable observation.");
        }

        return envelope!;
    }

    private static PaymentSubmission ReadPayment(OutboxItem row)
    {
        if (row.Kind != MessageKind.PaymentIntent
            || EnvelopeDecoder.ReadHeader(row.Payload, out var header) != ReasonCode.Accepted || header != MessageKind.PaymentIntent
            || EnvelopeDecoder.ReadPaymentSubmission(row.Payload, out var submission) != ReasonCode.Accepted)
        {
            throw new FormatException($"Stored row {row.Id} is not a readable payment submission.");
        }

        return submission!;
    }
}

/// <summary>The contracts the relayer calls and the device domain (payment digests), from the chain options.</summary>
/// <param name="PaymentHub">PaymentHub.</param>
/// <param name="RevenueDistributor">RevenueDistributor, or empty (energy readings are then routed as other observations).</param>
/// <param name="DeviceDomain">The EdgeOracle domain devices sign under.</param>
/// <param name="QuorumInsurance">QuorumInsurance, or empty (no other observation is then relayed).</param>
public sealed record RelayAddresses(string PaymentHub, string RevenueDistributor, Eip712Domain DeviceDomain, string QuorumInsurance = "")
{
    /// <summary>The QuorumInsurance memberships read so far (the relayer resolves them before it routes).</summary>
    public SensorRegions Regions { get; init; } = new();

    /// <summary>From validated chain options.</summary>
    public static RelayAddresses Of(Options.ChainOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new RelayAddresses(
            options.PaymentHubAddress,
            options.RevenueDistributorAddress,
            Eip712Domain.ForDevices((ulong)options.ChainId, Address.Parse(options.DeviceRegistryAddress)),
            options.QuorumInsuranceAddress);
    }
}
