namespace EdgeOracle.Firmware.Core.Terminal
{
    /// <summary>
    /// Where a <see cref="PaymentTerminal"/> is in a sale: <c>Idle → Amount → IntentSigned → WaitingForCustomer →
    /// Submitted → Approved | Declined | TimedOut</c>. The numbers are stable (they appear in logs), not in sale order.
    /// </summary>
    public enum TerminalState
    {
        /// <summary>No sale in progress; a new one may begin.</summary>
        Idle = 0,

        /// <summary>The intent is signed and offered over NFC; no wallet has read it yet.</summary>
        IntentSigned = 1,

        /// <summary>The submission (intent + authorization) is published; waiting for the gateway's answer.</summary>
        Submitted = 2,

        /// <summary>The gateway stored the submission (success-class ack). A new sale may begin.</summary>
        Approved = 3,

        /// <summary>The gateway refused the submission; <see cref="PaymentTerminal.LastReason"/> says why. A new sale may begin.</summary>
        Declined = 4,

        /// <summary>The customer did not authorize before expiry, or no answer came in time. A new sale may begin.</summary>
        TimedOut = 5,

        /// <summary>The cashier entered an amount; nothing is signed yet. Confirming signs the intent.</summary>
        Amount = 6,

        /// <summary>A customer's wallet read the intent over NFC (GET-INTENT); waiting for its PUT-AUTHORIZATION.</summary>
        WaitingForCustomer = 7,
    }
}
