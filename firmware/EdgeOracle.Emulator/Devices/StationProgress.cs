using System;

namespace EdgeOracle.Emulator.Devices
{
    /// <summary>What just happened in an emulated sensor station or energy meter.</summary>
    public enum StationProgressKind
    {
        /// <summary>The virtual gauge tipped for a slice of the day.</summary>
        RainFell,

        /// <summary>A window closed and its observation was signed.</summary>
        ObservationSigned,

        /// <summary>An observation was published (or re-sent).</summary>
        ObservationPublished,

        /// <summary>The gateway answered an observation.</summary>
        AckReceived,

        /// <summary>A window was lost because the outbox was full.</summary>
        ObservationDropped,

        /// <summary>The virtual S0 output pulsed for a window's production (energy meter).</summary>
        EnergyProduced,

        /// <summary>The grid went down or came back: the meter board is off or on again (energy meter).</summary>
        PowerChanged,
    }

    /// <summary>A progress report from an emulated sensor station, for a CLI to print.</summary>
    /// <param name="Kind">What happened.</param>
    /// <param name="Day">The 0-based index of the simulated day in the current run.</param>
    /// <param name="SimulatedTime">The virtual clock's time.</param>
    /// <param name="Sequence">The message's sequence, or 0.</param>
    /// <param name="Text">A one-line description.</param>
    public sealed record StationProgress(StationProgressKind Kind, int Day, DateTimeOffset SimulatedTime, ulong Sequence, string Text);
}
