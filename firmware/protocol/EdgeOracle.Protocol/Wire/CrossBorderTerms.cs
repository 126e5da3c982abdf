namespace EdgeOracle.Protocol.Wire;

/// <summary>
/// The cross-border part of a payment submission (PROTOCOL.md §4): the customer pays an intent priced in
/// <c>intent.token</c> with another token, <paramref name="PayToken"/>, and authorizes at most
/// <paramref name="MaxInput"/> of it. The customer's EIP-3009 <c>ReceiveWithAuthorization</c> is then signed on the
/// pay token's domain with <c>value = maxInput</c>, <c>to</c> = the payment hub and <c>nonce</c> = the intent digest;
/// the hub swaps exact-out on the pair and returns what the swap did not use.
/// </summary>
/// <param name="PayToken">The token the customer pays with.</param>
/// <param name="MaxInput">The most of it the customer authorizes (<c>uint256</c>, raw 32-byte word).</param>
public readonly record struct CrossBorderTerms(Address PayToken, Bytes32 MaxInput);
