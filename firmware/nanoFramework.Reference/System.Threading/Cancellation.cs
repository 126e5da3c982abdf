// Reference surface (hand-written, public signatures only): see ../README.md.
using System;

namespace System.Threading
{
    /// <summary>Tells an operation that it should stop.</summary>
    public struct CancellationToken
    {
        /// <summary>Whether cancellation was requested.</summary>
        public bool IsCancellationRequested => throw new NotImplementedException();
    }

    /// <summary>Issues a <see cref="CancellationToken"/>, here one that cancels itself after a delay.</summary>
    public class CancellationTokenSource : IDisposable
    {
        /// <summary>A source that cancels after <paramref name="millisecondsDelay"/>.</summary>
        public CancellationTokenSource(int millisecondsDelay) => throw new NotImplementedException();

        /// <summary>The token this source cancels.</summary>
        public CancellationToken Token => throw new NotImplementedException();

        /// <summary>Releases the source's timer.</summary>
        public void Dispose() => throw new NotImplementedException();
    }
}
