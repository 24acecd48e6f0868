// An unsigned big integer on the caller's stack: what exact decimal <-> binary conversion needs.
// printf expands a double m * 2^e exactly (m * 2^e when e >= 0, m * 5^-e scaled by 10^e when
// e < 0) and strtod compares a decimal string against the halfway point between two doubles; both
// fit in LimbsMax 32-bit limbs (the largest, 2^54 * 5^1130, is about 2,680 bits).
//
// Invariant: limbs [0, Length) hold the value little-endian and Limbs[Length - 1] != 0 (Length 0
// is zero). Every operation that could grow past LimbsMax asserts first: callers bound their
// inputs (digit counts and exponents) so the assertion can never fire on any input.
namespace OSv.Libc.Format
{
    internal unsafe struct BigNumber
    {
        public const int LimbsMax = 112;
        private const uint FiveToThe13 = 1220703125;
        private const int FivePowerStep = 13;

        public fixed uint Limbs[LimbsMax];
        public int Length;

        public bool IsZero => Length == 0;

        public void SetUInt64(ulong value)
        {
            Length = 0;
            while (value != 0)
            {
                Limbs[Length++] = (uint)value;
                value >>= 32;
            }
        }

        /// <summary>this = this * factor + addend.</summary>
        public void MultiplyAdd(uint factor, uint addend)
        {
            ulong carry = addend;
            for (int i = 0; i < Length; i++)
            {
                ulong product = (ulong)Limbs[i] * factor + carry;
                Limbs[i] = (uint)product;
                carry = product >> 32;
            }
            if (carry != 0)
            {
                OSv.Core.Diagnostics.Invariant.Assert(Length < LimbsMax, "BigNumber.LimbsMax exceeded");
                Limbs[Length++] = (uint)carry;
            }
        }

        public void MultiplyByPowerOfFive(int exponent)
        {
            while (exponent >= FivePowerStep)
            {
                MultiplyAdd(FiveToThe13, 0);
                exponent -= FivePowerStep;
            }
            uint rest = 1;
            for (int i = 0; i < exponent; i++)
                rest *= 5;
            if (rest != 1)
                MultiplyAdd(rest, 0);
        }

        public void ShiftLeft(int bits)
        {
            if (Length == 0 || bits == 0)
                return;
            int limbShift = bits >> 5;
            int bitShift = bits & 31;
            int newLength = Length + limbShift + 1;
            OSv.Core.Diagnostics.Invariant.Assert(newLength <= LimbsMax, "BigNumber.LimbsMax exceeded");
            Limbs[newLength - 1] = 0;
            for (int i = Length - 1; i >= 0; i--)
            {
                ulong wide = (ulong)Limbs[i] << bitShift;
                Limbs[i + limbShift + 1] |= (uint)(wide >> 32);
                Limbs[i + limbShift] = (uint)wide;
            }
            for (int i = 0; i < limbShift; i++)
                Limbs[i] = 0;
            Length = newLength;
            Trim();
        }

        /// <summary>this = this / divisor; returns the remainder.</summary>
        public uint DivideInPlace(uint divisor)
        {
            ulong remainder = 0;
            for (int i = Length - 1; i >= 0; i--)
            {
                ulong current = (remainder << 32) | Limbs[i];
                Limbs[i] = (uint)(current / divisor);
                remainder = current % divisor;
            }
            Trim();
            return (uint)remainder;
        }

        public static int Compare(ref BigNumber left, ref BigNumber right)
        {
            if (left.Length != right.Length)
                return left.Length < right.Length ? -1 : 1;
            for (int i = left.Length - 1; i >= 0; i--)
            {
                if (left.Limbs[i] != right.Limbs[i])
                    return left.Limbs[i] < right.Limbs[i] ? -1 : 1;
            }
            return 0;
        }

        /// <summary>Writes the decimal digits (ASCII, most significant first) into
        /// <paramref name="digits"/> and consumes the value; returns the digit count (0 for zero).</summary>
        public int ToDecimal(byte* digits, int capacity)
        {
            const uint chunk = 1000000000; // nine decimal digits per division
            byte* reversed = stackalloc byte[LimbsMax * 10];
            int count = 0;
            while (Length != 0)
            {
                uint part = DivideInPlace(chunk);
                for (int i = 0; i < 9; i++)
                {
                    reversed[count++] = (byte)('0' + part % 10);
                    part /= 10;
                }
            }
            while (count > 0 && reversed[count - 1] == '0')
                count--;
            OSv.Core.Diagnostics.Invariant.Assert(count <= capacity, "BigNumber.ToDecimal buffer too small");
            for (int i = 0; i < count; i++)
                digits[i] = reversed[count - 1 - i];
            return count;
        }

        private void Trim()
        {
            while (Length > 0 && Limbs[Length - 1] == 0)
                Length--;
        }
    }
}
