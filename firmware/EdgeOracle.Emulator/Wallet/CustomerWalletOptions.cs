using System;

namespace EdgeOracle.Emulator.Wallet
{
    /// <summary>What an emulated customer wallet knows about the deployment it pays into.</summary>
    public sealed record CustomerWalletOptions
    {
        /// <summary>Gets the chain id (31337 on the local anvil chain).</summary>
        public ulong ChainId { get; init; } = 31337;

        /// <summary>Gets the DeviceRegistry address: the EdgeOracle domain under which the wallet checks the terminal's signature.</summary>
        public required string DeviceRegistry { get; init; }

        /// <summary>Gets the settlement token's EIP-712 domain name (its <c>name()</c>).</summary>
        public required string TokenName { get; init; }

        /// <summary>Gets the settlement token's EIP-712 domain version. Default "1".</summary>
        public string TokenVersion { get; init; } = "1";

        /// <summary>Gets the settlement token's address; the wallet refuses intents in another token.</summary>
        public required string TokenAddress { get; init; }

        /// <summary>Gets PaymentHub's address: the authorization's <c>to</c>, the only account able to use it.</summary>
        public required string PaymentHub { get; init; }

        /// <summary>Gets the wallet's time source for expiry checks. Default: the system clock.</summary>
        public TimeProvider Time { get; init; } = TimeProvider.System;

        /// <summary>
        /// Gets how the wallet pays intents priced in <see cref="TokenAddress"/> when it holds another token: a
        /// cross-border sale that PaymentHub swaps on its pair. Null (the default): it pays in <see cref="TokenAddress"/>.
        /// </summary>
        public CrossBorderPayment? PaysWith { get; init; }
    }

    /// <summary>A wallet's cross-border terms: the token it pays with and the most it gives per unit of the price.</summary>
    /// <param name="Token">The pay token's address.</param>
    /// <param name="TokenName">Its EIP-712 domain name (its <c>name()</c>).</param>
    /// <param name="MaxInputPerUnit">
    /// Pay-token minor units the customer accepts per minor unit of the intent's token, slippage included: the signed
    /// max-in is the price times this, rounded up (e.g. 0.95 tEUR per tUSD at a rate of 1.10 USD/EUR allows ~4.5 %).
    /// </param>
    /// <param name="TokenVersion">Its EIP-712 domain version. Default "1".</param>
    public sealed record CrossBorderPayment(string Token, string TokenName, decimal MaxInputPerUnit, string TokenVersion = "1")
    {
        /// <summary>The max-in for a price of <paramref name="amount"/>: amount × <see cref="MaxInputPerUnit"/>, rounded up.</summary>
        public System.Numerics.BigInteger MaxInputFor(System.Numerics.BigInteger amount) =>
            new(decimal.Ceiling((decimal)amount * MaxInputPerUnit));
    }
}
