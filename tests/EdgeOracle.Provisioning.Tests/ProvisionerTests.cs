using System;
using System.IO;
using System.Threading.Tasks;
using EdgeOracle.Devnet;
using EdgeOracle.Firmware.Core.Config;
using EdgeOracle.Firmware.Core.Device;
using EdgeOracle.Gateway.Chain;
using Nethereum.Contracts;

namespace EdgeOracle.Provisioning.Tests
{
    public sealed class ProvisionerTests : DeployedChainTest
    {
        [Fact]
        public async Task Provision_CreatesAKey_WritesAConfigTheDeviceParses_AndRegistersTheDeviceUnderItsOwner()
        {
            string output = Path.Combine(Dir, "sensor");

            ProvisionResult result = await Provisioner.ProvisionAsync(new ProvisionRequest
            {
                Role = "sensor",
                OwnerKey = DevAccounts.Insurer,
                DeploymentPath = DeploymentPath,
                RpcUrl = Anvil.RpcUrl,
                OutputDirectory = output,
                BrokerHost = "gateway.local",
                BrokerPort = 8883,
                BrokerTls = true,
            });

            // The key file is the device's identity.
            DeviceIdentity identity = new(File.ReadAllBytes(result.KeyPath!));
            Assert.Equal(identity.AddressHex, result.Device);

            // The firmware core's own parser reads what was written.
            DeviceConfig config = DeviceConfig.Parse(File.ReadAllText(result.ConfigPath));
            Assert.Equal("sensor", config.Role);
            Assert.Equal(result.Device, config.Device);
            Assert.Equal(Deployment.ChainId, config.ChainId);
            Assert.Equal(Convert.FromHexString(Deployment.DeviceRegistry[2..]), config.DeviceRegistry);
            Assert.Equal(("gateway.local", 8883, true), (config.BrokerHost, config.BrokerPort, config.BrokerTls));
            Assert.Equal(3000, config.GetInt("soilDryRaw"));
            Assert.Equal(File.ReadAllText(Path.Combine(RepoPaths.Root, "hardware", "sensor-node", "pinmap.json")), File.ReadAllText(result.PinMapPath));

            // On chain: owned by the insurer's account, role Sensor, active.
            DeviceInfoOutput info = await ReadDeviceInfoAsync(result.Device);
            Assert.Equal(result.Owner.ToLowerInvariant(), info.Owner.ToLowerInvariant());
            Assert.Equal(1, info.Role);
            Assert.True(info.Active);
        }

        [Fact]
        public async Task Provision_WithTheDevicesOwnAddress_WritesNoKey_AndRegistersATerminal()
        {
            byte[] deviceKey = Provisioner.CreatePrivateKey();
            DeviceIdentity onDevice = new(deviceKey);
            string output = Path.Combine(Dir, "terminal");
            // the device signs its consent to be registered by the merchant as a terminal (PROTOCOL.md section 8)
            string merchant = new Nethereum.Web3.Accounts.Account(DevAccounts.Merchant).Address;
            byte[] proof = RegistrationProof.Sign(deviceKey, merchant, 2, Deployment.ChainId, Deployment.DeviceRegistry);

            ProvisionResult result = await Provisioner.ProvisionAsync(new ProvisionRequest
            {
                Role = "terminal",
                OwnerKey = DevAccounts.Merchant,
                DeploymentPath = DeploymentPath,
                RpcUrl = Anvil.RpcUrl,
                OutputDirectory = output,
                DeviceAddress = onDevice.AddressHex,
                RegistrationProof = Firmware.Core.Crypto.Hex.Encode(proof),
            });

            Assert.Null(result.KeyPath);
            Assert.False(File.Exists(Path.Combine(output, "device.key")));
            DeviceConfig config = DeviceConfig.Parse(File.ReadAllText(result.ConfigPath));
            Assert.Equal(onDevice.AddressHex, config.Device);
            Assert.Equal(result.Owner.ToLowerInvariant(), Firmware.Core.Crypto.Hex.Encode(config.Address("merchant")));
            Assert.Equal(Deployment.Stablecoin.ToLowerInvariant(), Firmware.Core.Crypto.Hex.Encode(config.Address("token")));
            DeviceInfoOutput info = await ReadDeviceInfoAsync(onDevice.AddressHex);
            Assert.Equal(2, info.Role);
            Assert.True(info.Active);
        }

        [Fact]
        public async Task Provision_AMeter_RegistersASensorOnChain_WithAMeterConfigAndTheEnergyMeterPinMap()
        {
            ProvisionResult result = await Provisioner.ProvisionAsync(new ProvisionRequest
            {
                Role = "meter",
                OwnerKey = DevAccounts.Insurer,
                DeploymentPath = DeploymentPath,
                RpcUrl = Anvil.RpcUrl,
                OutputDirectory = Path.Combine(Dir, "meter"),
                Extra = new System.Collections.Generic.Dictionary<string, string> { ["meterImpulsesPerKwh"] = "800" },
            });

            DeviceConfig config = DeviceConfig.Parse(File.ReadAllText(result.ConfigPath));
            Assert.Equal("meter", config.Role);
            Assert.Equal((800u, 3600u, 10_000u), (config.MeterImpulsesPerKwh, config.MeterIntervalSeconds, config.MeterMaxPowerWatts));
            Assert.False(config.Has("soilDryRaw"));
            Assert.False(config.Has("merchant"));
            Assert.Equal(File.ReadAllText(Path.Combine(RepoPaths.Root, "hardware", "energy-meter", "pinmap.json")), File.ReadAllText(result.PinMapPath));

            // Registered with the meter role (3), the one RevenueDistributor accepts.
            DeviceInfoOutput info = await ReadDeviceInfoAsync(result.Device);
            Assert.Equal((3, true), (info.Role, info.Active));
            Assert.Equal(3, result.Role);
        }

        [Fact]
        public async Task Provision_WithTheDevicesOwnAddressButNoProof_IsRefusedBeforeTouchingTheChain()
        {
            DeviceIdentity onDevice = new(Provisioner.CreatePrivateKey());
            await Assert.ThrowsAsync<ArgumentException>(() => Provisioner.ProvisionAsync(new ProvisionRequest
            {
                Role = "terminal",
                OwnerKey = DevAccounts.Merchant,
                DeploymentPath = DeploymentPath,
                OutputDirectory = Path.Combine(Dir, "no-proof"),
                DeviceAddress = onDevice.AddressHex,
            }));
            DeviceInfoOutput info = await ReadDeviceInfoAsync(onDevice.AddressHex);
            Assert.False(info.Active);
        }

        [Fact]
        public async Task Provision_RefusesAnUnknownRole_BeforeTouchingTheChain()
        {
            await Assert.ThrowsAsync<ArgumentException>(() => Provisioner.ProvisionAsync(new ProvisionRequest
            {
                Role = "gateway",
                OwnerKey = DevAccounts.Insurer,
                DeploymentPath = DeploymentPath,
                RpcUrl = Anvil.RpcUrl,
                OutputDirectory = Path.Combine(Dir, "x"),
            }));
            Assert.False(Directory.Exists(Path.Combine(Dir, "x")));
        }

        private async Task<DeviceInfoOutput> ReadDeviceInfoAsync(string device)
        {
            EdgeContracts reader = new(Deployment, DevAccounts.Deployer);
            Function function = reader.Contract("DeviceRegistry", Deployment.DeviceRegistry).GetFunction("deviceInfo");
            return await function.CallDeserializingToObjectAsync<DeviceInfoOutput>(device);
        }
    }
}
