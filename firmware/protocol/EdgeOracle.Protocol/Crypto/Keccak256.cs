using System;
using System.Buffers.Binary;
using System.Numerics;

namespace EdgeOracle.Protocol.Crypto;

/// <summary>
/// Original Keccak-256 (Ethereum's: padding byte 0x01, not NIST SHA3's 0x06) over spans, with no allocation,
/// so that hashing stays off the heap on the ingest path.
/// </summary>
public static class Keccak256
{
    /// <summary>Size of a hash in bytes.</summary>
    public const int HashSize = 32;

    private const int Rate = 136;

    private static ReadOnlySpan<ulong> RoundConstants =>
    [
        0x0000000000000001UL, 0x0000000000008082UL, 0x800000000000808aUL, 0x8000000080008000UL,
        0x000000000000808bUL, 0x0000000080000001UL, 0x8000000080008081UL, 0x8000000000008009UL,
        0x000000000000008aUL, 0x0000000000000088UL, 0x0000000080008009UL, 0x000000008000000aUL,
        0x000000008000808bUL, 0x800000000000008bUL, 0x8000000000008089UL, 0x8000000000008003UL,
        0x8000000000008002UL, 0x8000000000000080UL, 0x000000000000800aUL, 0x800000008000000aUL,
        0x8000000080008081UL, 0x8000000000008080UL, 0x0000000080000001UL, 0x8000000080008008UL,
    ];

    /// <summary>Hashes <paramref name="input"/> into the 32-byte <paramref name="output"/>.</summary>
    public static void Hash(ReadOnlySpan<byte> input, Span<byte> output)
    {
        if (output.Length < HashSize)
        {
            throw new ArgumentException("The output needs 32 bytes.", nameof(output));
        }

        Span<ulong> state = stackalloc ulong[25];
        state.Clear();
        while (input.Length >= Rate)
        {
            Absorb(state, input[..Rate]);
            Permute(state);
            input = input[Rate..];
        }

        Span<byte> last = stackalloc byte[Rate];
        last.Clear();
        input.CopyTo(last);
        last[input.Length] ^= 0x01;
        last[Rate - 1] ^= 0x80;
        Absorb(state, last);
        Permute(state);

        for (var i = 0; i < HashSize / 8; i++)
        {
            BinaryPrimitives.WriteUInt64LittleEndian(output[(i * 8)..], state[i]);
        }
    }

    /// <summary>Hashes <paramref name="input"/> and returns the digest by value.</summary>
    public static Bytes32 Hash(ReadOnlySpan<byte> input)
    {
        Span<byte> output = stackalloc byte[HashSize];
        Hash(input, output);
        return new Bytes32(output);
    }

    private static void Absorb(Span<ulong> state, ReadOnlySpan<byte> block)
    {
        for (var i = 0; i < Rate / 8; i++)
        {
            state[i] ^= BinaryPrimitives.ReadUInt64LittleEndian(block[(i * 8)..]);
        }
    }

