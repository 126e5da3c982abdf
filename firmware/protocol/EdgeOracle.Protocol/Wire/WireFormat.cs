namespace EdgeOracle.Protocol.Wire;

/// <summary>Sizes and offsets of PROTOCOL.md §4.</summary>
public static class WireFormat
{
    /// <summary>The only envelope version.</summary>
    public const byte Version = 0x01;

    /// <summary>Version, kind and domain tag.</summary>
    public const int HeaderSize = 6;

    /// <summary>Offset of the body.</summary>
    public const int BodyOffset = HeaderSize;

    /// <summary>Observation body size.</summary>
    public const int ObservationBodySize = 96;

    /// <summary>PaymentIntent body size.</summary>
    public const int PaymentIntentBodySize = 172;

    /// <summary>Observation envelope size.</summary>
    public const int ObservationSize = HeaderSize + ObservationBodySize + Signature.Size;

    /// <summary>PaymentIntent envelope size.</summary>
    public const int PaymentIntentSize = HeaderSize + PaymentIntentBodySize + Signature.Size;

    /// <summary>Customer authorization size: from, validAfter, validBefore, signature.</summary>
    public const int AuthorizationSize = Address.Size + 8 + 8 + Signature.Size;

    /// <summary>Payment submission size.</summary>
    public const int PaymentSubmissionSize = PaymentIntentSize + AuthorizationSize;

    /// <summary>Cross-border authorization size: from, payToken, maxInput, validAfter, validBefore, signature.</summary>
    public const int CrossBorderAuthorizationSize = Address.Size + Address.Size + 32 + 8 + 8 + Signature.Size;

    /// <summary>Cross-border payment submission size.</summary>
    public const int CrossBorderSubmissionSize = PaymentIntentSize + CrossBorderAuthorizationSize;

    /// <summary>Acknowledgement size.</summary>
    public const int AcknowledgementSize = 43;

    /// <summary>Offset of an Observation's sequence (after the device address).</summary>
    public const int ObservationSequenceOffset = BodyOffset + Address.Size;

    /// <summary>Offset of a PaymentIntent's sequence (after terminal, merchant, token, amount, expiry, orderRef).</summary>
    public const int PaymentIntentSequenceOffset = BodyOffset + (3 * Address.Size) + 32 + 8 + 32;
}
