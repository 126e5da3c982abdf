using System;

namespace EdgeOracle.Firmware.Core.Terminal
{
    /// <summary>Settings of a <see cref="PaymentTerminal"/>; every property documents its default.</summary>
    public sealed class PaymentTerminalConfig
    {
        /// <summary>Creates settings for a terminal that sells for <paramref name="merchant"/> in <paramref name="token"/>.</summary>
        /// <param name="merchant">The merchant's 20-byte address (the terminal's owner in the registry).</param>
        /// <param name="token">The 20-byte address of the EIP-3009 settlement token.</param>
        public PaymentTerminalConfig(byte[] merchant, byte[] token)
        {
            if (merchant == null || merchant.Length != 20)
            {
                throw new ArgumentException("merchant must be a 20-byte address.");
            }

            if (token == null || token.Length != 20)
            {
                throw new ArgumentException("token must be a 20-byte address.");
            }

            Merchant = merchant;
            Token = token;
        }

        /// <summary>Gets the merchant's 20-byte address.</summary>
        public byte[] Merchant { get; }

        /// <summary>Gets the settlement token's 20-byte address.</summary>
        public byte[] Token { get; }

        /// <summary>Seconds from signing an intent to its expiry. Default 120.</summary>
        public uint IntentLifetimeSeconds { get; set; } = 120;

        /// <summary>How long to wait for an answer before publishing the submission again. Default 5 000 ms.</summary>
        public int ResendIntervalMilliseconds { get; set; } = 5000;

        /// <summary>How long after the first publish the sale times out without an answer. Default 30 000 ms.</summary>
        public int SubmitTimeoutMilliseconds { get; set; } = 30000;

        /// <summary>How many acknowledgements may wait between the transport thread and the next poll. Default 4.</summary>
        public int AckInboxCapacity { get; set; } = 4;

        /// <summary>
        /// How many voided intents (cancelled or expired before the customer authorized) may wait for the gateway's
        /// acknowledgement. Default 8. A new sale cannot begin while the queue is full, because its intent would chain
        /// onto an intent the gateway may never learn of.
        /// </summary>
        public int VoidCapacity { get; set; } = 8;

        /// <summary>No sale begins while the clock reads earlier than this (Unix seconds; before SNTP sync). Default 2020-01-01.</summary>
        public ulong MinimumValidUnixTime { get; set; } = 1577836800;

        /// <summary>Throws <see cref="ArgumentException"/> if a setting is out of range.</summary>
        public void Validate()
        {
            if (IntentLifetimeSeconds == 0)
            {
                throw new ArgumentException("IntentLifetimeSeconds must be at least 1.");
            }

            if (ResendIntervalMilliseconds < 1 || SubmitTimeoutMilliseconds < 1)
            {
                throw new ArgumentException("ResendIntervalMilliseconds and SubmitTimeoutMilliseconds must be at least 1.");
            }

            if (VoidCapacity < 1)
            {
                throw new ArgumentException("VoidCapacity must be at least 1.");
            }

            if (AckInboxCapacity < 1)
            {
                throw new ArgumentException("AckInboxCapacity must be at least 1.");
            }
        }
    }
}
