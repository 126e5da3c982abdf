using EdgeOracle.Firmware.Core.Protocol;

namespace EdgeOracle.Firmware.Core.Tests.Protocol
{
    public sealed class TopicsTests
    {
        [Fact]
        public void Topics_FollowTheSpecLayout_WithTheDeviceLowerCased()
        {
            const string device = "0xAbCdEf0000000000000000000000000000000001";
            Assert.Equal("eo/v1/0xabcdef0000000000000000000000000000000001/obs", Topics.Observations(device));
            Assert.Equal("eo/v1/0xabcdef0000000000000000000000000000000001/pay", Topics.Payments(device));
            Assert.Equal("eo/v1/0xabcdef0000000000000000000000000000000001/ack", Topics.Acks(device));
            Assert.Equal("eo/v1/+/obs", Topics.ObservationFilter);
            Assert.Equal("eo/v1/+/pay", Topics.PaymentFilter);
        }

        [Fact]
        public void ObservationFlags_ReservedBits_AreAllButTheFourDefined()
        {
            Assert.False(ObservationFlags.HasReservedBits(ObservationFlags.Stuck | ObservationFlags.OutOfRange | ObservationFlags.Gap | ObservationFlags.Rebooted));
            Assert.True(ObservationFlags.HasReservedBits(1u << 4));
            Assert.True(ObservationFlags.HasReservedBits(1u << 31));
        }

        [Fact]
        public void DeviceRoles_AllowOneKindEach()
        {
            Assert.Equal(MessageKinds.Observation, DeviceRoles.AllowedKind(DeviceRoles.Sensor));
            Assert.Equal(MessageKinds.PaymentIntent, DeviceRoles.AllowedKind(DeviceRoles.Terminal));
            Assert.Equal(MessageKinds.Observation, DeviceRoles.AllowedKind(DeviceRoles.Meter));
            Assert.Equal(0, DeviceRoles.AllowedKind(4));
            Assert.True(MessageKinds.IsKnown(DeviceRoles.AllowedKind(DeviceRoles.Sensor)));
            Assert.False(MessageKinds.IsKnown(0));
            Assert.False(MessageKinds.IsKnown(3));
        }
    }
}
