using System;
using System.Collections.Generic;
using EdgeOracle.Firmware.Core.Protocol;

namespace EdgeOracle.Emulator.Devices
{
    /// <summary>The outcome of one simulated day: the observation the station signed and the gateway's answer.</summary>
    /// <param name="Day">The 0-based index of the day in the run.</param>
    /// <param name="WindowStart">Start of the observation window (UTC midnight).</param>
    /// <param name="WindowEnd">End of the observation window (the next UTC midnight).</param>
    /// <param name="Tips">Bucket tips the firmware counted (the observation's sample count).</param>
    /// <param name="RainfallMicrometres">The observation's value, µm.</param>
    /// <param name="Flags">The observation's flags.</param>
    /// <param name="Sequence">The observation's sequence.</param>
    /// <param name="Digest">The observation's EIP-712 digest.</param>
    /// <param name="Envelope">The 167-byte envelope published.</param>
    /// <param name="Reason">The gateway's reason code.</param>
    public sealed record DayResult(
        int Day,
        DateTimeOffset WindowStart,
        DateTimeOffset WindowEnd,
        uint Tips,
        long RainfallMicrometres,
        uint Flags,
        ulong Sequence,
        byte[] Digest,
        byte[] Envelope,
        byte Reason)
    {
        /// <summary>Gets the window's other observations (temperature, humidity, pressure, soil), empty for a rain-only node.</summary>
        public IReadOnlyList<ObservationResult> Environment { get; init; } = [];

        /// <summary>Gets the reason's name, e.g. "Accepted".</summary>
        public string ReasonName => ReasonCodes.Name(Reason);

        /// <summary>Gets whether the gateway stored the observation (success-class reason).</summary>
        public bool Accepted => ReasonCodes.IsSuccess(Reason);
    }
}
