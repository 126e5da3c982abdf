using System;

namespace EdgeOracle.Gateway.Registry;

/// <summary>The registry could not be read (RPC down, timeout); the message is answered Unavailable and kept by the device.</summary>
public sealed class RegistryUnavailableException : Exception
{
    /// <summary>Creates the exception.</summary>
    public RegistryUnavailableException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public RegistryUnavailableException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and its cause.</summary>
    public RegistryUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
