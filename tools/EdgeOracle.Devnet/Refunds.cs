using System;
using System.Collections.Generic;
using System.Linq;
using System.Numerics;
using System.Threading.Tasks;
using EdgeOracle.Protocol;
using EdgeOracle.Protocol.Nethereum;
using Nethereum.ABI.FunctionEncoding.Attributes;
using Nethereum.Contracts;
using Nethereum.RPC.Eth.DTOs;

namespace EdgeOracle.Devnet;

/// <summary><c>IPaymentHub.SaleRecord</c>: a settled sale of a word, by its digest and payer.</summary>
[Struct("SaleRecord")]
public sealed class SaleRecordStruct
{
    [Parameter("bytes32", "digest", 1)]
    public byte[] Digest { get; set; } = [];

    [Parameter("address", "payer", 2)]
    public string Payer { get; set; } = string.Empty;
}

/// <summary><c>PaymentHub.refund(PaymentIntent intent, address payer, uint256 amount, uint128 logBefore, SaleRecord[] later)</c>.</summary>
[Function("refund")]
public sealed class RefundFunction : FunctionMessage
{
    [Parameter("tuple", "intent", 1)]
    public PaymentIntentStruct Intent { get; set; } = new();

    [Parameter("address", "payer", 2)]
    public string Payer { get; set; } = string.Empty;

    [Parameter("uint256", "amount", 3)]
    public BigInteger Amount { get; set; }

    [Parameter("uint128", "logBefore", 4)]
    public BigInteger LogBefore { get; set; }

    [Parameter("tuple[]", "later", 5)]
    public List<SaleRecordStruct> Later { get; set; } = [];
}

/// <summary>
/// A merchant's refund through PaymentHub. The hub proves the payer by the payer log of the sale's word (sequence
/// &gt;&gt; 7) of the terminal: the log before the sale, then every later sale of that word in settlement order must
/// chain to the stored log. The sales of the word come from the merchant's records (the terminal's PaymentSettled
/// events in chain order, each with its sequence).
/// </summary>
public static class Refunds
{
    /// <summary>One step of a payer log: the high 128 bits of keccak256(abi.encode(log, digest, payer)).</summary>
    public static BigInteger Step(BigInteger log, ReadOnlySpan<byte> digest, string payer)
    {
        Span<byte> encoded = stackalloc byte[96];
        encoded.Clear();
        log.TryWriteBytes(encoded[..32][(32 - log.GetByteCount(isUnsigned: true))..], out _, isUnsigned: true, isBigEndian: true);
        digest.CopyTo(encoded[32..64]);
        Address.Parse(payer).CopyTo(encoded[76..]);
        var hash = Protocol.Crypto.Keccak256.Hash(encoded).ToArray();
        return new BigInteger(hash.AsSpan(0, 16), isUnsigned: true, isBigEndian: true);
    }

    /// <summary>
    /// Refunds <paramref name="amount"/> of the sale <paramref name="intent"/> (digest <paramref name="digest"/>) to
    /// <paramref name="payer"/> from <paramref name="merchant"/>'s balance (the hub must be approved for it in the
    /// intent's token).
    /// <paramref name="wordSales"/> are the settled sales of the sale's terminal and word, in settlement order, the
    /// sale itself among them. Returns the receipt; a refund the hub would refuse throws with its decoded error.
    /// </summary>
    public static async Task<TransactionReceipt> RefundAsync(
        EdgeContracts merchant, PaymentIntentStruct intent, byte[] digest, string payer, BigInteger amount, IReadOnlyList<(byte[] Digest, string Payer)> wordSales)
    {
        ArgumentNullException.ThrowIfNull(merchant);
        ArgumentNullException.ThrowIfNull(wordSales);
        var at = -1;
        for (var i = 0; i < wordSales.Count && at < 0; i++)
        {
            if (wordSales[i].Digest.AsSpan().SequenceEqual(digest))
            {
                at = i;
            }
        }

        if (at < 0)
        {
            throw new ArgumentException("The sale is not among the word's settled sales.", nameof(wordSales));
        }

        var log = BigInteger.Zero;
        for (var i = 0; i < at; i++)
        {
            log = Step(log, wordSales[i].Digest, wordSales[i].Payer);
        }

        var hub = merchant.Deployment.PaymentHub;
        var function = new RefundFunction
        {
            Intent = intent,
            Payer = payer,
            Amount = amount,
            LogBefore = log,
            Later = wordSales.Skip(at + 1).Select(s => new SaleRecordStruct { Digest = s.Digest, Payer = s.Payer }).ToList(),
        };
        return await merchant.SendFunctionAsync("PaymentHub", hub, function).ConfigureAwait(false);
    }

