using System;
using System.Collections.Generic;
using EdgeOracle.Emulator.Time;
using EdgeOracle.Firmware.Core.Crypto;
using EdgeOracle.Firmware.Core.Device;
using EdgeOracle.Firmware.Core.Protocol;
using EdgeOracle.Firmware.Core.Sensors;
using EdgeOracle.Firmware.Core.Station;

namespace EdgeOracle.Emulator.Tests.Support
{
    /// <summary>A firmware SensorStation on a virtual clock and an in-memory transport.</summary>
    internal sealed class StationHarness
    {
        public static readonly DateTimeOffset Monday = new(2025, 6, 2, 0, 0, 0, TimeSpan.Zero);

        public StationHarness(DateTimeOffset? start = null, SensorStationConfig? config = null)
        {
            Clock = new VirtualClock(start ?? Monday);
            Config = config ?? new SensorStationConfig { AckTimeoutMilliseconds = 30000 };
            Identity = new DeviceIdentity(TestKeys.Sensor);
            Domain = Eip712Domain.ForDeployment(TestKeys.ChainId, Hex.Decode(TestKeys.Registry));
            Gauge = new RainGauge(0);
            Station = new SensorStation(new MessageSigner(Identity, Domain, new MessageChain()), Identity.AddressHex, Gauge, Clock, Transport, Config);
            Station.ObservationSigned += (_, message, _) => Signed.Add(message);
        }

        public VirtualClock Clock { get; }

        public FakeTransport Transport { get; } = new();

        public RainGauge Gauge { get; }

        public SensorStation Station { get; }

        public DeviceIdentity Identity { get; }

        public Eip712Domain Domain { get; }

        public SensorStationConfig Config { get; }

        public List<SignedMessage> Signed { get; } = new();

        /// <summary>Envelopes published so far, in order.</summary>
        public List<byte[]> Sent => Transport.Published.ConvertAll(p => p.Payload);

        public void Tips(int count)
        {
            for (int i = 0; i < count; i++)
            {
                Gauge.RecordTip(Clock.GetMonotonicMilliseconds());
            }
        }

        /// <summary>Moves the clock to the open window's end and polls: the window closes and its observation goes out.</summary>
        public SignedMessage CloseWindow()
        {
            if (!Station.WindowOpen)
            {
                Station.Poll();
            }

            int before = Signed.Count;
            Clock.AdvanceTo(DateTimeOffset.FromUnixTimeSeconds((long)Station.WindowEnd));
            Station.Poll();
            if (Signed.Count != before + 1)
            {
                throw new InvalidOperationException("The window closed without signing an observation.");
            }

            return Signed[^1];
        }

        public void Ack(SignedMessage message, byte reason) =>
            Station.AckReceived(Acks.For(message.Kind, message.Sequence, reason, message.Digest));

        public void AdvanceMs(int milliseconds) => Clock.Advance(TimeSpan.FromMilliseconds(milliseconds));
    }
}
