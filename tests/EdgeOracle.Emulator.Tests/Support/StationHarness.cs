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

        /// <summary>A rain station, or with <paramref name="meter"/> an energy-meter station.</summary>
        public StationHarness(DateTimeOffset? start = null, SensorStationConfig? config = null, EnergyMeter? meter = null)
        {
            Clock = new VirtualClock(start ?? Monday);
            Config = config ?? new SensorStationConfig { AckTimeoutMilliseconds = 30000 };
            Identity = new DeviceIdentity(TestKeys.Sensor);
            Domain = Eip712Domain.ForDeployment(TestKeys.ChainId, Hex.Decode(TestKeys.Registry));
            Gauge = new RainGauge(0);
            Meter = meter;
            MessageSigner signer = new(Identity, Domain, new MessageChain());
            Station = meter is null
                ? new SensorStation(signer, Identity.AddressHex, Gauge, Clock, Transport, Config)
                : new SensorStation(signer, Identity.AddressHex, meter, Clock, Transport, Config);
            Station.ObservationSigned += (_, message, _) => Signed.Add(message);
        }

        public VirtualClock Clock { get; }

        public FakeTransport Transport { get; } = new();

        public RainGauge Gauge { get; }

        /// <summary>The S0 counter of a meter station (null for a rain station).</summary>
        public EnergyMeter? Meter { get; }

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

        /// <summary>Counts <paramref name="count"/> S0 pulses on the meter now (no debounce in the way when it is 0).</summary>
        public void Pulses(int count)
        {
            for (int i = 0; i < count; i++)
            {
                Meter!.Pulses.Record(Clock.GetMonotonicMilliseconds());
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
