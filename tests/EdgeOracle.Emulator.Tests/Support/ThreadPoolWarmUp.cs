using System;
using System.Runtime.CompilerServices;
using System.Threading;

namespace EdgeOracle.Emulator.Tests.Support
{
    /// <summary>
    /// An emulated device's host loop blocks its thread on each QoS 1 publish until the PUBACK, as the firmware's
    /// synchronous transport does; the PUBACK itself is handled on the thread pool. With tests running in parallel on a
    /// 2-core machine the pool starts with 2 threads and grows by about one every half second, long enough for a
    /// publish to time out and be sent again. The pool starts with enough threads for every parallel test instead.
    /// </summary>
    internal static class ThreadPoolWarmUp
    {
        [ModuleInitializer]
        internal static void Raise()
        {
            ThreadPool.GetMinThreads(out int workers, out int io);
            int wanted = Math.Max(workers, 8 * Environment.ProcessorCount);
            ThreadPool.SetMinThreads(wanted, Math.Max(io, wanted));
        }
    }
}
