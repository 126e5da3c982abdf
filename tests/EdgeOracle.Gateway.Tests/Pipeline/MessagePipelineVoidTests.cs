using System;
using System.Threading.Tasks;
using EdgeOracle.Protocol;
using EdgeOracle.Protocol.Wire;
using EdgeOracle.Gateway.Tests.TestSupport;
using Xunit;

namespace EdgeOracle.Gateway.Tests.Pipeline;

/// <summary>A terminal's void (PROTOCOL.md §4): the bare intent of an abandoned sale, stored to keep the chain whole, never relayed.</summary>
public sealed class MessagePipelineVoidTests : IDisposable
{
    private readonly PipelineHarness _harness = new();
    private readonly Scenario _scenario;

    public MessagePipelineVoidTests()
    {
        _scenario = new Scenario(_harness.Registry, async m => (await _harness.SendAsync(m)).Reason, _harness.Time.Advance);
    }

    [Fact]
    public async Task Void_IsStoredAndAcknowledged_ButNotQueuedForTheChain()
    {
        var abandoned = VoidOf(_scenario.Payment());

        var outcome = await _harness.SendAsync(abandoned);

        Assert.Equal(ReasonCode.Accepted, outcome.Reason);
        Assert.Equal(MessageKind.PaymentIntent, outcome.Kind);
        Assert.Equal(abandoned.DigestWord, outcome.Digest);
        Assert.Equal(abandoned.DigestWord, await _harness.Store.FindDigestAsync(_scenario.Terminal.GatewayAddress, 1, default));
        Assert.True(await _harness.Store.IsVoidAsync(_scenario.Terminal.GatewayAddress, 1, default));
        Assert.Equal(new Gateway.Storage.OutboxCounts(0, 0, 0, 0), await _harness.Sqlite.Outbox.CountAsync(default));
        _harness.Logs.AssertNoErrors();
    }

    [Fact]
    public async Task NextSale_AfterAVoid_ChainsOnItAndIsQueuedForTheChain()
    {
        await _harness.SendAsync(VoidOf(_scenario.Payment()));

        var next = await _harness.SendAsync(_scenario.Payment());

        Assert.Equal(ReasonCode.Accepted, next.Reason);
        Assert.False(await _harness.Store.IsVoidAsync(_scenario.Terminal.GatewayAddress, 2, default));
        Assert.Equal(1, (await _harness.Sqlite.Outbox.CountAsync(default)).Pending);
    }

    [Fact]
    public async Task SubmissionOfAVoidedIntent_IsRefusedAsSequenceReplayed_NotAcceptedAsDuplicate()
    {
        var payment = _scenario.Payment();
        await _harness.SendAsync(VoidOf(payment));

        var late = await _harness.SendAsync(payment);

        Assert.Equal(ReasonCode.SequenceReplayed, late.Reason);
        Assert.Equal(new Gateway.Storage.OutboxCounts(0, 0, 0, 0), await _harness.Sqlite.Outbox.CountAsync(default));
    }

    [Fact]
    public async Task ResentVoid_IsAnsweredDuplicate()
    {
        var abandoned = VoidOf(_scenario.Payment());
        await _harness.SendAsync(abandoned);

        Assert.Equal(ReasonCode.Duplicate, (await _harness.SendAsync(abandoned)).Reason);
    }

    [Fact]
    public async Task Void_WithAForgedSignature_IsRefusedAsBadSignature()
    {
        var abandoned = VoidOf(_scenario.Payment());
        var forged = abandoned.WithByte(WireFormat.BodyOffset + 60 + 31, 0x77); // the amount's last byte

        Assert.Equal(ReasonCode.BadSignature, (await _harness.SendAsync(forged)).Reason);
        Assert.Equal(0, await _harness.Store.CountMessagesAsync(default));
    }

    [Fact]
    public async Task ExpiredVoid_IsStillStored_BecauseAnAbandonedIntentMayHaveExpired()
    {
        var abandoned = VoidOf(_scenario.Payment());
        _harness.Time.Advance(TimeSpan.FromDays(1));

        Assert.Equal(ReasonCode.Accepted, (await _harness.SendAsync(abandoned)).Reason);
    }

    private static SignedMessage VoidOf(SignedMessage submission) =>
        submission with { Payload = submission.Payload[..WireFormat.PaymentIntentSize] };

    public void Dispose() => _harness.Dispose();
}
