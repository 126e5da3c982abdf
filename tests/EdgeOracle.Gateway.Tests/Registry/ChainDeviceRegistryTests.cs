using System.Threading;
using System.Threading.Tasks;
using EdgeOracle.Gateway.Chain;
using EdgeOracle.Protocol;
using EdgeOracle.Gateway.Registry;
using EdgeOracle.Gateway.Tests.TestSupport;
using Xunit;

namespace EdgeOracle.Gateway.Tests.Registry;

public class ChainDeviceRegistryTests
{
    private const string Owner = "0x70997970c51812dc3a010c7d01b50e0d17dc79c8";

    [Fact]
    public async Task GetAsync_DecodesDeviceInfo_FromTheEthCallResult()
    {
        await using var node = new FakeJsonRpcServer();
        string? calledTo = null;
        node.On("eth_call", p =>
        {
            calledTo = p[0]!["to"]!.GetValue<string>();
            return "0x" + Word(Owner[2..]) + Word("02") + Word("01");
        });
        var device = new TestDevice();

        var info = await Registry(node.Url).GetAsync(device.GatewayAddress, CancellationToken.None);

        Assert.Equal(new DeviceInfo(Address.Parse(Owner), DeviceRole.Terminal, true), info);
        Assert.Equal(TestChain.Registry, calledTo, ignoreCase: true);
    }

    [Fact]
    public async Task GetAsync_ReadsAnUnknownDevice_AsUnregistered()
    {
        await using var node = new FakeJsonRpcServer();
        node.On("eth_call", _ => "0x" + Word("") + Word("") + Word(""));

        var info = await Registry(node.Url).GetAsync(new TestDevice().GatewayAddress, CancellationToken.None);

        Assert.False(info.IsRegistered);
    }

    [Fact]
    public async Task GetAsync_ThrowsRegistryUnavailable_WhenTheNodeCannotBeReached()
    {
        var registry = Registry(FakeJsonRpcServer.ClosedUrl());

        await Assert.ThrowsAsync<RegistryUnavailableException>(() => registry.GetAsync(new TestDevice().GatewayAddress, CancellationToken.None).AsTask());
    }

    private static ChainDeviceRegistry Registry(string url)
    {
        var options = TestChain.Options();
        options.RpcUrl = url;
        var wrapped = Microsoft.Extensions.Options.Options.Create(options);
        return new ChainDeviceRegistry(new ChainConnection(wrapped), wrapped);
    }

    private static string Word(string hex) => hex.PadLeft(64, '0');
}
