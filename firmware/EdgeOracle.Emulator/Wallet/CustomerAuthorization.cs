using System.Numerics;
using Nethereum.Hex.HexConvertors.Extensions;

namespace EdgeOracle.Emulator.Wallet
{
    /// <summary>A customer's signed EIP-3009 <c>ReceiveWithAuthorization</c> for one payment intent.</summary>
    /// <param name="From">The customer's address, lower-case <c>0x</c> hex.</param>
    /// <param name="To">The router's address, lower-case <c>0x</c> hex.</param>
    /// <param name="Value">The amount, token minor units.</param>
    /// <param name="ValidAfter">Valid after this time, Unix seconds.</param>
    /// <param name="ValidBefore">Valid before this time, Unix seconds.</param>
    /// <param name="Nonce">The intent digest (32 bytes).</param>
    /// <param name="Signature">65 bytes <c>r ‖ s ‖ v</c>, v ∈ {27, 28}.</param>
    /// <param name="PayToken">For a cross-border sale, the token the customer pays with (then <paramref name="Value"/> is the max-in); null otherwise.</param>
    public sealed record CustomerAuthorization(
        string From,
        string To,
        BigInteger Value,
        ulong ValidAfter,
        ulong ValidBefore,
        byte[] Nonce,
        byte[] Signature,
        string? PayToken = null)
    {
        /// <summary>Gets whether the customer pays in another token than the intent's.</summary>
        public bool IsCrossBorder => PayToken is not null;

        /// <summary>Gets <see cref="From"/> as 20 bytes, as the terminal's submission carries it.</summary>
        public byte[] FromBytes => From.HexToByteArray();
    }
}
