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
}
