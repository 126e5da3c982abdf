using System;

namespace EdgeOracle.Gateway.Chain;

/// <summary>A chain read failed for a reason that may pass (node down, timeout).</summary>
public sealed class ChainUnavailableException : Exception
{
    /// <summary>Creates the exception.</summary>
    public ChainUnavailableException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public ChainUnavailableException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and its cause.</summary>
    public ChainUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
