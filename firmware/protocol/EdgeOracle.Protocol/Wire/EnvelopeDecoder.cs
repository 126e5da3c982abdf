using System;
using System.Buffers.Binary;

namespace EdgeOracle.Protocol.Wire;

/// <summary>
/// Reads envelopes and payment submissions (PROTOCOL.md §4) from spans. Reading checks only the layout; the
/// range rules of the fields are checked separately (<see cref="CheckRanges(ObservationEnvelope)"/>) so that a
/// malformed but readable message can still be answered with its sequence and digest.
/// <see cref="ReasonCode.Accepted"/> means "no objection" throughout.
/// </summary>
public static class EnvelopeDecoder
{
    /// <summary>Reads version and kind: Truncated under 2 bytes, Malformed for an unknown version or kind.</summary>
    public static ReasonCode ReadHeader(ReadOnlySpan<byte> payload, out MessageKind kind)
    {
        kind = MessageKind.Unknown;
        if (payload.Length < 2)
        {
            return ReasonCode.Truncated;
        }

        if (payload[0] != WireFormat.Version || payload[1] is not ((byte)MessageKind.Observation or (byte)MessageKind.PaymentIntent))
        {
            return ReasonCode.Malformed;
        }

        kind = (MessageKind)payload[1];
        return ReasonCode.Accepted;
    }

    /// <summary>The sequence number, if the payload is long enough to hold it (used to answer unreadable messages).</summary>
    public static bool TryPeekSequence(ReadOnlySpan<byte> payload, MessageKind kind, out ulong sequence)
    {
        var offset = kind switch
        {
            MessageKind.Observation => WireFormat.ObservationSequenceOffset,
            MessageKind.PaymentIntent => WireFormat.PaymentIntentSequenceOffset,
            _ => -1,
        };
        sequence = 0;
        if (offset < 0 || payload.Length < offset + 8)
        {
            return false;
        }

        sequence = BinaryPrimitives.ReadUInt64BigEndian(payload[offset..]);
        return true;
    }

    /// <summary>Reads a 167-byte Observation envelope whose header was checked by <see cref="ReadHeader"/>.</summary>
    public static ReasonCode ReadObservation(ReadOnlySpan<byte> payload, out ObservationEnvelope? envelope)
    {
        envelope = null;
        var size = CheckSize(payload.Length, WireFormat.ObservationSize);
        if (size != ReasonCode.Accepted)
        {
            return size;
        }

        var reader = new SpanReader(payload[2..]);
        var tag = reader.UInt32();
        var body = new Observation(
            reader.Address(), reader.UInt64(), reader.UInt32(), reader.UInt64(), reader.UInt64(),
            reader.Int64(), reader.UInt32(), reader.UInt32(), reader.Word());
        envelope = new ObservationEnvelope(tag, body, reader.Signature());
        return ReasonCode.Accepted;
    }

    /// <summary>
    /// Reads a payment submission whose header was checked by <see cref="ReadHeader"/>: 344 bytes (paid in the intent's
    /// token) or 396 bytes (cross-border: the pay token and max-in follow the customer's address). Shorter than 344 is
    /// Truncated; any other length is Oversized.
    /// </summary>
    public static ReasonCode ReadPaymentSubmission(ReadOnlySpan<byte> payload, out PaymentSubmission? submission)
    {
        submission = null;
        var crossBorder = payload.Length == WireFormat.CrossBorderSubmissionSize;
        var size = crossBorder ? ReasonCode.Accepted : CheckSize(payload.Length, WireFormat.PaymentSubmissionSize);
        if (size != ReasonCode.Accepted)
        {
            return size;
        }

        var reader = new SpanReader(payload[2..]);
        var intent = ReadIntent(ref reader);
        var from = reader.Address();
        CrossBorderTerms? terms = crossBorder ? new CrossBorderTerms(reader.Address(), reader.Word()) : null;
        var authorization = new CustomerAuthorization(from, reader.UInt64(), reader.UInt64(), reader.Signature());
        submission = new PaymentSubmission(intent, authorization, terms);
        return ReasonCode.Accepted;
    }

