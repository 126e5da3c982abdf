using Nethereum.ABI.EIP712;

namespace EdgeOracle.Emulator.Eip712
{
    /// <summary>
    /// Builds Nethereum EIP-712 typed data for the protocol's messages. The emulator's wallet and the tests use it to
    /// check the firmware core against an implementation that shares no code with it.
    /// </summary>
    public static class TypedDataFactory
    {
        /// <summary>Typed data for <typeparamref name="T"/> on a domain (name, version, chainId, verifyingContract).</summary>
        /// <typeparam name="T">One of the message classes of this namespace.</typeparam>
        /// <param name="primaryType">The struct's name, e.g. "Observation".</param>
        /// <param name="chainId">The chain id.</param>
        /// <param name="name">The domain's name.</param>
        /// <param name="version">The domain's version.</param>
        /// <param name="verifyingContract">The domain's verifying contract, <c>0x</c> hex.</param>
        /// <returns>Typed data ready for encoding, signing or recovery.</returns>
        public static TypedData<Domain> For<T>(string primaryType, ulong chainId, string name, string version, string verifyingContract) => new()
        {
            Domain = new Domain
            {
                Name = name,
                Version = version,
                ChainId = chainId,
                VerifyingContract = verifyingContract,
            },
            Types = MemberDescriptionFactory.GetTypesMemberDescription(typeof(Domain), typeof(T)),
            PrimaryType = primaryType,
        };

        /// <summary>Typed data for <typeparamref name="T"/> on the EdgeOracle deployment domain (PROTOCOL.md §2).</summary>
        /// <typeparam name="T">One of the message classes of this namespace.</typeparam>
        /// <param name="primaryType">The struct's name, e.g. "PaymentIntent".</param>
        /// <param name="chainId">The chain id.</param>
        /// <param name="deviceRegistry">The DeviceRegistry address, <c>0x</c> hex.</param>
        /// <returns>Typed data ready for encoding, signing or recovery.</returns>
        public static TypedData<Domain> ForDeployment<T>(string primaryType, ulong chainId, string deviceRegistry) =>
            For<T>(primaryType, chainId, "EdgeOracle", "1", deviceRegistry);
    }
}
