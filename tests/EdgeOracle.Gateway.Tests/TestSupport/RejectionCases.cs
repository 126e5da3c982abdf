using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using EdgeOracle.Protocol;
using EdgeOracle.Protocol.Crypto;
using EdgeOracle.Protocol.Wire;
using Xunit;

namespace EdgeOracle.Gateway.Tests.TestSupport;

/// <summary>One way a message can be refused (or, for Duplicate, answered without a second write).</summary>
public sealed record RejectionCase(string Name, ReasonCode Expected, Func<Scenario, Task<SignedMessage>> Build)
{
    public override string ToString() => Name;
}

/// <summary>
/// Every reason code reachable in the spine, each made the way a faulty or hostile device would make it. A case may
/// send setup messages first; it never moves the scenario sensor's or terminal's chain, so the valid messages sent
/// after it must be accepted.
/// </summary>
public static class RejectionCases
{
    private const int ObservationSignature = WireFormat.ObservationSize - Signature.Size;
    private const int ObservationValueOffset = WireFormat.BodyOffset + 20 + 8 + 4 + 8 + 8;

    public static IReadOnlyList<RejectionCase> All { get; } =
    [
        Case("empty payload", ReasonCode.Truncated, s => s.Sensor.Observation(advance: false).Resized(0)),
        Case("observation one byte short", ReasonCode.Truncated, s => s.Sensor.Observation(advance: false).Resized(166)),
        // 243 bytes alone is a void (PROTOCOL.md §4); a submission cut inside the authorization is truncated.
        Case("payment with half the customer authorization", ReasonCode.Truncated, s => s.Payment(advance: false).Resized(243 + 50)),
        Case("observation one byte long", ReasonCode.Oversized, s => s.Sensor.Observation(advance: false).Resized(168)),
        Case("payload over the size limit", ReasonCode.Oversized, s => s.Sensor.Observation(advance: false).Resized(4096)),
        Case("unknown version", ReasonCode.Malformed, s => s.Sensor.Observation(advance: false).WithByte(0, 2)),
        Case("unknown kind", ReasonCode.Malformed, s => s.Sensor.Observation(advance: false).WithByte(1, 9)),
        Case("empty window", ReasonCode.Malformed, s => s.Sensor.Observation(o => o.WindowEnd = o.WindowStart, advance: false)),
        Case("reserved flag bit", ReasonCode.Malformed, s => s.Sensor.Observation(o => o.Flags = 1u << 31, advance: false)),
        Case("sequence zero", ReasonCode.Malformed, s => s.Sensor.Observation(o => o.Sequence = 0, advance: false)),
        Case("zero amount", ReasonCode.Malformed, s => s.Payment(i => i.Amount = 0, advance: false)),
        Case("customer's v is not 27 or 28", ReasonCode.Malformed, s => s.Payment(advance: false).WithByte(WireFormat.PaymentSubmissionSize - 1, 0)),
        Case("v is not 27 or 28", ReasonCode.Malformed, s => s.Sensor.Observation(advance: false).WithByte(WireFormat.ObservationSize - 1, 1)),
        Case("signed for another chain", ReasonCode.WrongDomain,
            s => new TestDevice(s.Sensor.Key.GetPrivateKey(), chainId: 1).Observation()),
        Case("signed for another registry", ReasonCode.WrongDomain,
            s => new TestDevice(s.Sensor.Key.GetPrivateKey(), registry: TestChain.Quorum).Observation()),
        Case("signed by another key", ReasonCode.BadSignature,
            s => s.Stranger.Observation(o => o.Device = s.Sensor.Address, advance: false).OnTopic(s.Sensor.Topic("obs"))),
        Case("value changed after signing", ReasonCode.BadSignature,
            s => s.Sensor.Observation(advance: false).WithByte(ObservationValueOffset + 7, 0x55)),
        Case("high-s twin of a valid signature", ReasonCode.BadSignature, s =>
        {
            var message = s.Sensor.Observation(advance: false);
            return message with { Payload = SignatureMutations.ToHighS(message.Payload, ObservationSignature) };
        }),
        Case("unregistered device", ReasonCode.UnknownDevice, s => s.Stranger.Observation(advance: false)),
        Case("revoked device", ReasonCode.UnknownDevice, s => s.Revoked.Observation(advance: false)),
        Case("sensor sends a payment", ReasonCode.WrongRole,
            s => s.Sensor.Payment(s.Customer, FakeDeviceRegistry.DefaultOwner, advance: false)),
        Case("terminal sends an observation", ReasonCode.WrongRole, s => s.Terminal.Observation(advance: false)),
        Case("meter sends a rainfall reading", ReasonCode.WrongRole, s => s.Meter.Observation(o => o.Metric = 1, advance: false)),
        Case("meter sends a payment", ReasonCode.WrongRole,
            s => s.Meter.Payment(s.Customer, FakeDeviceRegistry.DefaultOwner, advance: false)),
        Case("merchant is not the terminal's owner", ReasonCode.WrongRole,
            s => s.Terminal.Payment(s.Customer, s.Stranger.Address, advance: false)),
        Case("envelope of another device", ReasonCode.TopicMismatch,
            s => s.Sensor.Observation(advance: false).OnTopic(s.Stranger.Topic("obs"))),
        Case("observation on the pay topic", ReasonCode.TopicMismatch,
            s => s.Sensor.Observation(advance: false).OnTopic(s.Sensor.Topic("pay"))),
        Case("payment on the obs topic", ReasonCode.TopicMismatch, s => s.Payment(advance: false).OnTopic(s.Terminal.Topic("obs"))),
        Case("upper-case device in the topic", ReasonCode.TopicMismatch,
            s => s.Sensor.Observation(advance: false).OnTopic("eo/v1/0x" + s.Sensor.Address[2..].ToUpperInvariant() + "/obs")),
        new("sequence reused for another message", ReasonCode.SequenceReplayed, async s =>
        {
            await SendAcceptedAsync(s, s.Sensor.Observation());
            return s.Sensor.Observation(o => (o.Sequence, o.Value) = (s.Sensor.LastSequence, 999), advance: false);
        }),
        new("older sequence with a new body", ReasonCode.SequenceReplayed, async s =>
        {
            await SendAcceptedAsync(s, s.Sensor.Observation());
            return s.Sensor.Observation(o => o.Sequence = 1, advance: false);
        }),
        Case("a message is missing before this one", ReasonCode.HashChainBroken, s =>
        {
            var lost = s.Sensor.Observation(advance: false);
            return s.Sensor.Observation(o => (o.Sequence, o.PrevHash) = (lost.Sequence + 1, lost.Digest), advance: false);
        }),
        Case("first message with a non-zero prevHash", ReasonCode.HashChainBroken,
            s => s.NewSensor().Observation(o => o.PrevHash = Keccak256.Hash([7]).ToArray())),
        Case("intent past its expiry", ReasonCode.Expired, s => s.Payment(i => i.Expiry = TestDevice.Now - 1, advance: false)),
        Case("authorization past validBefore", ReasonCode.Expired,
            s => s.Payment(changeAuthorization: a => a.ValidBefore = TestDevice.Now, advance: false)),
        Case("authorization signed by someone else", ReasonCode.BadAuthorization,
            s => s.Payment(changeAuthorization: a => a.From = s.Stranger.Address, advance: false)),
        Case("authorization not yet valid", ReasonCode.BadAuthorization,
            s => s.Payment(changeAuthorization: a => a.ValidAfter = TestDevice.Now + 60, advance: false)),
        Case("authorization for another amount", ReasonCode.BadAuthorization,
            s => s.Payment(changeAuthorization: a => a.Value = 1, advance: false)),
        new("the same message again", ReasonCode.Duplicate, async s =>
        {
            var message = s.Sensor.Observation();
            await SendAcceptedAsync(s, message);
            return message;
        }),
        new("an already stored payment, after it expired", ReasonCode.Duplicate, async s =>
        {
            var message = s.Payment(i => i.Expiry = TestDevice.Now + 1);
            await SendAcceptedAsync(s, message);
            s.AdvanceTime(TimeSpan.FromSeconds(10));
            return message;
        }),
    ];

    /// <summary>The case names, for <c>[MemberData]</c>.</summary>
    public static TheoryData<string> Names => new(All.Select(c => c.Name));

    public static RejectionCase Named(string name) => All.Single(c => c.Name == name);

    private static RejectionCase Case(string name, ReasonCode expected, Func<Scenario, SignedMessage> build) =>
        new(name, expected, s => Task.FromResult(build(s)));

    private static async Task SendAcceptedAsync(Scenario scenario, SignedMessage message) =>
        Assert.Equal(ReasonCode.Accepted, await scenario.SendAsync(message));
}
