using System;

namespace EdgeOracle.Emulator.Tests.Support
{
    internal sealed class FixedTime(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
