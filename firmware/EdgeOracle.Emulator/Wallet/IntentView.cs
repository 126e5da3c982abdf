using System.Numerics;

namespace EdgeOracle.Emulator.Wallet
{
    /// <summary>A payment intent as the customer's wallet reads it from the terminal's 243-byte envelope.</summary>
    /// <param name="Terminal">The terminal, lower-case <c>0x</c> hex.</param>
    /// <param name="Merchant">The merchant, lower-case <c>0x</c> hex.</param>
    /// <param name="Token">The settlement token, lower-case <c>0x</c> hex.</param>
    /// <param name="Amount">The price, token minor units.</param>
    /// <param name="Expiry">Expiry, Unix seconds.</param>
    /// <param name="OrderRef">The 32-byte order reference.</param>
    /// <param name="Sequence">The terminal's message sequence.</param>
    /// <param name="PrevHash">The digest of the terminal's previous message.</param>
    /// <param name="Digest">The EIP-712 digest as the wallet computed it (the authorization's nonce).</param>
    public sealed record IntentView(
        string Terminal,
        string Merchant,
        string Token,
        BigInteger Amount,
        ulong Expiry,
        byte[] OrderRef,
        ulong Sequence,
        byte[] PrevHash,
        byte[] Digest);
}
