using System;
using EdgeOracle.Protocol;
using EdgeOracle.Protocol.Wire;
using EdgeOracle.Protocol.Mqtt;
using EdgeOracle.Gateway.Ingress;

namespace EdgeOracle.Gateway.Pipeline;

/// <summary>The decode stage: topic, size, header, layout, domain, field ranges, topic/envelope agreement.</summary>
public sealed partial class MessagePipeline
{
    private PipelineOutcome? Decode(IngressMessage ingress, out DecodedMessage? message)
    {
        message = null;
        if (!Topics.TrySplit(ingress.Topic, out var deviceSegment, out var leaf)
            || Topics.KindOf(leaf) is var topicKind && topicKind == MessageKind.Unknown)
        {
            return Unreadable(ingress, ReasonCode.TopicMismatch, "not an eo/v1/{device}/obs or /pay topic");
        }

        if (!Topics.TryParseDevice(deviceSegment, out var topicDevice))
        {
            return Unreadable(ingress, ReasonCode.TopicMismatch, "the topic's device is not a lower-case 0x address");
        }

        if (_requireClientIdMatchesDevice && !deviceSegment.SequenceEqual(ingress.ClientId))
        {
            return Unreadable(ingress, ReasonCode.NotAuthorized, $"client '{ingress.ClientId}' may publish only for its own device");
        }

        var payload = ingress.Payload.Span;
        if (payload.Length > _maxPayloadBytes)
        {
            return Unreadable(ingress, ReasonCode.Oversized, $"{payload.Length} bytes is over the limit of {_maxPayloadBytes}");
        }

        var header = EnvelopeDecoder.ReadHeader(payload, out var kind);
        if (header != ReasonCode.Accepted)
        {
            return Unreadable(ingress, header, "unknown version or kind, or no header");
        }

        EnvelopeDecoder.TryPeekSequence(payload, kind, out var sequence);
        if (kind != topicKind)
        {
            return Partial(ingress, ReasonCode.TopicMismatch, kind, sequence, $"a {kind} on a /{leaf} topic");
        }

        DecodedMessage decoded;
        uint domainTag;
        ReasonCode ranges;
        if (kind == MessageKind.Observation)
        {
            var layout = EnvelopeDecoder.ReadObservation(payload, out var envelope);
            if (layout != ReasonCode.Accepted)
            {
                return Partial(ingress, layout, kind, sequence, $"{payload.Length} bytes for a {WireFormat.ObservationSize}-byte observation");
            }

            domainTag = envelope!.DomainTag;
            ranges = EnvelopeDecoder.CheckRanges(envelope);
            decoded = DecodedMessage.From(envelope, _deployment.DeviceDomain);
        }
        else if (payload.Length == WireFormat.PaymentIntentSize)
        {
            // A void: the bare intent of a sale the terminal abandoned (PROTOCOL.md §4).
            EnvelopeDecoder.ReadPaymentIntent(payload, out var intent);
            domainTag = intent!.DomainTag;
            ranges = EnvelopeDecoder.CheckRanges(intent);
            decoded = DecodedMessage.FromVoid(intent, _deployment.DeviceDomain);
        }
        else
        {
            var layout = EnvelopeDecoder.ReadPaymentSubmission(payload, out var submission);
            if (layout != ReasonCode.Accepted)
            {
                return Partial(ingress, layout, kind, sequence, $"{payload.Length} bytes for a {WireFormat.PaymentSubmissionSize}-byte payment submission (or {WireFormat.CrossBorderSubmissionSize} cross-border)");
            }

            domainTag = submission!.Intent.DomainTag;
            ranges = EnvelopeDecoder.CheckRanges(submission);
            decoded = DecodedMessage.From(submission, _deployment.DeviceDomain);
        }

        if (domainTag != _deployment.DeviceDomain.Tag)
        {
            return Partial(ingress, ReasonCode.WrongDomain, kind, sequence, $"domain tag 0x{domainTag:x8} is not 0x{_deployment.DeviceDomain.Tag:x8}");
        }

        if (ranges != ReasonCode.Accepted)
        {
            return Answer(ingress, decoded, ranges, "a field is out of its range (sequence 0, empty window, reserved flags, zero amount or v not 27/28)");
        }

        if (decoded.Device != topicDevice)
        {
            return Answer(ingress, decoded, ReasonCode.TopicMismatch, $"the topic names {topicDevice}, the envelope {decoded.Device}");
        }

        message = decoded;
        return null;
    }

    // A fault of the gateway's own: answer with whatever of the message can be read, so the device can match the answer.
    private static PipelineOutcome Unavailable(IngressMessage ingress, string detail)
    {
        var payload = ingress.Payload.Span;
        if (EnvelopeDecoder.ReadHeader(payload, out var kind) != ReasonCode.Accepted)
        {
            return Unreadable(ingress, ReasonCode.Unavailable, detail);
        }

        EnvelopeDecoder.TryPeekSequence(payload, kind, out var sequence);
        return Partial(ingress, ReasonCode.Unavailable, kind, sequence, detail);
    }

    private static PipelineOutcome Unreadable(IngressMessage ingress, ReasonCode reason, string detail) =>
        Partial(ingress, reason, MessageKind.Unknown, 0, detail);

    private static PipelineOutcome Partial(IngressMessage ingress, ReasonCode reason, MessageKind kind, ulong sequence, string detail) =>
        new(reason, kind, sequence, Bytes32.Zero, null, AckTarget(ingress.Topic), ingress.Topic, detail);

    private static PipelineOutcome Answer(IngressMessage ingress, DecodedMessage message, ReasonCode reason, string detail) =>
        new(reason, message.Kind, message.Sequence, message.Digest, message.Device, AckTarget(ingress.Topic), ingress.Topic, detail);

    // The answer goes to the device the topic names (the publisher listens there), whatever the envelope claims.
    private static Address? AckTarget(string topic) =>
        Topics.TrySplit(topic, out var segment, out _) && Address.TryParse(segment, out var device) ? device : null;
}
