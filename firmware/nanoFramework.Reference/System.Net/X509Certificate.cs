// Reference surface (hand-written, public signatures only): see ../README.md.
using System;

namespace System.Security.Cryptography.X509Certificates
{
    /// <summary>An X.509 certificate (PEM or DER bytes).</summary>
    public class X509Certificate
    {
        /// <summary>A certificate from its encoded bytes.</summary>
        public X509Certificate(byte[] certificate) => throw new NotImplementedException();
    }
}
