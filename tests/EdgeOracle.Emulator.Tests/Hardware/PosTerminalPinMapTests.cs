using System;
using EdgeOracle.Emulator.Hardware;

namespace EdgeOracle.Emulator.Tests.Hardware
{
    public class PosTerminalPinMapTests
    {
        [Fact]
        public void EmbeddedPosPinMap_IsTheFileInTheHardwareFolder()
        {
            PosTerminalPinMap embedded = PosTerminalPinMap.LoadEmbedded();
            PosTerminalPinMap file = PosTerminalPinMap.Parse(System.IO.File.ReadAllText(Support.RepoPaths.Of("hardware", "pos-terminal", "pinmap.json")));

            Assert.Equal(file, embedded);
            Assert.Equal("0x3C", embedded.Ssd1306.Address);
            Assert.Equal(5, embedded.Pn532.CsGpio);
        }

        [Fact]
        public void Parse_RefusesAMapWithoutTheBuzzer()
        {
            Assert.Throws<FormatException>(() => PosTerminalPinMap.Parse("""{ "board": "x", "pn532": { "sckGpio": 18, "misoGpio": 19, "mosiGpio": 23, "csGpio": 5, "irqGpio": 4, "resetGpio": 16, "clockHz": 1000000 }, "ssd1306": { "sdaGpio": 21, "sclGpio": 22, "address": "0x3C", "width": 128, "height": 64 } }"""));
        }
    }
}
