using System;
using EdgeOracle.Firmware.Core.Terminal;

namespace EdgeOracle.Emulator.Devices
{
    /// <summary>A progress report from an emulated terminal: a state change, with a line to print.</summary>
    /// <param name="State">The state the terminal entered.</param>
    /// <param name="Time">When, by the terminal's clock.</param>
    /// <param name="Text">A one-line description.</param>
    public sealed record TerminalProgress(TerminalState State, DateTimeOffset Time, string Text);
}
