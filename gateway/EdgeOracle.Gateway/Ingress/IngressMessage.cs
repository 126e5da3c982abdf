using System;

namespace EdgeOracle.Gateway.Ingress;

/// <summary>One message as an ingress (the device endpoint, the embedded broker, an external broker's subscription) hands it to <see cref="IIngressSink"/>.</summary>
/// <param name="Topic">The MQTT topic it was published on.</param>
/// <param name="Payload">The raw payload.</param>
/// <param name="ClientId">The publishing connection's client id, for logs.</param>
public sealed record IngressMessage(string Topic, ReadOnlyMemory<byte> Payload, string ClientId);
