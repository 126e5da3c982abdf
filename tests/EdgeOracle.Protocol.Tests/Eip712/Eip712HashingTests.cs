using System.Numerics;
using EdgeOracle.Protocol.Eip712;
using EdgeOracle.Protocol.Wire;
using EdgeOracle.Protocol.Tests.TestSupport;
using Nethereum.Hex.HexConvertors.Extensions;
using Nethereum.Util;
using Xunit;

namespace EdgeOracle.Protocol.Tests.Eip712;

// The gateway's own hasher against Nethereum's EIP-712 encoder (TestDevice signs with the latter).
public class Eip712HashingTests
{
    private static readonly Eip712Domain Domain = TestDomain.Devices;

    [Fact]
    public void DomainSeparator_MatchesTheSpecFormula()
    {
        var encoded = new byte[5 * 32];
        Sha3Keccack.Current.CalculateHash(System.Text.Encoding.UTF8.GetBytes(
            "EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)")).CopyTo(encoded, 0);
        Sha3Keccack.Current.CalculateHash(System.Text.Encoding.UTF8.GetBytes("EdgeOracle")).CopyTo(encoded, 32);
        Sha3Keccack.Current.CalculateHash(System.Text.Encoding.UTF8.GetBytes("1")).CopyTo(encoded, 64);
        encoded[127] = 0x69; // 31337 = 0x7a69
        encoded[126] = 0x7a;
        TestDomain.Registry.HexToByteArray().CopyTo(encoded, 140);

        Assert.Equal(Sha3Keccack.Current.CalculateHash(encoded).ToHex(prefix: true), Domain.Separator.ToString());
        Assert.Equal(Domain.Separator.First4, Domain.Tag);
    }

    [Theory]
    [InlineData(200L)]
    [InlineData(-1234L)]
    [InlineData(long.MinValue)]
    public void ObservationDigest_MatchesNethereum_IncludingNegativeValues(long value)
    {
        var device = new TestDevice();
        var message = device.Observation(o =>
        {
            o.Value = value;
            o.Metric = 2;
            o.Flags = 0b1010;
            o.Sequence = ulong.MaxValue;
        });
        EnvelopeDecoder.ReadObservation(message.Payload, out var envelope);

        var digest = Domain.Digest(TypedDataHasher.StructHash(envelope!.Body));

        Assert.Equal(message.DigestWord, digest);
    }

    [Fact]
    public void PaymentIntentDigest_MatchesNethereum_ForAFullWidthAmount()
    {
        var terminal = new TestDevice();
        var message = terminal.Payment(new TestDevice(), TestDomain.DefaultOwner, i => i.Amount = BigInteger.Pow(2, 256) - 1);
        EnvelopeDecoder.ReadPaymentSubmission(message.Payload, out var submission);

        var digest = Domain.Digest(TypedDataHasher.StructHash(submission!.Intent.Body));

        Assert.Equal(message.DigestWord, digest);
        Assert.Equal(BigInteger.Pow(2, 256) - 1, submission.Intent.Body.Amount.ToUnsignedInteger());
    }

    [Fact]
    public void TypeHashes_AreKeccakOfTheExactTypeStrings()
    {
        Assert.Equal(
            Sha3Keccack.Current.CalculateHash(System.Text.Encoding.ASCII.GetBytes(
                "Observation(address device,uint64 sequence,uint32 metric,uint64 windowStart,uint64 windowEnd,int64 value,uint32 sampleCount,uint32 flags,bytes32 prevHash)")).ToHex(prefix: true),
            TypedDataHasher.ObservationTypeHash.ToString());
        Assert.Equal(
            Sha3Keccack.Current.CalculateHash(System.Text.Encoding.ASCII.GetBytes(
                "PaymentIntent(address terminal,address merchant,address token,uint256 amount,uint64 expiry,bytes32 orderRef,uint64 sequence,bytes32 prevHash)")).ToHex(prefix: true),
            TypedDataHasher.PaymentIntentTypeHash.ToString());
    }
}
