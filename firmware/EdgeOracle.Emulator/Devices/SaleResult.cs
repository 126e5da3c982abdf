using System;
using EdgeOracle.Firmware.Core.Protocol;
using EdgeOracle.Firmware.Core.Terminal;

namespace EdgeOracle.Emulator.Devices
{
    /// <summary>The outcome of one emulated sale.</summary>
    /// <param name="State">Where the terminal ended: Approved, Declined or TimedOut.</param>
    /// <param name="Reason">The gateway's reason code, or <c>null</c> if it never answered.</param>
    /// <param name="Sequence">The intent's sequence.</param>
    /// <param name="IntentDigest">The intent's EIP-712 digest (the customer's nonce).</param>
    /// <param name="IntentEnvelope">The 243-byte intent envelope the customer read.</param>
    /// <param name="Submission">The 344-byte (cross-border: 396-byte) submission published, or <c>null</c> if none was.</param>
    /// <param name="Customer">The customer wallet's address.</param>
    /// <param name="Topic">The topic the submission went to.</param>
    public sealed record SaleResult(
        TerminalState State,
        byte? Reason,
        ulong Sequence,
        byte[] IntentDigest,
        byte[] IntentEnvelope,
        byte[]? Submission,
        string Customer,
        string Topic)
    {
        /// <summary>Gets whether the gateway stored the payment.</summary>
        public bool Approved => State == TerminalState.Approved;

        /// <summary>Gets the reason's name, or "no answer".</summary>
        public string ReasonName => Reason is byte reason ? ReasonCodes.Name(reason) : "no answer";

        /// <summary>Throws with a message that says what went wrong unless the sale was approved.</summary>
        /// <returns>This result, for chaining.</returns>
        /// <exception cref="InvalidOperationException">The sale was declined or timed out.</exception>
        public SaleResult EnsureApproved() => Approved
            ? this
            : throw new InvalidOperationException(
                $"Sale #{Sequence} (intent 0x{Convert.ToHexStringLower(IntentDigest)}) ended {State} on {Topic}: {ReasonName}.");
    }
}
