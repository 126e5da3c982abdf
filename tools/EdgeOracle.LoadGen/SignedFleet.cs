using System;
using System.Collections.Generic;
using System.Security.Cryptography;
using System.Threading.Tasks;
using EdgeOracle.Protocol;
using EdgeOracle.Protocol.Crypto;
using EdgeOracle.Protocol.Eip712;
using EdgeOracle.Protocol.Wire;
using Secp256k1Net;

namespace EdgeOracle.LoadGen;

/// <summary>One emulated sensor: its key, its address and its observations, signed and chained before the timed phase.</summary>
public sealed class SignedDevice(byte[] secretKey, Address address, byte[][] messages, string topicKind = "obs")
{
    /// <summary>The device's secret key (32 bytes).</summary>
    public byte[] SecretKey { get; } = secretKey;

    /// <summary>The device's address; also its MQTT client id.</summary>
    public Address Address { get; } = address;

    /// <summary>The address as topics and client ids spell it.</summary>
    public string Id { get; } = address.ToString();

    /// <summary>Envelopes (observations unless made otherwise), sequence 1, 2, …, each pointing at the previous one's digest.</summary>
    public byte[][] Messages { get; } = messages;

    /// <summary>The topic the messages go to: <c>eo/v1/{device}/obs</c>, or <c>…/pay</c> for a terminal's submissions.</summary>
    public string Topic => $"eo/v1/{Id}/{topicKind}";
}

/// <summary>Creates devices and signs their messages with libsecp256k1 (RFC 6979 nonces, low-s), as firmware does.</summary>
public static class SignedFleet
{
    /// <summary>The chain id the gateway under test is configured with.</summary>
    public const ulong ChainId = 31337;

    /// <summary>The registry address the gateway under test is configured with (verifying contract of the device domain).</summary>
    public static readonly Address Registry = Address.Parse("0x5fbdb2315678afecb367f032d93f642f64180aa3");

    /// <summary>The device domain.</summary>
    public static readonly Eip712Domain Domain = Eip712Domain.ForDevices(ChainId, Registry);

    /// <summary>Creates <paramref name="devices"/> devices with <paramref name="perDevice"/> messages each, signing on all cores.</summary>
    public static SignedDevice[] Create(int devices, int perDevice)
    {
        var fleet = new SignedDevice[devices];
        Parallel.For(0, devices, i => fleet[i] = CreateDevice(perDevice));
        return fleet;
    }

    private static SignedDevice CreateDevice(int count)
    {
        using var secp = new Secp256k1();
        var secret = new byte[32];
        do
        {
            RandomNumberGenerator.Fill(secret);
        }
        while (!secp.EcSeckeyVerify(secret));

        var address = AddressOf(secp, secret);
        var messages = new byte[count][];
        var prev = Bytes32.Zero;
        for (var i = 0; i < count; i++)
        {
            var observation = new Observation(address, (ulong)(i + 1), 1, 1_750_000_000 - 600, 1_750_000_000, 200 + i, 1, 0, prev);
            var digest = Domain.Digest(TypedDataHasher.StructHash(observation));
            messages[i] = Encode(secp, observation, digest, secret);
            prev = digest;
        }

        return new SignedDevice(secret, address, messages);
    }

    /// <summary>The Ethereum address of a secret key.</summary>
    public static Address AddressOf(Secp256k1 secp, ReadOnlySpan<byte> secret)
    {
        Span<byte> publicKey = stackalloc byte[64];
        if (!secp.EcPubkeyCreate(publicKey, secret))
        {
            throw new InvalidOperationException("invalid secret key");
        }

        Span<byte> serialized = stackalloc byte[65];
        nuint length = 65;
        if (!secp.EcPubkeySerialize(serialized, ref length, publicKey, Secp256k1EcFlags.Uncompressed))
        {
            throw new InvalidOperationException("could not serialize the public key");
        }

        Span<byte> hash = stackalloc byte[32];
        Keccak256.Hash(serialized[1..], hash);
        return new Address(hash[12..]);
    }

    /// <summary>Signs <paramref name="digest"/>: r ‖ s ‖ v with v = 27 + recovery id.</summary>
    public static void Sign(Secp256k1 secp, Bytes32 digest, ReadOnlySpan<byte> secret, Span<byte> signature)
    {
        Span<byte> message = stackalloc byte[32];
        digest.CopyTo(message);
        Span<byte> recoverable = stackalloc byte[65];
        if (!secp.EcdsaSignRecoverable(recoverable, message, secret)
            || !secp.EcdsaRecoverableSignatureSerializeCompact(signature[..64], out var recoveryId, recoverable))
        {
            throw new InvalidOperationException("signing failed");
        }

        signature[64] = (byte)(27 + recoveryId);
    }

    private static byte[] Encode(Secp256k1 secp, in Observation o, Bytes32 digest, byte[] secret) => Encode(secp, o, digest, secret, Domain);

    /// <summary>The observation envelope of <paramref name="o"/>, signed under <paramref name="domain"/>.</summary>
    internal static byte[] Encode(Secp256k1 secp, in Observation o, Bytes32 digest, byte[] secret, Eip712Domain domain)
    {
        Span<byte> signature = stackalloc byte[Signature.Size];
        Sign(secp, digest, secret, signature);
        var buffer = new byte[WireFormat.ObservationSize];
        EnvelopeEncoder.WriteObservation(o, domain.Tag, Signature.Read(signature), buffer);
        return buffer;
    }

    /// <summary>Signed digests for the recover loops: (digest, signature) pairs from a few keys.</summary>
    public static List<(byte[] Digest, byte[] Signature)> RecoverSamples(int count)
    {
        using var secp = new Secp256k1();
        var samples = new List<(byte[], byte[])>(count);
        var secret = new byte[32];
        for (var i = 0; i < count; i++)
        {
            RandomNumberGenerator.Fill(secret);
            var digest = new byte[32];
            RandomNumberGenerator.Fill(digest);
            var signature = new byte[65];
            Sign(secp, new Bytes32(digest), secret, signature);
            samples.Add((digest, signature));
        }

        return samples;
    }
}
