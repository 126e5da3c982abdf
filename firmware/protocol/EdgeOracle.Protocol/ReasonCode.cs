namespace EdgeOracle.Protocol;

/// <summary>The one-byte answer of PROTOCOL.md §7. 0x00–0x7F is the success class, 0x80–0xFF a refusal.</summary>
public enum ReasonCode : byte
{
    /// <summary>Verified and durably stored.</summary>
    Accepted = 0x00,

    /// <summary>This exact message is already stored; nothing was done again.</summary>
    Duplicate = 0x01,

    /// <summary>Unknown version or kind, or a field out of its range.</summary>
    Malformed = 0x80,

    /// <summary>Payload shorter than its kind's size.</summary>
    Truncated = 0x81,

    /// <summary>Payload longer than its kind's size.</summary>
    Oversized = 0x82,

    /// <summary>Domain tag is not this deployment's.</summary>
    WrongDomain = 0x83,

    /// <summary>Signature does not recover to the claimed device, or <c>s</c> is high.</summary>
    BadSignature = 0x84,

    /// <summary>The device is not registered, or was revoked.</summary>
    UnknownDevice = 0x85,

    /// <summary>The device's role may not send this kind (or a terminal names a merchant that is not its owner).</summary>
    WrongRole = 0x86,

    /// <summary>The topic's device is not the envelope's device, or the kind does not match the topic.</summary>
    TopicMismatch = 0x87,

    /// <summary>The sequence is not above the last stored one, and the message is not the stored one.</summary>
    SequenceReplayed = 0x88,

    /// <summary><c>prevHash</c> is not the digest of the device's last stored message.</summary>
    HashChainBroken = 0x89,

    /// <summary>The intent's expiry, or the authorization's <c>validBefore</c>, has passed.</summary>
    Expired = 0x8A,

    /// <summary>The customer authorization does not recover to <c>from</c>, or is not yet valid.</summary>
    BadAuthorization = 0x8B,

    /// <summary>The device is over its message rate.</summary>
    RateLimited = 0x8C,

    /// <summary>The connection may not publish on this topic.</summary>
    NotAuthorized = 0x8D,

    /// <summary>The gateway could not store the message (e.g. storage fault).</summary>
    Unavailable = 0xA0,
}

/// <summary>Helpers over <see cref="ReasonCode"/>.</summary>
public static class ReasonCodes
{
    /// <summary>True for the success class (the device may forget the message).</summary>
    public static bool IsSuccess(this ReasonCode reason) => (byte)reason < 0x80;
}
