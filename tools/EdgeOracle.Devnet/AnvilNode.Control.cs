using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Net.Http;
using System.Net.Http.Json;
using System.Numerics;
using System.Text.Json;
using System.Threading.Tasks;

namespace EdgeOracle.Devnet;

/// <summary>
/// anvil's own controls over JSON-RPC, for tests that need the chain to misbehave: mining on demand, a base fee that
/// jumps, dropped transactions and reorganisations (<c>anvil_reorg</c>: the last blocks replaced by as many new ones,
/// with chosen transactions taken into them or lost).
/// </summary>
public sealed partial class AnvilNode
{
    private readonly Lazy<HttpClient> _rpc;

    /// <summary>Calls <paramref name="method"/> and returns its result; a JSON-RPC error throws <see cref="InvalidOperationException"/>.</summary>
    public async Task<JsonElement> RpcAsync(string method, params object[] parameters)
    {
        var response = await _rpc.Value.PostAsJsonAsync(string.Empty, new { jsonrpc = "2.0", id = 1, method, @params = parameters }).ConfigureAwait(false);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>().ConfigureAwait(false);
        if (body.TryGetProperty("error", out var error))
        {
            throw new InvalidOperationException(method + ": " + error);
        }

        return body.GetProperty("result");
    }

    /// <summary>Turns mining a block per transaction on or off (<c>evm_setAutomine</c>).</summary>
    public Task SetAutomineAsync(bool enabled) => RpcAsync("evm_setAutomine", enabled);

    /// <summary>Mines a block every <paramref name="seconds"/> (<c>evm_setIntervalMining</c>; 0 stops it).</summary>
    public Task SetIntervalMiningAsync(int seconds) => RpcAsync("evm_setIntervalMining", seconds);

    /// <summary>Mines <paramref name="blocks"/> blocks now (<c>anvil_mine</c>), with what the pool holds.</summary>
    public Task MineAsync(int blocks = 1) => RpcAsync("anvil_mine", Hex(blocks));

    /// <summary>Moves the chain's clock forward: the next block (mined now) has timestamp <paramref name="time"/>, and later ones follow on from it.</summary>
    public async Task SetChainTimeAsync(DateTimeOffset time)
    {
        await RpcAsync("evm_setNextBlockTimestamp", time.ToUnixTimeSeconds()).ConfigureAwait(false);
        await MineAsync().ConfigureAwait(false);
    }

    /// <summary>The latest block's timestamp.</summary>
    public async Task<DateTimeOffset> ChainTimeAsync()
    {
        var block = await RpcAsync("eth_getBlockByNumber", "latest", false).ConfigureAwait(false);
        var hex = block.GetProperty("timestamp").GetString()!;
        return DateTimeOffset.FromUnixTimeSeconds(Convert.ToInt64(hex, 16));
    }

    /// <summary>Sets the base fee of the next block (<c>anvil_setNextBlockBaseFeePerGas</c>); later blocks follow EIP-1559 from it.</summary>
    public Task SetNextBlockBaseFeeAsync(BigInteger wei) => RpcAsync("anvil_setNextBlockBaseFeePerGas", Hex(wei));

    /// <summary>Forgets a transaction in the pool (<c>anvil_dropTransaction</c>).</summary>
    public Task DropTransactionAsync(string hash) => RpcAsync("anvil_dropTransaction", hash);

    /// <summary>The signed bytes of a known transaction (<c>eth_getRawTransactionByHash</c>), 0x-prefixed.</summary>
    public async Task<string> GetRawTransactionAsync(string hash) => (await RpcAsync("eth_getRawTransactionByHash", hash).ConfigureAwait(false)).GetString()!;

    /// <summary>
    /// Replaces the last <paramref name="depth"/> blocks with as many new ones (<c>anvil_reorg</c>). The transactions of
    /// the replaced blocks are lost unless listed in <paramref name="reinclude"/> (raw transaction and the index of
    /// the new block that takes it, 0 for the first).
    /// </summary>
    public Task ReorgAsync(int depth, IReadOnlyList<(string RawTransaction, int Block)>? reinclude = null) =>
        RpcAsync("anvil_reorg", depth, (reinclude ?? []).Select(t => new object[] { t.RawTransaction, t.Block }).ToArray());

    /// <summary>The pool's transactions from <paramref name="from"/> (pending and queued), as <c>txpool_content</c> lists them.</summary>
    public async Task<IReadOnlyList<JsonElement>> PooledFromAsync(string from)
    {
        var pool = await RpcAsync("txpool_content").ConfigureAwait(false);
        var found = new List<JsonElement>();
        foreach (var section in new[] { "pending", "queued" })
        {
            if (pool.TryGetProperty(section, out var bySender))
            {
                found.AddRange(bySender.EnumerateObject()
                    .Where(s => string.Equals(s.Name, from, StringComparison.OrdinalIgnoreCase))
                    .SelectMany(s => s.Value.EnumerateObject().Select(n => n.Value.Clone())));
            }
        }

        return found;
    }

    private static string Hex(BigInteger value) => "0x" + value.ToString("x", CultureInfo.InvariantCulture).TrimStart('0').PadLeft(1, '0');
}
