namespace EdgeOracle.Protocol;

/// <summary>The envelope's kind byte.</summary>
public enum MessageKind : byte
{
    /// <summary>Used in an acknowledgement when the kind could not be read.</summary>
    Unknown = 0x00,

    /// <summary>A signed <see cref="Wire.Observation"/>.</summary>
    Observation = 0x01,

    /// <summary>A signed <see cref="Wire.PaymentIntent"/> (sent as a payment submission).</summary>
    PaymentIntent = 0x02,
}
