using EdgeOracle.Firmware.Core.Device;
using EdgeOracle.Firmware.Core.Ports;
using EdgeOracle.Firmware.Core.Protocol;

namespace EdgeOracle.Firmware.Core.Station
{
    /// <summary>Raised when a window closed and its observation was signed and put in the outbox.</summary>
    /// <param name="station">The station.</param>
    /// <param name="message">The signed message (sequence, digest, 167-byte envelope).</param>
    /// <param name="observation">The observation as signed.</param>
    public delegate void ObservationSignedHandler(SensorStation station, SignedMessage message, Observation observation);

    /// <summary>Raised after the transport took an observation; <paramref name="attempt"/> is 1 for the first send.</summary>
    /// <param name="station">The station.</param>
    /// <param name="message">The message published.</param>
    /// <param name="attempt">How many times this message has now been published.</param>
    public delegate void ObservationPublishedHandler(SensorStation station, SignedMessage message, int attempt);

    /// <summary>Raised when an acknowledgement for an outbox message was processed.</summary>
    /// <param name="station">The station.</param>
    /// <param name="message">The message the gateway answered.</param>
    /// <param name="reason">The reason code (PROTOCOL.md §7).</param>
    /// <param name="action">What the station did: forgot, dropped, or kept it for a retry.</param>
    public delegate void ObservationAnsweredHandler(SensorStation station, SignedMessage message, byte reason, AckAction action);

    /// <summary>Raised when a window closed while the outbox was full, so its observation was not signed.</summary>
    /// <param name="station">The station.</param>
    /// <param name="windowStart">Start of the lost window, Unix seconds.</param>
    /// <param name="windowEnd">End of the lost window, Unix seconds.</param>
    /// <param name="sampleCount">The lost observation's sample count (bucket tips for rainfall).</param>
    public delegate void ObservationDroppedHandler(SensorStation station, ulong windowStart, ulong windowEnd, uint sampleCount);
}
