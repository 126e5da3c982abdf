using System;
using EdgeOracle.Protocol.Tests.TestSupport;
using EdgeOracle.Protocol.Wire;
using Xunit;

namespace EdgeOracle.Protocol.Tests.Wire;

public class EnvelopeEncoderTests
{
    [Fact]
    public void WriteObservation_IntoASpan_WritesWhatTheDecoderReads()
    {
        var message = new TestDevice().Observation(o => o.Flags = 0b101);
        Assert.Equal(ReasonCode.Accepted, EnvelopeDecoder.ReadObservation(message.Payload, out var envelope));

        Span<byte> written = stackalloc byte[WireFormat.ObservationSize + 3];
        var length = EnvelopeEncoder.WriteObservation(envelope!.Body, envelope.DomainTag, envelope.Signature, written);

        Assert.Equal(WireFormat.ObservationSize, length);
        Assert.Equal(message.Payload, written[..length].ToArray());
    }

    [Fact]
    public void AShortDestination_IsRefused()
    {
        var message = new TestDevice().Payment(new TestDevice(), TestDomain.DefaultOwner);
        Assert.Equal(ReasonCode.Accepted, EnvelopeDecoder.ReadPaymentSubmission(message.Payload, out var submission));
        var intent = submission!.Intent;

        Assert.Throws<ArgumentException>(() => EnvelopeEncoder.WritePaymentSubmission(
            intent.Body, intent.DomainTag, intent.Signature, submission.Authorization, new byte[WireFormat.PaymentSubmissionSize - 1]));
        Assert.Equal(message.Payload, EnvelopeEncoder.Encode(submission));
    }

    [Fact]
    public void ACrossBorderSubmission_RoundTrips_In396Bytes_AndADomesticOneStays344()
    {
        var message = new TestDevice().Payment(new TestDevice(), TestDomain.DefaultOwner);
        Assert.Equal(ReasonCode.Accepted, EnvelopeDecoder.ReadPaymentSubmission(message.Payload, out var domestic));
        Assert.False(domestic!.IsCrossBorder);
        Assert.Equal(domestic.Intent.Body.Token, domestic.PayToken);
        Assert.Equal(domestic.Intent.Body.Amount, domestic.AuthorizedValue);

        var euro = Address.Parse("0x00000000000000000000000000000000000e0e0e");
        var terms = new CrossBorderTerms(euro, Bytes32.FromUnsignedInteger(13_000_000));
        var crossBorder = domestic with { CrossBorder = terms };
        var bytes = EnvelopeEncoder.Encode(crossBorder);

        Assert.Equal(WireFormat.CrossBorderSubmissionSize, bytes.Length);
        Assert.Equal(396, bytes.Length);
        Assert.Equal(message.Payload[..WireFormat.PaymentIntentSize], bytes[..WireFormat.PaymentIntentSize]);
        Assert.Equal(ReasonCode.Accepted, EnvelopeDecoder.ReadPaymentSubmission(bytes, out var read));
        Assert.Equal(terms, read!.CrossBorder);
        Assert.Equal(domestic.Authorization, read.Authorization);
        Assert.Equal(euro, read.PayToken);
        Assert.Equal(terms.MaxInput, read.AuthorizedValue);
        Assert.Equal(ReasonCode.Accepted, EnvelopeDecoder.CheckRanges(read));
    }

    [Theory]
    [InlineData(WireFormat.PaymentSubmissionSize - 1, ReasonCode.Truncated)]
    [InlineData(WireFormat.PaymentSubmissionSize + 1, ReasonCode.Oversized)]
    [InlineData(WireFormat.CrossBorderSubmissionSize - 1, ReasonCode.Oversized)]
    [InlineData(WireFormat.CrossBorderSubmissionSize + 1, ReasonCode.Oversized)]
    public void ASubmissionOfNeitherLength_IsRefused(int length, ReasonCode expected)
    {
        var payload = new byte[length];
        new TestDevice().Payment(new TestDevice(), TestDomain.DefaultOwner).Payload.AsSpan(0, Math.Min(length, WireFormat.PaymentSubmissionSize)).CopyTo(payload);

        Assert.Equal(expected, EnvelopeDecoder.ReadPaymentSubmission(payload, out var submission));
        Assert.Null(submission);
    }

    [Fact]
    public void ACrossBorderSubmission_WithZeroMaxInput_OrPayingInTheIntentsOwnToken_IsMalformed()
    {
        var message = new TestDevice().Payment(new TestDevice(), TestDomain.DefaultOwner);
        Assert.Equal(ReasonCode.Accepted, EnvelopeDecoder.ReadPaymentSubmission(message.Payload, out var domestic));
        var euro = Address.Parse("0x00000000000000000000000000000000000e0e0e");

        var zero = domestic! with { CrossBorder = new CrossBorderTerms(euro, Bytes32.Zero) };
        var sameToken = domestic with { CrossBorder = new CrossBorderTerms(domestic.Intent.Body.Token, Bytes32.FromUnsignedInteger(1)) };

        Assert.Equal(ReasonCode.Malformed, EnvelopeDecoder.CheckRanges(zero));
        Assert.Equal(ReasonCode.Malformed, EnvelopeDecoder.CheckRanges(sameToken));
    }
}
