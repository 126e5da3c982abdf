using System;
using EdgeOracle.Protocol.Crypto;
using Nethereum.Hex.HexConvertors.Extensions;
using Nethereum.Util;
using Xunit;

namespace EdgeOracle.Protocol.Tests.Crypto;

public class Keccak256Tests
{
    [Fact]
    public void Hash_OfEmptyInput_IsKeccakNotSha3()
    {
        // keccak256("") — NIST SHA3-256("") would be a7ffc6f8….
        Assert.Equal("0xc5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470", Keccak256.Hash([]).ToString());
    }

    [Theory]
    [InlineData(1)]
    [InlineData(32)]
    [InlineData(135)]
    [InlineData(136)]
    [InlineData(137)]
    [InlineData(272)]
    [InlineData(1000)]
    public void Hash_MatchesNethereum_AroundTheRateBoundary(int length)
    {
        var input = new byte[length];
        new Random(length).NextBytes(input);

        var expected = Sha3Keccack.Current.CalculateHash(input).ToHex(prefix: true);

        Assert.Equal(expected, Keccak256.Hash(input).ToString());
    }

    [Fact]
    public void Hash_MatchesNethereum_ForEveryLengthUpTo600()
    {
        var random = new Random(600);
        for (var length = 0; length <= 600; length++)
        {
            var input = new byte[length];
            random.NextBytes(input);
            Assert.Equal(Sha3Keccack.Current.CalculateHash(input).ToHex(prefix: true), Keccak256.Hash(input).ToString());
        }
    }
}
