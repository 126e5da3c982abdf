using System;

namespace EdgeOracle.Emulator.Hardware
{
    /// <summary>
    /// The POS terminal's pin map, <c>hardware/pos-terminal/pinmap.json</c>, embedded at build: the emulated terminal
    /// reads its display address, buzzer frequency and NFC wiring from here, as the ESP32 app does on the device.
    /// </summary>
    public sealed record PosTerminalPinMap
    {
        private const string ResourceName = "EdgeOracle.Emulator.Hardware.pos-terminal.pinmap.json";

        /// <summary>Gets the board.</summary>
        public required string Board { get; init; }

        /// <summary>Gets the PN532's SPI wiring.</summary>
        public required Pn532Pins Pn532 { get; init; }

        /// <summary>Gets the OLED's I2C wiring and size.</summary>
        public required DisplayPins Ssd1306 { get; init; }

        /// <summary>Gets the buzzer's pin and tone.</summary>
        public required BuzzerPins Buzzer { get; init; }

        /// <summary>Returns the pin map embedded from <c>hardware/pos-terminal/pinmap.json</c>.</summary>
        /// <returns>The parsed pin map.</returns>
        public static PosTerminalPinMap LoadEmbedded()
        {
            return Parse(PinMapJson.ReadEmbedded(ResourceName));
        }

        /// <summary>Parses a POS terminal pin map.</summary>
        /// <param name="json">The JSON text.</param>
        /// <returns>The parsed pin map.</returns>
        /// <exception cref="FormatException">The JSON is not a valid POS terminal pin map.</exception>
        public static PosTerminalPinMap Parse(string json)
        {
            return PinMapJson.Parse<PosTerminalPinMap>(json, "POS terminal");
        }
    }

    /// <summary>The PN532 on SPI.</summary>
    /// <param name="SckGpio">Clock.</param>
    /// <param name="MisoGpio">MISO.</param>
    /// <param name="MosiGpio">MOSI.</param>
    /// <param name="CsGpio">Chip select.</param>
    /// <param name="IrqGpio">Interrupt.</param>
    /// <param name="ResetGpio">Reset.</param>
    /// <param name="ClockHz">SPI clock.</param>
    public sealed record Pn532Pins(int SckGpio, int MisoGpio, int MosiGpio, int CsGpio, int IrqGpio, int ResetGpio, int ClockHz);

    /// <summary>The SSD1306 on I2C.</summary>
    /// <param name="SdaGpio">Data.</param>
    /// <param name="SclGpio">Clock.</param>
    /// <param name="Address">7-bit address as hex.</param>
    /// <param name="Width">Pixels across.</param>
    /// <param name="Height">Pixels down.</param>
    public sealed record DisplayPins(int SdaGpio, int SclGpio, string Address, int Width, int Height);

    /// <summary>The piezo buzzer.</summary>
    /// <param name="Gpio">The PWM pin.</param>
    /// <param name="FrequencyHz">The tone.</param>
    public sealed record BuzzerPins(int Gpio, int FrequencyHz);
}
