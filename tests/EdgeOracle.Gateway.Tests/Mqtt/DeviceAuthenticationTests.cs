using System;
using System.Threading;
using System.Threading.Tasks;
using EdgeOracle.Gateway.Mqtt;
using EdgeOracle.Gateway.Options;
using EdgeOracle.Protocol;
using EdgeOracle.Protocol.Eip712;
using EdgeOracle.Gateway.Registry;
using EdgeOracle.Gateway.Tests.TestSupport;
using EdgeOracle.Gateway.Verification;
using Microsoft.Extensions.DependencyInjection;
using MQTTnet;
using MQTTnet.Formatter;
using MQTTnet.Protocol;
using Nethereum.Hex.HexConvertors.Extensions;
using Nethereum.Signer;
using Xunit;

namespace EdgeOracle.Gateway.Tests.Mqtt;

/// <summary>PROTOCOL.md §6.1 on the embedded broker: the connect credential, the per-device topics and the rate limit.</summary>
public sealed class DeviceAuthenticationTests : IAsyncLifetime
{
    private RunningGateway _gateway = null!;
    private Scenario _scenario = null!;

    public async Task InitializeAsync()
    {
        _gateway = await RunningGateway.StartAsync(services => services.Configure<MqttOptions>(o =>
        {
            o.RequireDeviceAuthentication = true;
            o.MaxPublishesPerSecond = 1;
            o.PublishBurst = 3;
        }));
        _scenario = new Scenario(_gateway.Registry, _ => Task.FromResult(ReasonCode.Accepted), _gateway.Time.Advance);
    }

    [Fact]
    public async Task Device_WithItsSignedCredential_ConnectsAndPublishes()
    {
        using var client = await ConnectAsync(_scenario.Sensor.Address, Credential(_scenario.Sensor, TestDevice.Now));
        var message = _scenario.Sensor.Observation();

        var result = await client.PublishAsync(Message(message.Topic, message.Payload));

        Assert.Equal(MqttClientPublishReasonCode.Success, result.ReasonCode);
        _gateway.Logs.AssertNoErrors();
    }

    [Fact]
    public async Task Connect_IsRefused_WithoutACredentialOrWithAnotherKeysOrAStaleOne()
    {
        var sensor = _scenario.Sensor;
        Assert.Equal(MqttClientConnectResultCode.BadUserNameOrPassword, await RefusalAsync(sensor.Address, null));
        Assert.Equal(MqttClientConnectResultCode.BadUserNameOrPassword, await RefusalAsync(sensor.Address, Credential(_scenario.Stranger, TestDevice.Now, sensor)));
        Assert.Equal(MqttClientConnectResultCode.BadUserNameOrPassword, await RefusalAsync(sensor.Address, Credential(sensor, TestDevice.Now - 3600)));
        Assert.Equal(MqttClientConnectResultCode.BadUserNameOrPassword, await RefusalAsync("not-an-address", Credential(sensor, TestDevice.Now)));
    }

    [Fact]
    public async Task Connect_IsRefused_NotAuthorized_ForARevokedDevice()
    {
        Assert.Equal(MqttClientConnectResultCode.NotAuthorized, await RefusalAsync(_scenario.Revoked.Address, Credential(_scenario.Revoked, TestDevice.Now)));
    }