    /// <summary>
    /// Reads a bare 243-byte payment intent envelope: a terminal's <em>void</em> (PROTOCOL.md §4), an intent it signed
    /// but abandoned before the customer paid, published so the chain stays whole.
    /// </summary>
    public static ReasonCode ReadPaymentIntent(ReadOnlySpan<byte> payload, out PaymentIntentEnvelope? envelope)
    {
        envelope = null;
        var size = CheckSize(payload.Length, WireFormat.PaymentIntentSize);
        if (size != ReasonCode.Accepted)
        {
            return size;
        }

        var reader = new SpanReader(payload[2..]);
        envelope = ReadIntent(ref reader);
        return ReasonCode.Accepted;
    }

    /// <summary>Malformed when a field is out of its range: sequence 0, an empty window, reserved flags, bad <c>v</c>.</summary>
    public static ReasonCode CheckRanges(ObservationEnvelope envelope)
    {
        var body = envelope.Body;
        var valid = body.Sequence != 0
            && body.WindowEnd > body.WindowStart
            && (body.Flags & ~Observation.DefinedFlags) == 0
            && envelope.Signature.HasValidV;
        return valid ? ReasonCode.Accepted : ReasonCode.Malformed;
    }

    /// <summary>
    /// Malformed when a field is out of its range: sequence 0, amount 0, a bad <c>v</c> in either signature, or (cross-border)
    /// a zero max-in or a pay token equal to the intent's.
    /// </summary>
    public static ReasonCode CheckRanges(PaymentSubmission submission)
    {
        ArgumentNullException.ThrowIfNull(submission);
        var valid = submission.Intent.Body.Sequence != 0
            && !submission.Intent.Body.Amount.IsZero
            && submission.Intent.Signature.HasValidV
            && submission.Authorization.Signature.HasValidV
            && (submission.CrossBorder is not { } terms || (!terms.MaxInput.IsZero && terms.PayToken != submission.Intent.Body.Token));
        return valid ? ReasonCode.Accepted : ReasonCode.Malformed;
    }

    /// <summary>Malformed when a void's field is out of its range: sequence 0, amount 0 or a bad <c>v</c>.</summary>
    public static ReasonCode CheckRanges(PaymentIntentEnvelope intent) =>
        intent.Body.Sequence != 0 && !intent.Body.Amount.IsZero && intent.Signature.HasValidV ? ReasonCode.Accepted : ReasonCode.Malformed;

    // The intent envelope after the version and kind bytes: domain tag, the body's fields in type-string order, signature.
    private static PaymentIntentEnvelope ReadIntent(ref SpanReader reader)
    {
        var tag = reader.UInt32();
        var body = new PaymentIntent(
            reader.Address(), reader.Address(), reader.Address(), reader.Word(), reader.UInt64(),
            reader.Word(), reader.UInt64(), reader.Word());
        return new PaymentIntentEnvelope(tag, body, reader.Signature());
    }

    private static ReasonCode CheckSize(int length, int expected) =>
        length < expected ? ReasonCode.Truncated
        : length > expected ? ReasonCode.Oversized
        : ReasonCode.Accepted;

    /// <summary>A forward-only big-endian reader; the caller has checked the length.</summary>
    private ref struct SpanReader(ReadOnlySpan<byte> span)
    {
        private ReadOnlySpan<byte> _rest = span;

        public uint UInt32() => BinaryPrimitives.ReadUInt32BigEndian(Take(4));

        public ulong UInt64() => BinaryPrimitives.ReadUInt64BigEndian(Take(8));

        public long Int64() => BinaryPrimitives.ReadInt64BigEndian(Take(8));

        public Address Address() => new(Take(Protocol.Address.Size));

        public Bytes32 Word() => new(Take(Bytes32.Size));

        public Signature Signature() => Protocol.Signature.Read(Take(Protocol.Signature.Size));

        private ReadOnlySpan<byte> Take(int count)
        {
            var taken = _rest[..count];
            _rest = _rest[count..];
            return taken;
        }
    }
}
