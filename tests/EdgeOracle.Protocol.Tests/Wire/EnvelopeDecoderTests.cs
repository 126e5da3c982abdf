using EdgeOracle.Protocol;
using EdgeOracle.Protocol.Wire;
using EdgeOracle.Protocol.Tests.TestSupport;
using Xunit;

namespace EdgeOracle.Protocol.Tests.Wire;

public class EnvelopeDecoderTests
{
    [Fact]
    public void ReadObservation_ReadsEveryField_InTypeStringOrder()
    {
        var device = new TestDevice();
        var message = device.Observation(o =>
        {
            o.Sequence = 7;
            o.Metric = 6;
            o.WindowStart = 100;
            o.WindowEnd = 160;
            o.Value = -5;
            o.SampleCount = 12;
            o.Flags = 0b0100;
            o.PrevHash = Bytes32.Parse("0x" + new string('a', 64)).ToArray();
        });

        Assert.Equal(WireFormat.ObservationSize, message.Payload.Length);
        Assert.Equal(ReasonCode.Accepted, EnvelopeDecoder.ReadObservation(message.Payload, out var envelope));
        Assert.Equal(new Observation(device.GatewayAddress, 7, 6, 100, 160, -5, 12, 0b0100, Bytes32.Parse("0x" + new string('a', 64))), envelope!.Body);
        Assert.True(envelope.Signature.HasValidV);
        Assert.Equal(TestDomain.Devices.Tag, envelope.DomainTag);
    }

    [Fact]
    public void ReadPaymentSubmission_ReadsIntentAndAuthorization()
    {
        var terminal = new TestDevice();
        var customer = new TestDevice();
        var message = terminal.Payment(customer, TestDomain.DefaultOwner, i => i.Expiry = 42, a => a.ValidBefore = 99);

        Assert.Equal(WireFormat.PaymentSubmissionSize, message.Payload.Length);
        Assert.Equal(ReasonCode.Accepted, EnvelopeDecoder.ReadPaymentSubmission(message.Payload, out var submission));
        Assert.Equal(terminal.GatewayAddress, submission!.Intent.Body.Terminal);
        Assert.Equal(Address.Parse(TestDomain.DefaultOwner), submission.Intent.Body.Merchant);
        Assert.Equal(Address.Parse(TestDomain.Token), submission.Intent.Body.Token);
        Assert.Equal(12_500_000, (long)submission.Intent.Body.Amount.ToUnsignedInteger());
        Assert.Equal(42UL, submission.Intent.Body.Expiry);
        Assert.Equal(1UL, submission.Intent.Body.Sequence);
        Assert.Equal(customer.GatewayAddress, submission.Authorization.From);
        Assert.Equal(0UL, submission.Authorization.ValidAfter);
        Assert.Equal(99UL, submission.Authorization.ValidBefore);
    }

    [Theory]
    [InlineData(new byte[0], ReasonCode.Truncated)]
    [InlineData(new byte[] { 1 }, ReasonCode.Truncated)]
    [InlineData(new byte[] { 2, 1 }, ReasonCode.Malformed)]
    [InlineData(new byte[] { 1, 0 }, ReasonCode.Malformed)]
    [InlineData(new byte[] { 1, 3 }, ReasonCode.Malformed)]
    [InlineData(new byte[] { 1, 2 }, ReasonCode.Accepted)]
    public void ReadHeader_RefusesShortPayloadsAndUnknownVersionsOrKinds(byte[] payload, ReasonCode expected)
    {
        Assert.Equal(expected, EnvelopeDecoder.ReadHeader(payload, out _));
    }

    [Theory]
    [InlineData(166, ReasonCode.Truncated)]
    [InlineData(168, ReasonCode.Oversized)]
    public void ReadObservation_RefusesWrongLengths(int length, ReasonCode expected)
    {
        var message = new TestDevice().Observation().Resized(length);

        Assert.Equal(expected, EnvelopeDecoder.ReadObservation(message.Payload, out var envelope));
        Assert.Null(envelope);
    }

    [Theory]
    [InlineData(243, ReasonCode.Truncated)]
    [InlineData(345, ReasonCode.Oversized)]
    public void ReadPaymentSubmission_RefusesWrongLengths_IncludingABareIntent(int length, ReasonCode expected)
    {
        var message = new TestDevice().Payment(new TestDevice(), TestDomain.DefaultOwner).Resized(length);

        Assert.Equal(expected, EnvelopeDecoder.ReadPaymentSubmission(message.Payload, out _));
    }

    [Fact]
    public void CheckRanges_FlagsEachOutOfRangeObservationField_AsMalformed()
    {
        var device = new TestDevice();
        Assert.Equal(ReasonCode.Accepted, Ranges(device.Observation(advance: false)));
        Assert.Equal(ReasonCode.Malformed, Ranges(device.Observation(o => o.WindowEnd = o.WindowStart, advance: false)));
        Assert.Equal(ReasonCode.Malformed, Ranges(device.Observation(o => o.Flags = 0b1_0000, advance: false)));
        Assert.Equal(ReasonCode.Malformed, Ranges(device.Observation(o => o.Sequence = 0, advance: false)));
        Assert.Equal(ReasonCode.Malformed, Ranges(device.Observation(advance: false).WithByte(WireFormat.ObservationSize - 1, 29)));
    }

    [Fact]
    public void TryPeekSequence_ReadsTheSequenceOfATruncatedMessage()
    {
        var message = new TestDevice().Observation(o => o.Sequence = 0x0102030405060708).Resized(40);

        Assert.True(EnvelopeDecoder.TryPeekSequence(message.Payload, MessageKind.Observation, out var sequence));
        Assert.Equal(0x0102030405060708UL, sequence);
        Assert.False(EnvelopeDecoder.TryPeekSequence(message.Payload[..30], MessageKind.Observation, out _));
    }

    private static ReasonCode Ranges(SignedMessage message)
    {
        EnvelopeDecoder.ReadObservation(message.Payload, out var envelope);
        return EnvelopeDecoder.CheckRanges(envelope!);
    }
}
