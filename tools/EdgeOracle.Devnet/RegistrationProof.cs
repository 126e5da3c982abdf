using System;
using System.Text;
using Nethereum.Hex.HexConvertors.Extensions;
using Nethereum.Signer;
using Nethereum.Util;

namespace EdgeOracle.Devnet;

/// <summary>
/// The device key's proof that it agrees to be registered (PROTOCOL.md §8): an EIP-712 signature, r ‖ s ‖ v, over
/// <c>DeviceRegistration(address device,address owner,uint8 role)</c> on the EdgeOracle domain of the registry.
/// DeviceRegistry.registerDevice refuses a registration without it, so nobody registers a key they do not hold, and
/// the proof names the owner, so a front-runner cannot reuse it.
/// </summary>
public static class RegistrationProof
{
    /// <summary>The type string, exactly as the contract hashes it.</summary>
    public const string TypeString = "DeviceRegistration(address device,address owner,uint8 role)";

    private const string DomainType = "EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)";

    /// <summary>The digest a device signs to let <paramref name="owner"/> register it in <paramref name="role"/>.</summary>
    /// <param name="device">The device address (0x hex).</param>
    /// <param name="owner">The registering account (0x hex).</param>
    /// <param name="role">1 sensor, 2 terminal, 3 meter.</param>
    /// <param name="chainId">The chain.</param>
    /// <param name="registry">The DeviceRegistry (the domain's verifyingContract).</param>
    /// <returns>32 bytes.</returns>
    public static byte[] Digest(string device, string owner, byte role, ulong chainId, string registry)
    {
        byte[] domain = Keccak(Concat(
            Keccak(Encoding.ASCII.GetBytes(DomainType)),
            Keccak(Encoding.ASCII.GetBytes("EdgeOracle")),
            Keccak(Encoding.ASCII.GetBytes("1")),
            Word(chainId),
            AddressWord(registry)));
        byte[] structHash = Keccak(Concat(
            Keccak(Encoding.ASCII.GetBytes(TypeString)), AddressWord(device), AddressWord(owner), Word(role)));
        return Keccak(Concat(new byte[] { 0x19, 0x01 }, domain, structHash));
    }

    /// <summary>Signs the registration with the device's key; returns the 65-byte r ‖ s ‖ v (low s).</summary>
    /// <param name="devicePrivateKey">The device key, 32 bytes.</param>
    /// <param name="owner">The registering account (0x hex).</param>
    /// <param name="role">1 sensor, 2 terminal, 3 meter.</param>
    /// <param name="chainId">The chain.</param>
    /// <param name="registry">The DeviceRegistry.</param>
    /// <returns>The proof for registerDevice.</returns>
    public static byte[] Sign(byte[] devicePrivateKey, string owner, byte role, ulong chainId, string registry)
    {
        ArgumentNullException.ThrowIfNull(devicePrivateKey);
        var key = new EthECKey(devicePrivateKey, true);
        byte[] digest = Digest(key.GetPublicAddress(), owner, role, chainId, registry);
        EthECDSASignature signature = key.SignAndCalculateV(digest);
        byte[] proof = new byte[65];
        signature.R.CopyTo(proof, 32 - signature.R.Length);
        signature.S.CopyTo(proof, 64 - signature.S.Length);
        proof[64] = signature.V[0];
        return proof;
    }

    private static byte[] Keccak(byte[] data) => Sha3Keccack.Current.CalculateHash(data);

    private static byte[] Word(ulong value)
    {
        byte[] word = new byte[32];
        for (int i = 0; i < 8; i++)
        {
            word[31 - i] = (byte)(value >> (8 * i));
        }

        return word;
    }

    private static byte[] AddressWord(string address)
    {
        byte[] raw = address.HexToByteArray();
        if (raw.Length != 20)
        {
            throw new ArgumentException("An address is 20 bytes of 0x hex: " + address, nameof(address));
        }

        byte[] word = new byte[32];
        raw.CopyTo(word, 12);
        return word;
    }

    private static byte[] Concat(params byte[][] parts)
    {
        int length = 0;
        foreach (byte[] part in parts)
        {
            length += part.Length;
        }

        byte[] all = new byte[length];
        int offset = 0;
        foreach (byte[] part in parts)
        {
            part.CopyTo(all, offset);
            offset += part.Length;
        }

        return all;
    }
}
