using System;
using System.Buffers.Binary;

namespace EdgeOracle.Protocol.Wire;

/// <summary>
/// Writes the envelopes of PROTOCOL.md §4, the inverse of <see cref="EnvelopeDecoder"/>: into a caller's span without
/// allocating (load generation signs and encodes ahead of a timed run), or into a new array.
/// </summary>
public static class EnvelopeEncoder
{
    /// <summary>Writes a 167-byte observation envelope; returns the bytes written.</summary>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is shorter than <see cref="WireFormat.ObservationSize"/>.</exception>
    public static int WriteObservation(in Observation body, uint domainTag, in Signature signature, Span<byte> destination)
    {
        var writer = new SpanWriter(Check(destination, WireFormat.ObservationSize));
        writer.Header(MessageKind.Observation, domainTag);
        writer.Address(body.Device);
        writer.UInt64(body.Sequence);
        writer.UInt32(body.Metric);
        writer.UInt64(body.WindowStart);
        writer.UInt64(body.WindowEnd);
        writer.UInt64(unchecked((ulong)body.Value));
        writer.UInt32(body.SampleCount);
        writer.UInt32(body.Flags);
        writer.Word(body.PrevHash);
        writer.Signature(signature);
        return WireFormat.ObservationSize;
    }

    /// <summary>Writes a 243-byte payment intent envelope (a void, or the first part of a submission); returns the bytes written.</summary>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is shorter than <see cref="WireFormat.PaymentIntentSize"/>.</exception>
    public static int WritePaymentIntent(in PaymentIntent body, uint domainTag, in Signature signature, Span<byte> destination)
    {
        var writer = new SpanWriter(Check(destination, WireFormat.PaymentIntentSize));
        writer.Header(MessageKind.PaymentIntent, domainTag);
        writer.Address(body.Terminal);
        writer.Address(body.Merchant);
        writer.Address(body.Token);
        writer.Word(body.Amount);
        writer.UInt64(body.Expiry);
        writer.Word(body.OrderRef);
        writer.UInt64(body.Sequence);
        writer.Word(body.PrevHash);
        writer.Signature(signature);
        return WireFormat.PaymentIntentSize;
    }

    /// <summary>Writes a 344-byte payment submission: the intent envelope, then the customer's authorization.</summary>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is shorter than <see cref="WireFormat.PaymentSubmissionSize"/>.</exception>
    public static int WritePaymentSubmission(
        in PaymentIntent body, uint domainTag, in Signature signature, in CustomerAuthorization authorization, Span<byte> destination)
    {
        Check(destination, WireFormat.PaymentSubmissionSize);
        WritePaymentIntent(body, domainTag, signature, destination);
        var writer = new SpanWriter(destination[WireFormat.PaymentIntentSize..]);
        writer.Address(authorization.From);
        writer.UInt64(authorization.ValidAfter);
        writer.UInt64(authorization.ValidBefore);
        writer.Signature(authorization.Signature);
        return WireFormat.PaymentSubmissionSize;
    }

    /// <summary>The envelope of <paramref name="envelope"/> as a new array.</summary>
    public static byte[] Encode(ObservationEnvelope envelope)
    {
        ArgumentNullException.ThrowIfNull(envelope);
        var bytes = new byte[WireFormat.ObservationSize];
        WriteObservation(envelope.Body, envelope.DomainTag, envelope.Signature, bytes);
        return bytes;
    }

    /// <summary>The envelope of <paramref name="envelope"/> as a new array.</summary>
    public static byte[] Encode(PaymentIntentEnvelope envelope)
    {
        ArgumentNullException.ThrowIfNull(envelope);
        var bytes = new byte[WireFormat.PaymentIntentSize];
        WritePaymentIntent(envelope.Body, envelope.DomainTag, envelope.Signature, bytes);
        return bytes;
    }

    /// <summary>
    /// Writes a 396-byte cross-border payment submission: the intent envelope, the customer's address, the pay token,
    /// the max-in, validAfter, validBefore and the customer's signature.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is shorter than <see cref="WireFormat.CrossBorderSubmissionSize"/>.</exception>
    public static int WriteCrossBorderSubmission(
        in PaymentIntent body, uint domainTag, in Signature signature, in CustomerAuthorization authorization, in CrossBorderTerms terms,
        Span<byte> destination)
    {
        Check(destination, WireFormat.CrossBorderSubmissionSize);
        WritePaymentIntent(body, domainTag, signature, destination);
        var writer = new SpanWriter(destination[WireFormat.PaymentIntentSize..]);
        writer.Address(authorization.From);
        writer.Address(terms.PayToken);
        writer.Word(terms.MaxInput);
        writer.UInt64(authorization.ValidAfter);
        writer.UInt64(authorization.ValidBefore);
        writer.Signature(authorization.Signature);
        return WireFormat.CrossBorderSubmissionSize;
    }

    /// <summary>The submission as a new array (344 bytes, or 396 for a cross-border one).</summary>
    public static byte[] Encode(PaymentSubmission submission)
    {
        ArgumentNullException.ThrowIfNull(submission);
        var bytes = new byte[submission.WireSize];
        var intent = submission.Intent;
        if (submission.CrossBorder is { } terms)
        {
            WriteCrossBorderSubmission(intent.Body, intent.DomainTag, intent.Signature, submission.Authorization, terms, bytes);
        }
        else
        {
            WritePaymentSubmission(intent.Body, intent.DomainTag, intent.Signature, submission.Authorization, bytes);
        }

        return bytes;
    }

    private static Span<byte> Check(Span<byte> destination, int size) =>
        destination.Length >= size ? destination : throw new ArgumentException($"The envelope needs {size} bytes.", nameof(destination));

    /// <summary>A forward-only big-endian writer; the caller has checked the length.</summary>
    private ref struct SpanWriter(Span<byte> span)
    {
        private Span<byte> _rest = span;

        public void Header(MessageKind kind, uint domainTag)
        {
            Take(1)[0] = WireFormat.Version;
            Take(1)[0] = (byte)kind;
            UInt32(domainTag);
        }

        public void UInt32(uint value) => BinaryPrimitives.WriteUInt32BigEndian(Take(4), value);

        public void UInt64(ulong value) => BinaryPrimitives.WriteUInt64BigEndian(Take(8), value);

        public void Address(Address value) => value.CopyTo(Take(Protocol.Address.Size));

        public void Word(Bytes32 value) => value.CopyTo(Take(Bytes32.Size));

        public void Signature(in Signature value) => value.CopyTo(Take(Protocol.Signature.Size));

        private Span<byte> Take(int count)
        {
            var taken = _rest[..count];
            _rest = _rest[count..];
            return taken;
        }
    }
}
