using System;
using System.Collections.Generic;
using System.Linq;
using EdgeOracle.Firmware.Core.Protocol;

namespace EdgeOracle.Emulator.Devices
{
    /// <summary>One signed energy observation of an emulated meter and the gateway's answer.</summary>
    /// <param name="WindowStart">Start of the window.</param>
    /// <param name="WindowEnd">End of the window (exclusive).</param>
    /// <param name="Pulses">S0 pulses the firmware counted (the observation's sample count).</param>
    /// <param name="WattHours">The observation's value, Wh (0 for a window flagged as tamper).</param>
    /// <param name="Flags">The observation's flags.</param>
    /// <param name="Sequence">The observation's sequence.</param>
    /// <param name="Digest">The observation's EIP-712 digest.</param>
    /// <param name="Envelope">The 167-byte envelope published.</param>
    /// <param name="Reason">The gateway's reason code.</param>
    public sealed record MeterWindowResult(
        DateTimeOffset WindowStart,
        DateTimeOffset WindowEnd,
        uint Pulses,
        long WattHours,
        uint Flags,
        ulong Sequence,
        byte[] Digest,
        byte[] Envelope,
        byte Reason)
    {
        /// <summary>Gets whether the gateway stored the observation (success-class reason).</summary>
        public bool Accepted => ReasonCodes.IsSuccess(Reason);
    }

    /// <summary>The outcome of one simulated production day of an emulated meter.</summary>
    /// <param name="Day">The 0-based index of the day in the run.</param>
    /// <param name="Date">The day's UTC midnight.</param>
    /// <param name="ProducedWattHours">What the simulated installation produced that day (the profile's energy), Wh.</param>
    /// <param name="Windows">The observations signed during the day, in order (none while the board was off).</param>
    public sealed record MeterDayResult(int Day, DateTimeOffset Date, double ProducedWattHours, IReadOnlyList<MeterWindowResult> Windows)
    {
        /// <summary>Gets the signed energy of the day's windows, Wh.</summary>
        public long WattHours => Windows.Sum(w => w.WattHours);

        /// <summary>Gets the pulses counted in the day's windows.</summary>
        public long Pulses => Windows.Sum(w => (long)w.Pulses);

        /// <summary>Gets the flags of all the day's windows, ORed.</summary>
        public uint Flags => Windows.Aggregate(0u, (flags, w) => flags | w.Flags);

        /// <summary>Gets whether the gateway stored every observation of the day.</summary>
        public bool Accepted => Windows.All(w => w.Accepted);
    }
}