    [Fact]
    public async Task Device_MayNotPublish_UnderAnotherDevicesTopic()
    {
        using var client = await ConnectAsync(_scenario.Terminal.Address, Credential(_scenario.Terminal, TestDevice.Now));
        var message = _scenario.Sensor.Observation();

        var result = await client.PublishAsync(Message(message.Topic, message.Payload));

        Assert.Equal(MqttClientPublishReasonCode.NotAuthorized, result.ReasonCode);
        Assert.StartsWith("NotAuthorized", result.ReasonString, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Device_OverItsRate_IsRefusedRateLimited_BeforeVerification()
    {
        var sensor = _scenario.Sensor;
        using var client = await ConnectAsync(sensor.Address, Credential(sensor, TestDevice.Now));
        var results = new MqttClientPublishReasonCode[6];
        for (var i = 0; i < results.Length; i++)
        {
            var message = sensor.Observation();
            results[i] = (await client.PublishAsync(Message(message.Topic, message.Payload))).ReasonCode;
        }

        Assert.Equal(MqttClientPublishReasonCode.Success, results[0]);
        Assert.Contains(MqttClientPublishReasonCode.QuotaExceeded, results);
    }

    [Fact]
    public void Credential_DigestBindsTheDomainTheDeviceAndTheTime()
    {
        var domain = new Deployment(TestChain.ChainId, Address.Parse(TestChain.Registry), Address.Parse(TestChain.Router), Address.Parse(TestChain.Token), "T", "1").DeviceDomain;
        var other = Eip712Domain.ForDevices(1, Address.Parse(TestChain.Registry));
        var device = _scenario.Sensor.GatewayAddress;

        var digest = DeviceCredentials.Digest(domain, device, 100);

        Assert.NotEqual(digest, DeviceCredentials.Digest(domain, device, 101));
        Assert.NotEqual(digest, DeviceCredentials.Digest(other, device, 100));
        Assert.NotEqual(digest, DeviceCredentials.Digest(domain, _scenario.Terminal.GatewayAddress, 100));
    }

    private (string UserName, byte[] Password) Credential(TestDevice signer, ulong seconds, TestDevice? claimed = null)
    {
        var deviceDomain = _gateway.App.Services.GetRequiredService<Deployment>().DeviceDomain;
        var digest = DeviceCredentials.Digest(deviceDomain, (claimed ?? signer).GatewayAddress, seconds);
        var signature = signer.Key.SignAndCalculateV(digest.ToArray());
        return (seconds.ToString(System.Globalization.CultureInfo.InvariantCulture), EthECDSA.CreateStringSignature(signature).HexToByteArray());
    }

    // The connect result code, as MQTTnet reports a refused CONNACK: an exception whose message names the code.
    private async Task<MqttClientConnectResultCode> RefusalAsync(string clientId, (string, byte[])? credential)
    {
        try
        {
            var client = new MqttClientFactory().CreateMqttClient();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            using (client)
            {
                return (await client.ConnectAsync(Options(clientId, credential), timeout.Token)).ResultCode;
            }
        }
        catch (Exception exception) when (exception.GetType().Name == "MqttConnectingFailedException")
        {
            foreach (var code in Enum.GetValues<MqttClientConnectResultCode>())
            {
                if (code != MqttClientConnectResultCode.Success && exception.Message.Contains(code.ToString(), StringComparison.Ordinal))
                {
                    return code;
                }
            }

            throw;
        }
    }

    private MqttClientOptions Options(string clientId, (string UserName, byte[] Password)? credential)
    {
        var builder = new MqttClientOptionsBuilder()
            .WithTcpServer(_gateway.App.MqttHost, _gateway.App.MqttPort)
            .WithClientId(clientId)
            .WithProtocolVersion(MqttProtocolVersion.V500);
        if (credential is { } c)
        {
            builder = builder.WithCredentials(c.UserName, c.Password);
        }

        return builder.Build();
    }

    private async Task<IMqttClient> ConnectAsync(string clientId, (string UserName, byte[] Password)? credential)
    {
        var client = new MqttClientFactory().CreateMqttClient();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        try
        {
            var result = await client.ConnectAsync(Options(clientId, credential), timeout.Token);
            Assert.Equal(MqttClientConnectResultCode.Success, result.ResultCode);
        }
        catch
        {
            client.Dispose();
            throw;
        }

        return client;
    }

    private static MqttApplicationMessage Message(string topic, byte[] payload) =>
        new MqttApplicationMessageBuilder().WithTopic(topic).WithPayload(payload).WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).Build();

    public async Task DisposeAsync() => await _gateway.DisposeAsync();
}

internal static class EthECDSA
{
    public static string CreateStringSignature(EthECDSASignature signature) => EthECDSASignature.CreateStringSignature(signature);
}
