namespace EdgeOracle.Firmware.Core.Ports
{
    /// <summary>
    /// Where a transport adapter delivers the payloads that arrive on the device's ack topic
    /// (<c>eo/v1/{device}/ack</c>, PROTOCOL.md §4 "Acknowledgement").
    /// </summary>
    /// <remarks>
    /// Adapters call this from their own receive thread. Implementations only queue the payload; the device's
    /// host loop acts on it in its next <c>Poll()</c>, so no publish ever happens on the transport's thread.
    /// </remarks>
    public interface IAckSink
    {
        /// <summary>Hands over one raw acknowledgement payload (43 bytes when well formed).</summary>
        /// <param name="payload">The payload as received; the sink decodes and validates it.</param>
        void AckReceived(byte[] payload);
    }
}
