namespace EdgeOracle.Firmware.Core.Crypto
{
    /// <summary>
    /// A secp256k1 point in Jacobian coordinates: (X, Y, Z) stands for the affine point (X / Z^2, Y / Z^3).
    /// Additions then need no field inversion; one inversion at the end converts back. Z = 0 is the point at
    /// infinity. Mutable on purpose: the arithmetic overwrites preallocated points instead of allocating.
    /// </summary>
    internal sealed class JacobianPoint
    {
        /// <summary>X coordinate.</summary>
        public readonly uint[] X = new uint[8];

        /// <summary>Y coordinate.</summary>
        public readonly uint[] Y = new uint[8];

        /// <summary>Z coordinate; zero for the point at infinity.</summary>
        public readonly uint[] Z = new uint[8];

        /// <summary>True for the point at infinity (the group's neutral element).</summary>
        public bool IsInfinity
        {
            get { return Limbs.IsZero(Z); }
        }

        /// <summary>Makes this the point at infinity.</summary>
        public void SetInfinity()
        {
            Limbs.Set(X, 1);
            Limbs.Set(Y, 1);
            Limbs.Set(Z, 0);
        }

        /// <summary>Makes this the affine point (x, y).</summary>
        public void SetAffine(uint[] x, uint[] y)
        {
            Limbs.Copy(X, x);
            Limbs.Copy(Y, y);
            Limbs.Set(Z, 1);
        }

        /// <summary>Copies <paramref name="other"/> into this point.</summary>
        public void CopyFrom(JacobianPoint other)
        {
            Limbs.Copy(X, other.X);
            Limbs.Copy(Y, other.Y);
            Limbs.Copy(Z, other.Z);
        }
    }
}
