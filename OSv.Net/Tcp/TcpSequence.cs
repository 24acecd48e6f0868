// Sequence-number arithmetic modulo 2^32 (RFC 9293 section 3.4, after RFC 1982 serial numbers):
// a precedes b when the signed 32-bit difference a - b is negative. This orders any two numbers
// less than 2^31 apart, which every comparison TCP makes satisfies (windows are at most 2^30,
// RFC 7323 2.3). Callers never compare numbers further apart than that.
namespace OSv.Net.Tcp
{
    public static class TcpSequence
    {
        public static bool LessThan(uint a, uint b) => (int)(a - b) < 0;

        public static bool LessOrEqual(uint a, uint b) => (int)(a - b) <= 0;

        public static bool GreaterThan(uint a, uint b) => (int)(a - b) > 0;

        public static bool GreaterOrEqual(uint a, uint b) => (int)(a - b) >= 0;

        public static uint Max(uint a, uint b) => GreaterThan(a, b) ? a : b;

        public static uint Min(uint a, uint b) => LessThan(a, b) ? a : b;

        // start <= value < start + length, modulo 2^32.
        public static bool InWindow(uint value, uint start, uint length) => value - start < length;
    }
}
