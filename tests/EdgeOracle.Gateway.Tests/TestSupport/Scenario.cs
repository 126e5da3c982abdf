using System;
using System.Threading.Tasks;
using EdgeOracle.Gateway.Chain;
using EdgeOracle.Protocol;
using EdgeOracle.Protocol.Nethereum;
using EdgeOracle.Gateway.Registry;

namespace EdgeOracle.Gateway.Tests.TestSupport;

/// <summary>
/// Registered devices and a way to send, over whatever transport a test uses (the pipeline directly or a real
/// MQTT connection), so that the same cases run against both.
/// </summary>
public sealed class Scenario
{
    private readonly Func<SignedMessage, Task<ReasonCode>> _send;
    private readonly Action<TimeSpan> _advanceTime;

    public Scenario(FakeDeviceRegistry registry, Func<SignedMessage, Task<ReasonCode>> send, Action<TimeSpan> advanceTime)
    {
        Registry = registry;
        _send = send;
        _advanceTime = advanceTime;
        registry.Register(Sensor, DeviceRole.Sensor);
        registry.Register(Terminal, DeviceRole.Terminal);
        registry.Register(Meter, DeviceRole.Meter);
        registry.Register(Revoked, DeviceRole.Sensor, active: false);
    }

    public FakeDeviceRegistry Registry { get; }

    public TestDevice Sensor { get; } = new();

    public TestDevice Terminal { get; } = new();

    public TestDevice Customer { get; } = new();

    /// <summary>An energy meter (role 3): it may send observations of energy produced (metric 6) only.</summary>
    public TestDevice Meter { get; } = new();

    public TestDevice Stranger { get; } = new();

    public TestDevice Revoked { get; } = new();

    public Task<ReasonCode> SendAsync(SignedMessage message) => _send(message);

    /// <summary>Moves the gateway's clock forward.</summary>
    public void AdvanceTime(TimeSpan by) => _advanceTime(by);

    /// <summary>A freshly registered sensor with no messages yet.</summary>
    public TestDevice NewSensor()
    {
        var device = new TestDevice();
        Registry.Register(device, DeviceRole.Sensor);
        return device;
    }

    /// <summary>The terminal's next valid payment.</summary>
    public SignedMessage Payment(
        Action<PaymentIntentStruct>? change = null, Action<ReceiveWithAuthorizationStruct>? changeAuthorization = null, bool advance = true) =>
        Terminal.Payment(Customer, FakeDeviceRegistry.DefaultOwner, change, changeAuthorization, advance);
}
