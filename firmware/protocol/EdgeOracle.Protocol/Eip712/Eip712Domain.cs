using System;
using System.Text;
using EdgeOracle.Protocol.Crypto;

namespace EdgeOracle.Protocol.Eip712;

/// <summary>An EIP-712 domain <c>(name, version, chainId, verifyingContract)</c> and its separator.</summary>
public sealed class Eip712Domain
{
    /// <summary>The device protocol's domain name.</summary>
    public const string ProtocolName = "EdgeOracle";

    /// <summary>The device protocol's domain version.</summary>
    public const string ProtocolVersion = "1";

    /// <summary>keccak256 of the EIP712Domain type string.</summary>
    public static readonly Bytes32 TypeHash =
        Keccak256.Hash("EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)"u8);

    /// <summary>Computes the separator of the given domain.</summary>
    public Eip712Domain(string name, string version, ulong chainId, Address verifyingContract)
    {
        Name = name;
        Version = version;
        ChainId = chainId;
        VerifyingContract = verifyingContract;

        Span<byte> encoded = stackalloc byte[5 * 32];
        var writer = new AbiWordWriter(encoded);
        writer.Word(TypeHash);
        writer.Word(Keccak256.Hash(Encoding.UTF8.GetBytes(name)));
        writer.Word(Keccak256.Hash(Encoding.UTF8.GetBytes(version)));
        writer.UInt64(chainId);
        writer.Address(verifyingContract);
        Separator = Keccak256.Hash(encoded);
    }

    /// <summary>The EdgeOracle device domain of a deployment: the registry is the verifying contract.</summary>
    public static Eip712Domain ForDevices(ulong chainId, Address deviceRegistry) =>
        new(ProtocolName, ProtocolVersion, chainId, deviceRegistry);

    /// <summary>Domain name.</summary>
    public string Name { get; }

    /// <summary>Domain version.</summary>
    public string Version { get; }

    /// <summary>Chain id.</summary>
    public ulong ChainId { get; }

    /// <summary>Verifying contract.</summary>
    public Address VerifyingContract { get; }

    /// <summary>The domain separator.</summary>
    public Bytes32 Separator { get; }

    /// <summary>The first 4 bytes of the separator, carried in every envelope header.</summary>
    public uint Tag => Separator.First4;

    /// <summary><c>keccak256(0x19 ‖ 0x01 ‖ separator ‖ structHash)</c>.</summary>
    public Bytes32 Digest(Bytes32 structHash)
    {
        Span<byte> buffer = stackalloc byte[2 + 64];
        buffer[0] = 0x19;
        buffer[1] = 0x01;
        Separator.CopyTo(buffer[2..]);
        structHash.CopyTo(buffer[34..]);
        return Keccak256.Hash(buffer);
    }
}
