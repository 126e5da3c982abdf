using EdgeOracle.Firmware.Core.Ports;

namespace EdgeOracle.Emulator.Devices
{
    /// <summary>Settings of an <see cref="EmulatedTerminal"/>; every property documents its default.</summary>
    public sealed record EmulatedTerminalOptions : EmulatedDeviceOptions
    {
        /// <summary>Gets the merchant's address (<c>0x</c> hex), the terminal's owner in the registry.</summary>
        public required string Merchant { get; init; }

        /// <summary>Gets the settlement token's address (<c>0x</c> hex).</summary>
        public required string Token { get; init; }

        /// <summary>Gets the seconds from signing an intent to its expiry. Default 120.</summary>
        public uint IntentLifetimeSeconds { get; init; } = 120;

        /// <summary>Gets the settlement token's decimals, for the display. Default 6 (the test USD).</summary>
        public int TokenDecimals { get; init; } = 6;

        /// <summary>Gets the currency label the display shows. Default "USD".</summary>
        public string CurrencyLabel { get; init; } = "USD";

        /// <summary>
        /// Gets the terminal's clock. Default: the system clock, because the gateway and the chain judge expiries
        /// against real time.
        /// </summary>
        public IClock? Clock { get; init; }
    }
}
