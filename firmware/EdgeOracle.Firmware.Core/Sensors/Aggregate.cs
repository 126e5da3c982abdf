using System;

namespace EdgeOracle.Firmware.Core.Sensors
{
    /// <summary>
    /// Running sum, minimum, maximum and count of integer samples over one window. A value type in spirit: the
    /// station keeps a fixed set of them and <see cref="Reset"/>s them, so aggregation allocates nothing.
    /// </summary>
    public sealed class Aggregate
    {
        /// <summary>Gets the sum of the samples.</summary>
        public long Sum { get; private set; }

        /// <summary>Gets the smallest sample (0 when <see cref="Count"/> is 0).</summary>
        public long Min { get; private set; }

        /// <summary>Gets the largest sample (0 when <see cref="Count"/> is 0).</summary>
        public long Max { get; private set; }

        /// <summary>Gets how many samples were added.</summary>
        public uint Count { get; private set; }

        /// <summary>Adds one sample.</summary>
        /// <param name="value">The sample.</param>
        public void Add(long value)
        {
            if (Count == 0)
            {
                Min = value;
                Max = value;
            }
            else
            {
                if (value < Min)
                {
                    Min = value;
                }

                if (value > Max)
                {
                    Max = value;
                }
            }

            Sum += value;
            Count++;
        }

        /// <summary>Adds another window's aggregate to this one (an hour into its day).</summary>
        /// <param name="other">The aggregate to fold in.</param>
        public void Merge(Aggregate other)
        {
            if (other == null)
            {
                throw new ArgumentNullException(nameof(other));
            }

            if (other.Count == 0)
            {
                return;
            }

            if (Count == 0 || other.Min < Min)
            {
                Min = other.Min;
            }

            if (Count == 0 || other.Max > Max)
            {
                Max = other.Max;
            }

            Sum += other.Sum;
            Count += other.Count;
        }

        /// <summary>Returns the mean rounded half away from zero, or 0 for an empty window.</summary>
        /// <returns>Sum / Count, rounded.</returns>
        public long Mean()
        {
            if (Count == 0)
            {
                return 0;
            }

            long half = Count / 2;
            return Sum >= 0 ? (Sum + half) / Count : -((-Sum + half) / Count);
        }

        /// <summary>Copies another aggregate's values into this one.</summary>
        /// <param name="other">The source.</param>
        public void CopyFrom(Aggregate other)
        {
            if (other == null)
            {
                throw new ArgumentNullException(nameof(other));
            }

            Sum = other.Sum;
            Min = other.Min;
            Max = other.Max;
            Count = other.Count;
        }

        /// <summary>Empties the aggregate for the next window.</summary>
        public void Reset()
        {
            Sum = 0;
            Min = 0;
            Max = 0;
            Count = 0;
        }
    }
}
