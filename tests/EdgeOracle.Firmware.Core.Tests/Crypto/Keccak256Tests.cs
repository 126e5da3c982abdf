using System;
using EdgeOracle.Firmware.Core.Crypto;
using Nethereum.Util;

namespace EdgeOracle.Firmware.Core.Tests.Crypto
{
    public sealed class Keccak256Tests
    {
        private static readonly Sha3Keccack Reference = new Sha3Keccack();

        [Fact]
        public void Hash_EqualsNethereum_ForEveryLengthFrom0To600()
        {
            Random random = new Random(1);
            for (int length = 0; length <= 600; length++)
            {
                byte[] data = new byte[length];
                random.NextBytes(data);
                Assert.Equal(Reference.CalculateHash(data), Keccak256.Hash(data));
            }
        }

        [Theory]
        [InlineData(135)]
        [InlineData(136)]
        [InlineData(137)]
        [InlineData(272)]
        public void Hash_EqualsNethereum_AtRateBlockEdges(int length)
        {
            byte[] data = new byte[length];
            new Random(length).NextBytes(data);
            Assert.Equal(Reference.CalculateHash(data), Keccak256.Hash(data));
        }

        [Fact]
        public void Hash_OfEmptyInput_IsEthereumsEmptyHash()
        {
            // keccak256("") as every Ethereum client knows it; NIST SHA3-256("") would be a7ffc6f8....
            Assert.Equal("0xc5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470", Hex.Encode(Keccak256.Hash(new byte[0])));
        }

        [Fact]
        public void Hash_WithOffsets_HashesOnlyTheSliceAndWritesAtTheOffset()
        {
            byte[] data = new byte[300];
            new Random(7).NextBytes(data);
            byte[] output = new byte[40];
            Keccak256.Hash(data, 10, 200, output, 5);
            byte[] slice = new byte[200];
            Array.Copy(data, 10, slice, 0, 200);
            Assert.Equal(Reference.CalculateHash(slice), output.AsSpan(5, 32).ToArray());
            Assert.Equal(new byte[5], output.AsSpan(0, 5).ToArray());
        }

        [Fact]
        public void Hash_Throws_WhenTheSliceLeavesTheBuffer()
        {
            Assert.Throws<ArgumentOutOfRangeException>(() => Keccak256.Hash(new byte[10], 5, 6, new byte[32], 0));
            Assert.Throws<ArgumentOutOfRangeException>(() => Keccak256.Hash(new byte[10], 0, 10, new byte[32], 1));
        }
    }
}
