using System.Numerics;
using Nethereum.ABI.FunctionEncoding.Attributes;

namespace EdgeOracle.Emulator.Eip712
{
    /// <summary>
    /// EIP-3009 <c>ReceiveWithAuthorization</c> as Nethereum's EIP-712 encoder sees it; the field order makes the type
    /// string of PROTOCOL.md §3.
    /// </summary>
    [Struct("ReceiveWithAuthorization")]
    public sealed class ReceiveWithAuthorizationMessage
    {
        /// <summary>Gets or sets the payer (the customer wallet).</summary>
        [Parameter("address", "from", 1)]
        public string From { get; set; } = "";

        /// <summary>Gets or sets the payee, which must also be the caller: the payment router.</summary>
        [Parameter("address", "to", 2)]
        public string To { get; set; } = "";

        /// <summary>Gets or sets the amount in token minor units (the intent's amount).</summary>
        [Parameter("uint256", "value", 3)]
        public BigInteger Value { get; set; }

        /// <summary>Gets or sets the time after which the authorization is valid, Unix seconds.</summary>
        [Parameter("uint256", "validAfter", 4)]
        public BigInteger ValidAfter { get; set; }

        /// <summary>Gets or sets the time before which the authorization is valid, Unix seconds.</summary>
        [Parameter("uint256", "validBefore", 5)]
        public BigInteger ValidBefore { get; set; }

        /// <summary>Gets or sets the 32-byte nonce: the payment intent's digest.</summary>
        [Parameter("bytes32", "nonce", 6)]
        public byte[] Nonce { get; set; } = new byte[32];
    }

    /// <summary>The device protocol's <c>Observation</c> for Nethereum's EIP-712 encoder (PROTOCOL.md §3).</summary>
    [Struct("Observation")]
    public sealed class ObservationMessage
    {
        /// <summary>Gets or sets the signing sensor.</summary>
        [Parameter("address", "device", 1)]
        public string Device { get; set; } = "";

        /// <summary>Gets or sets the sensor's message sequence.</summary>
        [Parameter("uint64", "sequence", 2)]
        public ulong Sequence { get; set; }

        /// <summary>Gets or sets the metric code.</summary>
        [Parameter("uint32", "metric", 3)]
        public uint Metric { get; set; }

        /// <summary>Gets or sets the window start, Unix seconds.</summary>
        [Parameter("uint64", "windowStart", 4)]
        public ulong WindowStart { get; set; }

        /// <summary>Gets or sets the window end, Unix seconds.</summary>
        [Parameter("uint64", "windowEnd", 5)]
        public ulong WindowEnd { get; set; }

        /// <summary>Gets or sets the aggregate value in the metric's unit.</summary>
        [Parameter("int64", "value", 6)]
        public long Value { get; set; }

        /// <summary>Gets or sets how many raw samples the value aggregates.</summary>
        [Parameter("uint32", "sampleCount", 7)]
        public uint SampleCount { get; set; }

        /// <summary>Gets or sets the health flags.</summary>
        [Parameter("uint32", "flags", 8)]
        public uint Flags { get; set; }

        /// <summary>Gets or sets the digest of the sensor's previous message.</summary>
        [Parameter("bytes32", "prevHash", 9)]
        public byte[] PrevHash { get; set; } = new byte[32];
    }

    /// <summary>The device protocol's <c>PaymentIntent</c> for Nethereum's EIP-712 encoder (PROTOCOL.md §3).</summary>
    [Struct("PaymentIntent")]
    public sealed class PaymentIntentMessage
    {
        /// <summary>Gets or sets the signing terminal.</summary>
        [Parameter("address", "terminal", 1)]
        public string Terminal { get; set; } = "";

        /// <summary>Gets or sets the merchant who is paid.</summary>
        [Parameter("address", "merchant", 2)]
        public string Merchant { get; set; } = "";

        /// <summary>Gets or sets the settlement token.</summary>
        [Parameter("address", "token", 3)]
        public string Token { get; set; } = "";

        /// <summary>Gets or sets the price in token minor units.</summary>
        [Parameter("uint256", "amount", 4)]
        public BigInteger Amount { get; set; }

        /// <summary>Gets or sets the expiry, Unix seconds.</summary>
        [Parameter("uint64", "expiry", 5)]
        public ulong Expiry { get; set; }

        /// <summary>Gets or sets the merchant's order reference.</summary>
        [Parameter("bytes32", "orderRef", 6)]
        public byte[] OrderRef { get; set; } = new byte[32];

        /// <summary>Gets or sets the terminal's message sequence.</summary>
        [Parameter("uint64", "sequence", 7)]
        public ulong Sequence { get; set; }

        /// <summary>Gets or sets the digest of the terminal's previous message.</summary>
        [Parameter("bytes32", "prevHash", 8)]
        public byte[] PrevHash { get; set; } = new byte[32];
    }
}
