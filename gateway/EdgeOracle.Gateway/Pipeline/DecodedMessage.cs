using EdgeOracle.Protocol;
using EdgeOracle.Protocol.Eip712;
using EdgeOracle.Protocol.Wire;

namespace EdgeOracle.Gateway.Pipeline;

/// <summary>A message that was read and hashed: the fields every kind shares, plus the kind's own envelope.</summary>
internal sealed class DecodedMessage
{
    private DecodedMessage(MessageKind kind, Address device, ulong sequence, Bytes32 prevHash, Signature signature, Bytes32 digest)
    {
        Kind = kind;
        Device = device;
        Sequence = sequence;
        PrevHash = prevHash;
        Signature = signature;
        Digest = digest;
    }

    public MessageKind Kind { get; }

    public Address Device { get; }

    public ulong Sequence { get; }

    public Bytes32 PrevHash { get; }

    public Signature Signature { get; }

    /// <summary>The EIP-712 digest under the gateway's device domain.</summary>
    public Bytes32 Digest { get; }

    public ObservationEnvelope? Observation { get; private init; }

    /// <summary>The payment submission (intent and customer authorization); null for observations and voids.</summary>
    public PaymentSubmission? Payment { get; private init; }

    /// <summary>The signed payment intent, of a submission or of a void; null for observations.</summary>
    public PaymentIntentEnvelope? Intent { get; private init; }

    /// <summary>A terminal's abandoned intent: stored to keep the chain whole, never relayed.</summary>
    public bool IsVoid => Intent is not null && Payment is null;

    public static DecodedMessage From(ObservationEnvelope envelope, Eip712Domain domain) =>
        new(MessageKind.Observation, envelope.Body.Device, envelope.Body.Sequence, envelope.Body.PrevHash, envelope.Signature,
            domain.Digest(TypedDataHasher.StructHash(envelope.Body)))
        {
            Observation = envelope,
        };

    public static DecodedMessage From(PaymentSubmission submission, Eip712Domain domain)
    {
        var intent = submission.Intent;
        return new(MessageKind.PaymentIntent, intent.Body.Terminal, intent.Body.Sequence, intent.Body.PrevHash, intent.Signature,
            domain.Digest(TypedDataHasher.StructHash(intent.Body)))
        {
            Payment = submission,
            Intent = intent,
        };
    }

    public static DecodedMessage FromVoid(PaymentIntentEnvelope intent, Eip712Domain domain) =>
        new(MessageKind.PaymentIntent, intent.Body.Terminal, intent.Body.Sequence, intent.Body.PrevHash, intent.Signature,
            domain.Digest(TypedDataHasher.StructHash(intent.Body)))
        {
            Intent = intent,
        };
}
