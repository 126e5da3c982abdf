namespace EdgeOracle.Firmware.Core.Ports
{
    /// <summary>A line-oriented text output, e.g. the UART to the shop's till.</summary>
    public interface ILineOutput
    {
        /// <summary>Writes one line; the adapter appends the line ending ("\n").</summary>
        /// <param name="line">ASCII text without a line ending.</param>
        void WriteLine(string line);
    }
}
