using System;
using EdgeOracle.Emulator.Mqtt;
using EdgeOracle.Firmware.Core.Crypto;
using EdgeOracle.Firmware.Core.Device;
using EdgeOracle.Firmware.Core.Protocol;

namespace EdgeOracle.Emulator.Devices
{
    /// <summary>What every emulated device needs: its key, the deployment it signs for, its chain position and the broker.</summary>
    public abstract record EmulatedDeviceOptions
    {
        /// <summary>Gets the device's 32-byte secp256k1 private key (its address is its identity).</summary>
        public required byte[] PrivateKey { get; init; }

        /// <summary>Gets the chain id of the deployment. Default 31337 (local anvil).</summary>
        public ulong ChainId { get; init; } = 31337;

        /// <summary>Gets the DeviceRegistry address (<c>0x</c> hex): the EIP-712 domain's verifying contract.</summary>
        public required string DeviceRegistry { get; init; }

        /// <summary>Gets the broker to connect to. Default 127.0.0.1:1884 (the gateway's device endpoint).</summary>
        public MqttTransportOptions Mqtt { get; init; } = new();

        /// <summary>Gets the sequence of the device's last signed message, to resume a chain. Default 0 (a new device).</summary>
        public ulong LastSequence { get; init; }

        /// <summary>Gets the digest of the device's last signed message, to resume a chain. Default: none (zeros).</summary>
        public byte[]? LastDigest { get; init; }

        /// <summary>Gets how long (real time) to wait for the gateway's answer before failing. Default 10 s.</summary>
        public TimeSpan AckTimeout { get; init; } = TimeSpan.FromSeconds(10);

        internal DeviceIdentity CreateIdentity() => new(PrivateKey);

        internal MessageSigner CreateSigner(DeviceIdentity identity)
        {
            Eip712Domain domain = Eip712Domain.ForDeployment(ChainId, Hex.Decode(DeviceRegistry));
            MessageChain chain = LastDigest is null ? new MessageChain() : new MessageChain(LastSequence, LastDigest);
            return new MessageSigner(identity, domain, chain);
        }
    }
}
