namespace EdgeOracle.Protocol.Wire;

/// <summary>
/// The customer's EIP-3009 <c>receiveWithAuthorization</c> as sent after the intent. <c>to</c>, <c>value</c> and
/// <c>nonce</c> are implied: the router, the intent's amount and the intent's digest.
/// </summary>
public readonly record struct CustomerAuthorization(Address From, ulong ValidAfter, ulong ValidBefore, Signature Signature);
