using System.Threading;
using System.Threading.Tasks;
using EdgeOracle.Gateway.Chain;
using Nethereum.RPC.NonceServices;
using Xunit;

namespace EdgeOracle.Gateway.Tests.Chain;

public sealed class NonceManagerTests
{
    private long _nodePending = 5;
    private int _reads;

    [Fact]
    public async Task TakeAsync_StartsAtTheNodesPendingCount_ThenCountsLocally()
    {
        var nonces = Manager();

        var taken = new[] { await nonces.TakeAsync(default), await nonces.TakeAsync(default), await nonces.TakeAsync(default) };

        Assert.Equal([5L, 6L, 7L], taken);
        Assert.Equal(1, _reads);
    }

    [Fact]
    public async Task TakeAsync_HandsOutAGivenBackNonceFirst()
    {
        var nonces = Manager();
        await nonces.TakeAsync(default);
        var second = await nonces.TakeAsync(default);
        await nonces.TakeAsync(default);

        nonces.Release(second);

        var refilled = await nonces.TakeAsync(default);
        var fresh = await nonces.TakeAsync(default);

        Assert.Equal((6L, 8L), (refilled, fresh));
    }

    [Fact]
    public async Task ResyncAsync_MovesUpToTheNode_ButNeverDown_AndDropsGivenBackNoncesItPassed()
    {
        var nonces = Manager();
        for (var i = 0; i < 4; i++)
        {
            await nonces.TakeAsync(default);
        }

        nonces.Release(6);
        _nodePending = 7;
        await nonces.ResyncAsync(default);
        var afterDown = await nonces.TakeAsync(default);
        _nodePending = 20;
        await nonces.ResyncAsync(default);

        Assert.Equal(9L, afterDown);
        Assert.Equal(20L, await nonces.TakeAsync(default));
    }

    [Fact]
    public async Task EnsureAtLeastAsync_KeepsHeldNoncesFromBeingHandedOut()
    {
        var nonces = Manager();

        await nonces.EnsureAtLeastAsync(9, default);
        await nonces.EnsureAtLeastAsync(3, default);

        Assert.Equal(9L, await nonces.TakeAsync(default));
    }

    [Fact]
    public async Task OtherNethereumSenders_TakeFromTheSameCounter()
    {
        var nonces = Manager();
        INonceService nethereum = nonces;

        var mine = await nonces.TakeAsync(default);
        var theirs = (await nethereum.GetNextNonceAsync()).Value;

        Assert.Equal((5L, 6L), (mine, (long)theirs));
        Assert.Equal(7L, nonces.Next);
    }

    private NonceManager Manager() => new(_ =>
    {
        Interlocked.Increment(ref _reads);
        return Task.FromResult(_nodePending);
    });
}
