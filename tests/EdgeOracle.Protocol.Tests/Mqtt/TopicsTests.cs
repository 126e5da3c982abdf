using System;
using EdgeOracle.Protocol;
using EdgeOracle.Protocol.Mqtt;
using Xunit;

namespace EdgeOracle.Protocol.Tests.Mqtt;

public class TopicsTests
{
    private const string Device = "0x70997970c51812dc3a010c7d01b50e0d17dc79c8";

    [Theory]
    [InlineData("eo/v1/" + Device + "/obs", true, "obs")]
    [InlineData("eo/v1/" + Device + "/pay", true, "pay")]
    [InlineData("eo/v1/" + Device + "/ack", true, "ack")]
    [InlineData("eo/v2/" + Device + "/obs", false, "")]
    [InlineData("eo/v1/" + Device + "/obs/extra", false, "")]
    [InlineData("eo/v1/" + Device, false, "")]
    public void TrySplit_SeparatesDeviceAndLeaf_OnlyForProtocolTopics(string topic, bool expected, string leaf)
    {
        Assert.Equal(expected, Topics.TrySplit(topic, out var device, out var actualLeaf));
        if (expected)
        {
            Assert.Equal(Device, device.ToString());
            Assert.Equal(leaf, actualLeaf.ToString());
        }
    }

    [Fact]
    public void TryParseDevice_AcceptsOnlyTheCanonicalLowerCaseForm()
    {
        Assert.True(Topics.TryParseDevice(Device, out var address));
        Assert.Equal(Device, address.ToString());
        Assert.False(Topics.TryParseDevice(Device.ToUpperInvariant().Replace("0X", "0x"), out _));
        Assert.False(Topics.TryParseDevice(Device.AsSpan(2), out _));
        Assert.False(Topics.TryParseDevice("+", out _));
    }

    [Fact]
    public void Ack_IsTheDevicesAckTopic()
    {
        Assert.Equal($"eo/v1/{Device}/ack", Topics.Ack(Address.Parse(Device)));
    }
}
