namespace EdgeOracle.Firmware.Core.Crypto
{
    /// <summary>
    /// Group law on secp256k1 (y^2 = x^3 + 7) in Jacobian coordinates, using the explicit formulas of the
    /// Explicit-Formulas Database for a = 0: dbl-2009-l (2M + 5S), madd-2007-bl (7M + 4S) and add-2007-bl
    /// (11M + 5S). Every method accepts its result aliasing an input. Holds its temporaries; not thread-safe.
    /// </summary>
    internal sealed class PointMath
    {
        private readonly FieldInverter inverter;
        private readonly uint[] t0 = new uint[8];
        private readonly uint[] t1 = new uint[8];
        private readonly uint[] t2 = new uint[8];
        private readonly uint[] t3 = new uint[8];
        private readonly uint[] t4 = new uint[8];
        private readonly uint[] t5 = new uint[8];
        private readonly uint[] t6 = new uint[8];
        private readonly uint[] t7 = new uint[8];
        private readonly uint[] t8 = new uint[8];

        /// <summary>Creates the arithmetic over a shared inverter.</summary>
        public PointMath(FieldInverter inverter)
        {
            this.inverter = inverter;
        }

        /// <summary>r = 2p.</summary>
        public void Double(JacobianPoint r, JacobianPoint p)
        {
            // secp256k1 has no point of order 2 (y = 0), so only infinity needs care, and the formulas keep
            // Z = 0 for it by themselves (Z3 = 2 Y1 Z1).
            FieldMath.Square(t0, p.X);                // A = X1^2
            FieldMath.Square(t1, p.Y);                // B = Y1^2
            FieldMath.Square(t2, t1);                 // C = B^2
            FieldMath.Add(t3, p.X, t1);
            FieldMath.Square(t3, t3);
            FieldMath.Subtract(t3, t3, t0);
            FieldMath.Subtract(t3, t3, t2);
            FieldMath.Add(t3, t3, t3);                // D = 2((X1 + B)^2 - A - C)
            FieldMath.MultiplySmall(t4, t0, 3);       // E = 3A
            FieldMath.Square(t5, t4);                 // F = E^2
            FieldMath.Multiply(r.Z, p.Y, p.Z);
            FieldMath.Add(r.Z, r.Z, r.Z);             // Z3 = 2 Y1 Z1 (p.Y, p.Z no longer needed)
            FieldMath.Add(t6, t3, t3);
            FieldMath.Subtract(r.X, t5, t6);          // X3 = F - 2D
            FieldMath.Subtract(t6, t3, r.X);
            FieldMath.Multiply(t6, t4, t6);
            FieldMath.MultiplySmall(t2, t2, 8);
            FieldMath.Subtract(r.Y, t6, t2);          // Y3 = E(D - X3) - 8C
        }

        /// <summary>r = p + (x, y) where (x, y) is an affine point (not infinity).</summary>
        public void AddAffine(JacobianPoint r, JacobianPoint p, uint[] x, uint[] y)
        {
            if (p.IsInfinity)
            {
                r.SetAffine(x, y);
                return;
            }

            FieldMath.Square(t0, p.Z);                // Z1Z1
            FieldMath.Multiply(t1, x, t0);            // U2 = X2 Z1Z1
            FieldMath.Multiply(t2, y, p.Z);
            FieldMath.Multiply(t2, t2, t0);           // S2 = Y2 Z1 Z1Z1
            FieldMath.Subtract(t3, t1, p.X);          // H = U2 - X1
            FieldMath.Subtract(t4, t2, p.Y);
            FieldMath.Add(t4, t4, t4);                // rr = 2(S2 - Y1)
            if (FieldMath.IsZero(t3))
            {
                // Same x: either the same point (double it) or its negation (the sum is infinity).
                if (FieldMath.IsZero(t4))
                {
                    Double(r, p);
                }
                else
                {
                    r.SetInfinity();
                }

                return;
            }

            FieldMath.Square(t5, t3);                 // HH
            FieldMath.Add(t6, t5, t5);
            FieldMath.Add(t6, t6, t6);                // I = 4 HH
            FieldMath.Multiply(t7, t3, t6);           // J = H I
            FieldMath.Multiply(t6, p.X, t6);          // V = X1 I
            FieldMath.Multiply(t8, p.Y, t7);
            FieldMath.Add(t8, t8, t8);                // 2 Y1 J
            FieldMath.Add(t1, p.Z, t3);
            FieldMath.Square(t1, t1);
            FieldMath.Subtract(t1, t1, t0);
            FieldMath.Subtract(r.Z, t1, t5);          // Z3 = (Z1 + H)^2 - Z1Z1 - HH
            Combine(r, t4, t7, t6, t8);
        }

