using EdgeOracle.Firmware.Core.Protocol;

namespace EdgeOracle.Emulator.Devices
{
    /// <summary>One signed observation of a window other than rainfall, and the gateway's answer.</summary>
    /// <param name="Metric">The PROTOCOL.md metric code.</param>
    /// <param name="Value">The signed value in the metric's unit.</param>
    /// <param name="SampleCount">Samples aggregated.</param>
    /// <param name="Flags">Health flags.</param>
    /// <param name="Sequence">The observation's sequence.</param>
    /// <param name="Reason">The gateway's reason code.</param>
    public sealed record ObservationResult(uint Metric, long Value, uint SampleCount, uint Flags, ulong Sequence, byte Reason)
    {
        /// <summary>Gets whether the gateway stored it.</summary>
        public bool Accepted => ReasonCodes.IsSuccess(Reason);
    }
}
