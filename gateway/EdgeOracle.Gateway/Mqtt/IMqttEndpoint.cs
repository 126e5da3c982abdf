namespace EdgeOracle.Gateway.Mqtt;

/// <summary>Where the embedded broker listens, once it has started.</summary>
public interface IMqttEndpoint
{
    /// <summary>The address devices connect to.</summary>
    string Host { get; }

    /// <summary>The port actually bound (the one the OS picked when the configured port is 0); 0 before start.</summary>
    int Port { get; }
}
