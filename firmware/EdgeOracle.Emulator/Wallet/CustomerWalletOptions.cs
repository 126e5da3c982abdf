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
    }
}