        /// <summary>r = p + q for Jacobian p and q.</summary>
        public void Add(JacobianPoint r, JacobianPoint p, JacobianPoint q)
        {
            if (p.IsInfinity)
            {
                r.CopyFrom(q);
                return;
            }

            if (q.IsInfinity)
            {
                r.CopyFrom(p);
                return;
            }

            FieldMath.Square(t0, p.Z);                // Z1Z1
            FieldMath.Square(t1, q.Z);                // Z2Z2
            FieldMath.Multiply(t2, p.X, t1);          // U1 = X1 Z2Z2
            FieldMath.Multiply(t3, q.X, t0);          // U2 = X2 Z1Z1
            FieldMath.Multiply(t4, p.Y, q.Z);
            FieldMath.Multiply(t4, t4, t1);           // S1 = Y1 Z2 Z2Z2
            FieldMath.Multiply(t5, q.Y, p.Z);
            FieldMath.Multiply(t5, t5, t0);           // S2 = Y2 Z1 Z1Z1
            FieldMath.Subtract(t3, t3, t2);           // H = U2 - U1
            FieldMath.Subtract(t5, t5, t4);
            FieldMath.Add(t5, t5, t5);                // rr = 2(S2 - S1)
            if (FieldMath.IsZero(t3))
            {
                if (FieldMath.IsZero(t5))
                {
                    Double(r, p);
                }
                else
                {
                    r.SetInfinity();
                }

                return;
            }

            FieldMath.Add(t6, t3, t3);
            FieldMath.Square(t6, t6);                 // I = (2H)^2
            FieldMath.Multiply(t7, t3, t6);           // J = H I
            FieldMath.Multiply(t6, t2, t6);           // V = U1 I
            FieldMath.Add(t8, p.Z, q.Z);
            FieldMath.Square(t8, t8);
            FieldMath.Subtract(t8, t8, t0);
            FieldMath.Subtract(t8, t8, t1);
            FieldMath.Multiply(r.Z, t8, t3);          // Z3 = ((Z1 + Z2)^2 - Z1Z1 - Z2Z2) H
            FieldMath.Multiply(t4, t4, t7);
            FieldMath.Add(t4, t4, t4);                // 2 S1 J
            Combine(r, t5, t7, t6, t4);
        }

        /// <summary>Converts p to affine (x, y); returns false for the point at infinity.</summary>
        public bool ToAffine(JacobianPoint p, uint[] x, uint[] y)
        {
            if (p.IsInfinity)
            {
                return false;
            }

            inverter.Invert(t0, p.Z);
            FieldMath.Square(t1, t0);
            FieldMath.Multiply(x, p.X, t1);
            FieldMath.Multiply(t1, t1, t0);
            FieldMath.Multiply(y, p.Y, t1);
            return true;
        }

        // The common end of both additions: X3 = rr^2 - J - 2V and Y3 = rr(V - X3) - 2 Y1 J, where
        // twoYJ is 2 Y1 J (mixed) or 2 S1 J (general). Overwrites v and t1.
        private void Combine(JacobianPoint r, uint[] rr, uint[] j, uint[] v, uint[] twoYJ)
        {
            FieldMath.Square(t1, rr);
            FieldMath.Subtract(t1, t1, j);
            FieldMath.Subtract(t1, t1, v);
            FieldMath.Subtract(r.X, t1, v);
            FieldMath.Subtract(v, v, r.X);
            FieldMath.Multiply(v, rr, v);
            FieldMath.Subtract(r.Y, v, twoYJ);
        }
    }
}
