using System;
using EdgeOracle.Firmware.Core.Config;

namespace EdgeOracle.Emulator.Tests.Config
{
    public class DeviceConfigTests
    {
        private const string Valid = """
            # provisioned
            role=terminal
            device=0x70997970c51812dc3a010c7d01b50e0d17dc79c8
            chainId=31337
            deviceRegistry=0x5fbdb2315678afecb367f032d93f642f64180aa3
            brokerHost=gateway.local
            brokerPort=8883
            brokerTls=true
            merchant=0x90f79bf6eb2c4f870365e785982e1f101e93b906
            tokenDecimals=6
            """;

        [Fact]
        public void Parse_ReadsEveryKey()
        {
            DeviceConfig c = DeviceConfig.Parse(Valid.Replace("\r", string.Empty, StringComparison.Ordinal));

            Assert.Equal("terminal", c.Role);
            Assert.Equal(31337ul, c.ChainId);
            Assert.Equal(20, c.DeviceRegistry.Length);
            Assert.Equal(("gateway.local", 8883, true), (c.BrokerHost, c.BrokerPort, c.BrokerTls));
            Assert.Equal(6, c.GetInt("tokenDecimals"));
            Assert.False(c.Has("wifiSsid"));
        }

        [Theory]
        [InlineData("colour=blue")]
        [InlineData("role=terminal")]
        [InlineData("this line has no equals sign")]
        public void Parse_RefusesUnknownRepeatedOrMalformedLines(string extra)
        {
            Assert.Throws<ArgumentException>(() => DeviceConfig.Parse(Valid + "\n" + extra));
        }

        [Fact]
        public void Parse_RefusesAMissingRequiredKey_AndAnUnknownRole()
        {
            Assert.Throws<ArgumentException>(() => DeviceConfig.Parse(Valid.Replace("brokerPort=8883", string.Empty, StringComparison.Ordinal)));
            Assert.Throws<ArgumentException>(() => DeviceConfig.Parse(Valid.Replace("role=terminal", "role=gateway", StringComparison.Ordinal)));
        }

        [Fact]
        public void Parse_ReadsAMetersKeys()
        {
            DeviceConfig c = DeviceConfig.Parse(Meter);

            Assert.Equal("meter", c.Role);
            Assert.Equal((800u, 3600u, 5000u), (c.MeterImpulsesPerKwh, c.MeterIntervalSeconds, c.MeterMaxPowerWatts));
        }

        [Theory]
        [InlineData("meterImpulsesPerKwh=800", "")]
        [InlineData("meterImpulsesPerKwh=800", "meterImpulsesPerKwh=0")]
        [InlineData("meterIntervalSeconds=3600", "meterIntervalSeconds=7000")]
        public void Parse_RefusesAMeterWithoutAValidConstantOrInterval(string key, string replacement)
        {
            Assert.Throws<ArgumentException>(() => DeviceConfig.Parse(Meter.Replace(key, replacement, StringComparison.Ordinal)));
        }

        private static string Meter => Valid.Replace("\r", string.Empty, StringComparison.Ordinal)
            .Replace("role=terminal", "role=meter", StringComparison.Ordinal)
            .Replace("merchant=0x90f79bf6eb2c4f870365e785982e1f101e93b906\ntokenDecimals=6", "meterImpulsesPerKwh=800\nmeterIntervalSeconds=3600\nmeterMaxPowerWatts=5000", StringComparison.Ordinal);
    }
}