    /// <summary>
    /// What a refund needs, read from the chain alone: the sale with intent digest <paramref name="digest"/> (its intent
    /// decoded from the call data of the transaction that settled it, its payer and amount from its PaymentSettled
    /// event), and the settled sales of its terminal and word in settlement order. Null when no sale has that digest.
    /// </summary>
    public static async Task<SettledSale?> FindAsync(EdgeContracts reader, byte[] digest)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var sales = await ChainEvents.SettlementsAsync(reader.Web3, reader.Deployment).ConfigureAwait(false);
        var sale = sales.FirstOrDefault(s => s.Event.Digest.AsSpan().SequenceEqual(digest));
        if (sale is null)
        {
            return null;
        }

        var intents = new Dictionary<string, PaymentIntentStruct>(StringComparer.OrdinalIgnoreCase);
        var intentDigest = reader.Contract("PaymentHub", reader.Deployment.PaymentHub).GetFunction("intentDigest");
        async Task<PaymentIntentStruct> IntentAsync(ChainEvent<PaymentSettledEvent> settled)
        {
            var key = Convert.ToHexStringLower(settled.Event.Digest);
            if (!intents.TryGetValue(key, out var known))
            {
                var tx = await reader.Web3.Eth.Transactions.GetTransactionByHash.SendRequestAsync(settled.TransactionHash).ConfigureAwait(false);
                foreach (var candidate in IntentsOf(tx.Input))
                {
                    var candidateDigest = await intentDigest.CallAsync<byte[]>(candidate).ConfigureAwait(false);
                    intents[Convert.ToHexStringLower(candidateDigest)] = candidate;
                }

                known = intents.TryGetValue(key, out var found) ? found
                    : throw new InvalidOperationException("transaction " + settled.TransactionHash + " settled " + key + " but its call data holds no such intent");
            }

            return known;
        }

        var intent = await IntentAsync(sale).ConfigureAwait(false);
        var word = intent.Sequence >> 7;
        var wordSales = new List<(byte[] Digest, string Payer)>();
        foreach (var other in sales.Where(s => string.Equals(s.Event.Terminal, sale.Event.Terminal, StringComparison.OrdinalIgnoreCase)))
        {
            if ((await IntentAsync(other).ConfigureAwait(false)).Sequence >> 7 == word)
            {
                wordSales.Add((other.Event.Digest, other.Event.Payer));
            }
        }

        return new SettledSale(intent, sale.Event.Payer, sale.Event.Amount, sale.Event.Merchant, wordSales);
    }

    /// <summary>The intents in the call data of a settleBatch or settleCrossBorder transaction.</summary>
    private static IEnumerable<PaymentIntentStruct> IntentsOf(string input)
    {
        var data = input.StartsWith("0x", StringComparison.OrdinalIgnoreCase) ? input[2..] : input;
        if (data.StartsWith(ABITypedRegistry.GetFunctionABI<Gateway.Chain.SettleBatchFunction>().Sha3Signature, StringComparison.OrdinalIgnoreCase))
        {
            return new Gateway.Chain.SettleBatchFunction().DecodeInput(input).Intents;
        }

        if (data.StartsWith(ABITypedRegistry.GetFunctionABI<Gateway.Chain.SettleCrossBorderFunction>().Sha3Signature, StringComparison.OrdinalIgnoreCase))
        {
            return [new Gateway.Chain.SettleCrossBorderFunction().DecodeInput(input).Intent];
        }

        return [];
    }
}

/// <summary>A settled sale as the chain shows it, with the settled sales of its terminal's word in settlement order.</summary>
public sealed record SettledSale(PaymentIntentStruct Intent, string Payer, BigInteger Amount, string Merchant, IReadOnlyList<(byte[] Digest, string Payer)> WordSales);
