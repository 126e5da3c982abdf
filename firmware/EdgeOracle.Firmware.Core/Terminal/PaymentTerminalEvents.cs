namespace EdgeOracle.Firmware.Core.Terminal
{
    /// <summary>Raised when a <see cref="PaymentTerminal"/> moves from one state to another.</summary>
    /// <param name="terminal">The terminal.</param>
    /// <param name="previous">The state it left.</param>
    /// <param name="current">The state it entered.</param>
    public delegate void TerminalStateChangedHandler(PaymentTerminal terminal, TerminalState previous, TerminalState current);
}
