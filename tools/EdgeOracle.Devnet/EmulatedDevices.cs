using System;
using EdgeOracle.Emulator.Devices;
using EdgeOracle.Emulator.Mqtt;
using EdgeOracle.Emulator.Wallet;

namespace EdgeOracle.Devnet;

/// <summary>Options that point emulated devices and customer wallets at a running <see cref="LocalEdgeSystem"/>.</summary>
public static class EmulatedDevices
{
    /// <summary>The gateway's device endpoint, where a device connects.</summary>
    public static MqttTransportOptions Mqtt(this LocalEdgeSystem system) => new() { Host = system.MqttHost, Port = system.DevicePort };

    /// <summary>A sensor station with <paramref name="sensor"/>'s key whose virtual clock starts at <paramref name="start"/>.</summary>
    public static EmulatedStationOptions StationOptions(this LocalEdgeSystem system, DeviceKey sensor, DateTimeOffset start) => new()
    {
        PrivateKey = sensor.PrivateKey,
        DeviceRegistry = system.Deployment.DeviceRegistry,
        ChainId = system.Deployment.ChainId,
        Mqtt = system.Mqtt(),
        Start = start,
    };

    /// <summary>An energy meter with <paramref name="meter"/>'s key whose virtual clock starts at <paramref name="start"/>.</summary>
    public static EmulatedMeterOptions MeterOptions(this LocalEdgeSystem system, DeviceKey meter, DateTimeOffset start) => new()
    {
        PrivateKey = meter.PrivateKey,
        DeviceRegistry = system.Deployment.DeviceRegistry,
        ChainId = system.Deployment.ChainId,
        Mqtt = system.Mqtt(),
        Start = start,
    };

    /// <summary>A POS terminal with <paramref name="terminal"/>'s key, selling for the merchant in the test stablecoin.</summary>
    public static EmulatedTerminalOptions TerminalOptions(this LocalEdgeSystem system, DeviceKey terminal) => new()
    {
        PrivateKey = terminal.PrivateKey,
        DeviceRegistry = system.Deployment.DeviceRegistry,
        ChainId = system.Deployment.ChainId,
        Mqtt = system.Mqtt(),
        Merchant = system.Merchant.From,
        Token = system.Deployment.Stablecoin,
    };

    /// <summary>A customer wallet holding <paramref name="customer"/>'s key, paying through PaymentHub.</summary>
    public static CustomerWallet Wallet(this LocalEdgeSystem system, DeviceKey customer) => new(customer.PrivateKey, system.WalletOptions());

    /// <summary>
    /// The options of a wallet that pays tUSD intents through PaymentHub, its token's domain as the deployment file
    /// lists it; add <see cref="CustomerWalletOptions.PaysWith"/> for a wallet that pays them in another token.
    /// </summary>
    public static CustomerWalletOptions WalletOptions(this LocalEdgeSystem system) => new()
    {
        ChainId = system.Deployment.ChainId,
        DeviceRegistry = system.Deployment.DeviceRegistry,
        TokenName = system.Deployment.File.RequireToken(EdgeOracle.Protocol.Address.Parse(system.Deployment.Stablecoin)).Name,
        TokenAddress = system.Deployment.Stablecoin,
        PaymentHub = system.Deployment.PaymentHub,
    };
}
