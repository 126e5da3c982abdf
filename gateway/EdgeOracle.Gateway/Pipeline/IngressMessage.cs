using System;

namespace EdgeOracle.Gateway.Pipeline;

/// <summary>One message as an ingress (the embedded broker now, an external broker's subscription later) hands it over.</summary>
/// <param name="Topic">The MQTT topic it was published on.</param>
/// <param name="Payload">The raw payload.</param>
/// <param name="ClientId">The publishing connection's client id, for logs.</param>
public sealed record IngressMessage(string Topic, ReadOnlyMemory<byte> Payload, string ClientId);
