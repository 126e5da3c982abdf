namespace EdgeOracle.Gateway.Mqtt;

/// <summary>Where devices connect: the embedded broker once it listens, or in external-broker mode the external broker once the gateway is subscribed there.</summary>
public interface IMqttEndpoint
{
    /// <summary>The address devices connect to.</summary>
    string Host { get; }

    /// <summary>The port actually bound (the one the OS picked when the configured port is 0); 0 before start.</summary>
    int Port { get; }
}
