using System;
using System.Reflection;
using Nethereum.ABI.EIP712;
using Nethereum.ABI.FunctionEncoding.Attributes;

namespace EdgeOracle.Protocol.Nethereum;

/// <summary>
/// Nethereum EIP-712 typed data for the structs of this namespace. Hashing and signing through Nethereum shares no
/// code with <see cref="Eip712.TypedDataHasher"/> or the firmware core, which is why wallets and tests use it.
/// </summary>
public static class TypedDataFactory
{
    /// <summary>The EdgeOracle domain's name (PROTOCOL.md §2).</summary>
    public const string DomainName = "EdgeOracle";

    /// <summary>The EdgeOracle domain's version (PROTOCOL.md §2).</summary>
    public const string DomainVersion = "1";

    /// <summary>Typed data for <typeparamref name="T"/> on a domain (name, version, chainId, verifyingContract).</summary>
    /// <typeparam name="T">One of the structs of this namespace; its <see cref="StructAttribute"/> names the primary type.</typeparam>
    /// <param name="domain">The domain.</param>
    /// <returns>Typed data ready for encoding, signing or recovery.</returns>
    public static TypedData<Domain> For<T>(Domain domain) => new()
    {
        Domain = domain,
        Types = MemberDescriptionFactory.GetTypesMemberDescription(typeof(Domain), typeof(T)),
        PrimaryType = typeof(T).GetCustomAttribute<StructAttribute>()?.Name
            ?? throw new ArgumentException(typeof(T).Name + " has no [Struct] attribute.", nameof(T)),
    };

    /// <summary>Typed data for <typeparamref name="T"/> on the domain (name, version, chainId, verifyingContract).</summary>
    /// <typeparam name="T">One of the structs of this namespace.</typeparam>
    /// <param name="chainId">The chain id.</param>
    /// <param name="name">The domain's name.</param>
    /// <param name="version">The domain's version.</param>
    /// <param name="verifyingContract">The domain's verifying contract, <c>0x</c> hex.</param>
    /// <returns>Typed data ready for encoding, signing or recovery.</returns>
    public static TypedData<Domain> For<T>(ulong chainId, string name, string version, string verifyingContract) =>
        For<T>(new Domain { Name = name, Version = version, ChainId = chainId, VerifyingContract = verifyingContract });

    /// <summary>Typed data for <typeparamref name="T"/> on the EdgeOracle deployment domain (PROTOCOL.md §2).</summary>
    /// <typeparam name="T">One of the structs of this namespace.</typeparam>
    /// <param name="chainId">The chain id.</param>
    /// <param name="deviceRegistry">The DeviceRegistry address, <c>0x</c> hex.</param>
    /// <returns>Typed data ready for encoding, signing or recovery.</returns>
    public static TypedData<Domain> ForDeployment<T>(ulong chainId, string deviceRegistry) =>
        For<T>(chainId, DomainName, DomainVersion, deviceRegistry);
}