    // keccak-f[1600] with the 25 lanes in locals (registers and stack slots) and θ, ρ, π, χ written out per lane:
    // no index arithmetic or bounds checks inside the 24 rounds. Lane i is (x, y) = (i % 5, i / 5); ρ and π move
    // lane (x, y) rotated by its offset to (y, 2x + 3y mod 5). Generated from the FIPS 202 tables, checked against
    // Nethereum's Keccak for every input length 0..600 by the tests.
    private static void Permute(Span<ulong> state)
    {
        if (state.Length < 25)
        {
            throw new ArgumentException("The state has 25 lanes.", nameof(state));
        }

        var s = state[..25];
        var a0 = s[0];
        var a1 = s[1];
        var a2 = s[2];
        var a3 = s[3];
        var a4 = s[4];
        var a5 = s[5];
        var a6 = s[6];
        var a7 = s[7];
        var a8 = s[8];
        var a9 = s[9];
        var a10 = s[10];
        var a11 = s[11];
        var a12 = s[12];
        var a13 = s[13];
        var a14 = s[14];
        var a15 = s[15];
        var a16 = s[16];
        var a17 = s[17];
        var a18 = s[18];
        var a19 = s[19];
        var a20 = s[20];
        var a21 = s[21];
        var a22 = s[22];
        var a23 = s[23];
        var a24 = s[24];
        var constants = RoundConstants;
        for (var round = 0; round < 24; round++)
        {
            var c0 = a0 ^ a5 ^ a10 ^ a15 ^ a20;
            var c1 = a1 ^ a6 ^ a11 ^ a16 ^ a21;
            var c2 = a2 ^ a7 ^ a12 ^ a17 ^ a22;
            var c3 = a3 ^ a8 ^ a13 ^ a18 ^ a23;
            var c4 = a4 ^ a9 ^ a14 ^ a19 ^ a24;
            var d0 = c4 ^ BitOperations.RotateLeft(c1, 1);
            var d1 = c0 ^ BitOperations.RotateLeft(c2, 1);
            var d2 = c1 ^ BitOperations.RotateLeft(c3, 1);
            var d3 = c2 ^ BitOperations.RotateLeft(c4, 1);
            var d4 = c3 ^ BitOperations.RotateLeft(c0, 1);
            var b0 = a0 ^ d0;
            var b1 = BitOperations.RotateLeft(a6 ^ d1, 44);
            var b2 = BitOperations.RotateLeft(a12 ^ d2, 43);
            var b3 = BitOperations.RotateLeft(a18 ^ d3, 21);
            var b4 = BitOperations.RotateLeft(a24 ^ d4, 14);
            var b5 = BitOperations.RotateLeft(a3 ^ d3, 28);
            var b6 = BitOperations.RotateLeft(a9 ^ d4, 20);
            var b7 = BitOperations.RotateLeft(a10 ^ d0, 3);
            var b8 = BitOperations.RotateLeft(a16 ^ d1, 45);
            var b9 = BitOperations.RotateLeft(a22 ^ d2, 61);
            var b10 = BitOperations.RotateLeft(a1 ^ d1, 1);
            var b11 = BitOperations.RotateLeft(a7 ^ d2, 6);
            var b12 = BitOperations.RotateLeft(a13 ^ d3, 25);
            var b13 = BitOperations.RotateLeft(a19 ^ d4, 8);
            var b14 = BitOperations.RotateLeft(a20 ^ d0, 18);
            var b15 = BitOperations.RotateLeft(a4 ^ d4, 27);
            var b16 = BitOperations.RotateLeft(a5 ^ d0, 36);
            var b17 = BitOperations.RotateLeft(a11 ^ d1, 10);
            var b18 = BitOperations.RotateLeft(a17 ^ d2, 15);
            var b19 = BitOperations.RotateLeft(a23 ^ d3, 56);
            var b20 = BitOperations.RotateLeft(a2 ^ d2, 62);
            var b21 = BitOperations.RotateLeft(a8 ^ d3, 55);
            var b22 = BitOperations.RotateLeft(a14 ^ d4, 39);
            var b23 = BitOperations.RotateLeft(a15 ^ d0, 41);
            var b24 = BitOperations.RotateLeft(a21 ^ d1, 2);
            a0 = b0 ^ (~b1 & b2);
            a1 = b1 ^ (~b2 & b3);
            a2 = b2 ^ (~b3 & b4);
            a3 = b3 ^ (~b4 & b0);
            a4 = b4 ^ (~b0 & b1);
            a5 = b5 ^ (~b6 & b7);
            a6 = b6 ^ (~b7 & b8);
            a7 = b7 ^ (~b8 & b9);
            a8 = b8 ^ (~b9 & b5);
            a9 = b9 ^ (~b5 & b6);
            a10 = b10 ^ (~b11 & b12);
            a11 = b11 ^ (~b12 & b13);
            a12 = b12 ^ (~b13 & b14);
            a13 = b13 ^ (~b14 & b10);
            a14 = b14 ^ (~b10 & b11);
            a15 = b15 ^ (~b16 & b17);
            a16 = b16 ^ (~b17 & b18);
            a17 = b17 ^ (~b18 & b19);
            a18 = b18 ^ (~b19 & b15);
            a19 = b19 ^ (~b15 & b16);
            a20 = b20 ^ (~b21 & b22);
            a21 = b21 ^ (~b22 & b23);
            a22 = b22 ^ (~b23 & b24);
            a23 = b23 ^ (~b24 & b20);
            a24 = b24 ^ (~b20 & b21);

            a0 ^= constants[round];
        }

        s[0] = a0;
        s[1] = a1;
        s[2] = a2;
        s[3] = a3;
        s[4] = a4;
        s[5] = a5;
        s[6] = a6;
        s[7] = a7;
        s[8] = a8;
        s[9] = a9;
        s[10] = a10;
        s[11] = a11;
        s[12] = a12;
        s[13] = a13;
        s[14] = a14;
        s[15] = a15;
        s[16] = a16;
        s[17] = a17;
        s[18] = a18;
        s[19] = a19;
        s[20] = a20;
        s[21] = a21;
        s[22] = a22;
        s[23] = a23;
        s[24] = a24;
    }
}
