// The full 128-bit product of two 64-bit integers, from four 32x32-bit partial products (the
// interim core library has no Math.BigMul or UInt128). Used by fma's exact significand product
// and by the Payne-Hanek reduction's multiplication with bits of 2/pi.
namespace OSv.Libc.Math
{
    internal static class WideMultiply
    {
        public static void Multiply(ulong a, ulong b, out ulong hi, out ulong lo)
        {
            ulong aLow = a & 0xFFFFFFFF, aHigh = a >> 32, bLow = b & 0xFFFFFFFF, bHigh = b >> 32;
            ulong lowLow = aLow * bLow, lowHigh = aLow * bHigh, highLow = aHigh * bLow, highHigh = aHigh * bHigh;
            // at most 3 * (2^32 - 1): no overflow
            ulong middle = (lowLow >> 32) + (lowHigh & 0xFFFFFFFF) + (highLow & 0xFFFFFFFF);
            lo = (middle << 32) | (lowLow & 0xFFFFFFFF);
            hi = highHigh + (lowHigh >> 32) + (highLow >> 32) + (middle >> 32);
        }
    }
}
