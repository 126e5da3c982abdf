using System.Linq;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using EdgeOracle.Gateway.Chain;
using EdgeOracle.Gateway.Protocol;
using EdgeOracle.Gateway.Tests.TestSupport;
using Xunit;

namespace EdgeOracle.Gateway.Tests.Chain;

// How the Nethereum adapter reads node answers: a revert at gas estimation is permanent, an unreachable node transient.
public class NethereumChainClientTests
{
    // anvil's answer to eth_estimateGas for a call that reverts with a custom error (selector + one argument).
    private const string CustomErrorData = "0x1d6b654e0000000000000000000000000000000000000000000000000000000000000002";

    [Fact]
    public async Task SendAsync_ReportsARevertAtEstimation_AsRevertedWithItsData()
    {
        await using var node = new FakeJsonRpcServer();
        Node(node).Fail("eth_estimateGas", 3, "execution reverted: custom error 1d6b654e", CustomErrorData);

        var result = await Client(node.Url).SendAsync(Call(), CancellationToken.None);

        Assert.Equal(SendStatus.Reverted, result.Status);
        Assert.Contains(CustomErrorData[2..], result.Error, System.StringComparison.Ordinal);
        Assert.DoesNotContain("eth_sendRawTransaction", node.Calls);
    }

    [Fact]
    public async Task SendAsync_ReportsAnUnreachableNode_AsTransient()
    {
        var result = await Client(FakeJsonRpcServer.ClosedUrl()).SendAsync(Call(), CancellationToken.None);

        Assert.Equal(SendStatus.Transient, result.Status);
    }

    [Fact]
    public async Task SendAsync_ReturnsTheTransactionHash_WhenTheNodeTakesTheTransaction()
    {
        await using var node = new FakeJsonRpcServer();
        Node(node).On("eth_estimateGas", _ => "0x30000").On("eth_sendRawTransaction", _ => "0x" + new string('a', 64));

        var result = await Client(node.Url).SendAsync(Call(), CancellationToken.None);

        Assert.Equal(SendResult.Sent("0x" + new string('a', 64)), result);
        Assert.Equal("eth_sendRawTransaction", node.Calls.Last());
    }

    [Fact]
    public async Task GetReceiptAsync_ReadsStatusAndBlock_AndNullWhilePending()
    {
        await using var node = new FakeJsonRpcServer();
        var mined = "0x" + new string('b', 64);
        node.On("eth_getTransactionReceipt", p => p[0]!.GetValue<string>() == mined
            ? new JsonObject { ["transactionHash"] = mined, ["blockNumber"] = "0xc", ["status"] = "0x0", ["logs"] = new JsonArray() }
            : (JsonNode)JsonValue.Create((string?)null)!);
        node.On("eth_blockNumber", _ => "0x10");
        var client = Client(node.Url);

        Assert.Equal(new ChainReceipt(false, 12), await client.GetReceiptAsync(mined, CancellationToken.None));
        Assert.Null(await client.GetReceiptAsync("0x" + new string('c', 64), CancellationToken.None));
        Assert.Equal(16, await client.GetBlockNumberAsync(CancellationToken.None));
    }

    private static FakeJsonRpcServer Node(FakeJsonRpcServer node) => node
        .On("eth_chainId", _ => "0x7a69")
        .On("eth_getTransactionCount", _ => "0x0")
        .On("eth_gasPrice", _ => "0x3b9aca00")
        .On("eth_maxPriorityFeePerGas", _ => "0x3b9aca00")
        .On("eth_getBlockByNumber", _ => new JsonObject { ["number"] = "0x1", ["baseFeePerGas"] = "0x3b9aca00", ["transactions"] = new JsonArray() })
        .On("eth_feeHistory", _ => new JsonObject
        {
            ["oldestBlock"] = "0x1",
            ["baseFeePerGas"] = new JsonArray("0x3b9aca00", "0x3b9aca00"),
            ["gasUsedRatio"] = new JsonArray(0.5),
            ["reward"] = new JsonArray(new JsonArray("0x3b9aca00")),
        });

    private static RelayCall Call()
    {
        var message = new TestDevice().Observation();
        EnvelopeDecoder.ReadObservation(message.Payload, out var envelope);
        return new RelayCall(TestChain.Insurance, RelayCall.ForObservation(envelope!));
    }

    private static NethereumChainClient Client(string url)
    {
        var options = TestChain.Options(relayEnabled: true);
        options.RpcUrl = url;
        return new NethereumChainClient(new ChainConnection(Microsoft.Extensions.Options.Options.Create(options)));
    }
}
