namespace EdgeOracle.Protocol.Wire;

/// <summary>The body of a PaymentIntent envelope, field for field as in the type string of PROTOCOL.md §3.</summary>
/// <param name="Terminal">The signing point-of-sale terminal.</param>
/// <param name="Merchant">Who is paid; must be the terminal's owner in the registry.</param>
/// <param name="Token">The EIP-3009 settlement token.</param>
/// <param name="Amount">The <c>uint256</c> amount in minor units, as its raw 32-byte word.</param>
/// <param name="Expiry">Unix seconds after which the intent may not settle.</param>
/// <param name="OrderRef">The merchant's order reference.</param>
/// <param name="Sequence">Per-device message number.</param>
/// <param name="PrevHash">Digest of the device's previous message.</param>
public readonly record struct PaymentIntent(
    Address Terminal,
    Address Merchant,
    Address Token,
    Bytes32 Amount,
    ulong Expiry,
    Bytes32 OrderRef,
    ulong Sequence,
    Bytes32 PrevHash);
