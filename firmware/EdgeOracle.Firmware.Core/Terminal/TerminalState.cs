namespace EdgeOracle.Firmware.Core.Terminal
{
    /// <summary>Where a <see cref="PaymentTerminal"/> is in a sale.</summary>
    public enum TerminalState
    {
        /// <summary>No sale in progress; a new one may begin.</summary>
        Idle = 0,

        /// <summary>The intent is signed and shown to the customer; waiting for the customer's authorization.</summary>
        IntentSigned = 1,

        /// <summary>The submission (intent + authorization) is published; waiting for the gateway's answer.</summary>
        Submitted = 2,

        /// <summary>The gateway stored the submission (success-class ack). A new sale may begin.</summary>
        Approved = 3,

        /// <summary>The gateway refused the submission; <see cref="PaymentTerminal.LastReason"/> says why. A new sale may begin.</summary>
        Declined = 4,

        /// <summary>The customer did not authorize before expiry, or no answer came in time. A new sale may begin.</summary>
        TimedOut = 5,
    }
}
