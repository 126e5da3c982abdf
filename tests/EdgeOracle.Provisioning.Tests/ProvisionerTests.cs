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
    public sealed class ProvisionerTests : IAsyncLifetime
    {
        private readonly string _dir = Path.Combine(Path.GetTempPath(), "edge-provision-" + Guid.NewGuid().ToString("N"));
        private AnvilNode _anvil = null!;
        private Deployment _deployment = null!;
        private string _deploymentPath = null!;

        public async Task InitializeAsync()
        {
            _anvil = await AnvilNode.StartAsync();
            _deployment = await EdgeContracts.DeployAsync(_anvil.RpcUrl, _anvil.ChainId, DevAccounts.Deployer);
            Directory.CreateDirectory(_dir);
            _deploymentPath = Path.Combine(_dir, "deployment.json");
            _deployment.Save(_deploymentPath);
        }

        public async Task DisposeAsync()
        {
            await _anvil.DisposeAsync();
            Directory.Delete(_dir, recursive: true);
        }

        [Fact]
        public async Task Provision_CreatesAKey_WritesAConfigTheDeviceParses_AndRegistersTheDeviceUnderItsOwner()
        {
            string output = Path.Combine(_dir, "sensor");

            ProvisionResult result = await Provisioner.ProvisionAsync(new ProvisionRequest
            {
                Role = "sensor",
                OwnerKey = DevAccounts.Insurer,
                DeploymentPath = _deploymentPath,
                RpcUrl = _anvil.RpcUrl,
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
            Assert.Equal(_deployment.ChainId, config.ChainId);
            Assert.Equal(Convert.FromHexString(_deployment.DeviceRegistry[2..]), config.DeviceRegistry);
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
            string output = Path.Combine(_dir, "terminal");
            // the device signs its consent to be registered by the merchant as a terminal (PROTOCOL.md section 8)
            string merchant = new Nethereum.Web3.Accounts.Account(DevAccounts.Merchant).Address;
            byte[] proof = RegistrationProof.Sign(deviceKey, merchant, 2, _deployment.ChainId, _deployment.DeviceRegistry);

            ProvisionResult result = await Provisioner.ProvisionAsync(new ProvisionRequest
            {
                Role = "terminal",
                OwnerKey = DevAccounts.Merchant,
                DeploymentPath = _deploymentPath,
                RpcUrl = _anvil.RpcUrl,
                OutputDirectory = output,
                DeviceAddress = onDevice.AddressHex,
                RegistrationProof = Firmware.Core.Crypto.Hex.Encode(proof),
            });

            Assert.Null(result.KeyPath);
            Assert.False(File.Exists(Path.Combine(output, "device.key")));
            DeviceConfig config = DeviceConfig.Parse(File.ReadAllText(result.ConfigPath));
            Assert.Equal(onDevice.AddressHex, config.Device);
            Assert.Equal(result.Owner.ToLowerInvariant(), Firmware.Core.Crypto.Hex.Encode(config.Address("merchant")));
            Assert.Equal(_deployment.Stablecoin.ToLowerInvariant(), Firmware.Core.Crypto.Hex.Encode(config.Address("token")));
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
                DeploymentPath = _deploymentPath,
                RpcUrl = _anvil.RpcUrl,
                OutputDirectory = Path.Combine(_dir, "meter"),
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
                DeploymentPath = _deploymentPath,
                OutputDirectory = Path.Combine(_dir, "no-proof"),
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
                DeploymentPath = _deploymentPath,
                RpcUrl = _anvil.RpcUrl,
                OutputDirectory = Path.Combine(_dir, "x"),
            }));
            Assert.False(Directory.Exists(Path.Combine(_dir, "x")));
        }

        private async Task<DeviceInfoOutput> ReadDeviceInfoAsync(string device)
        {
            EdgeContracts reader = new(_deployment, DevAccounts.Deployer);
            Function function = reader.Contract("DeviceRegistry", _deployment.DeviceRegistry).GetFunction("deviceInfo");
            return await function.CallDeserializingToObjectAsync<DeviceInfoOutput>(device);
        }
    }
}
