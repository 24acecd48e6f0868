// rand/random's generator, bit-exact with glibc's default (stdlib/random_r.c, TYPE_3): an
// additive lagged Fibonacci generator x[i] = x[i-3] + x[i-31] (mod 2^32) over 31 words, whose
// output is x[i] >> 1 (31 random bits). C programs that seed with srand(n) and print rand()
// expect glibc's numbers, so the seeding is glibc's too:
//   x[0] = seed (0 becomes 1); x[i] = 16807 x[i-1] mod (2^31 - 1) for i = 1..30, computed with
//   Schrage's method on a 32-bit signed word exactly as glibc does (so seeds ≥ 2^31 give the same
//   values as there); then 310 outputs are discarded.
// The two indices (front and rear) start 3 apart and walk the ring together. An unseeded
// generator behaves as if seeded with 1 (C11 7.22.2.2).
//
// rand_r is a different, stateless function: glibc's three-step linear congruential mix of a
// caller-held unsigned seed (NextReentrant).
//
// Thread safety: the state is a struct owned by whoever holds it; the C functions share one
// instance behind a SpinYieldLock (StdlibExports.cs), as glibc shares one behind a lock.
namespace OSv.Libc.String
{
    public unsafe struct RandomGenerator
    {
        public const int Degree = 31;
        public const int Separation = 3;
        public const int DiscardedOutputs = 10 * Degree;
        private const long Modulus = 2147483647;            // 2^31 - 1
        private const long Multiplier = 16807;              // 7^5, Park and Miller's minimal standard
        private const long SchrageQuotient = 127773;        // Modulus / Multiplier
        private const long SchrageRemainder = 2836;         // Modulus % Multiplier

        private fixed int _state[Degree];
        private int _front;
        private int _rear;
        private bool _seeded;

        /// <summary>srand/srandom.</summary>
        public void Seed(uint seed)
        {
            if (seed == 0)
                seed = 1;
            _state[0] = (int)seed;
            // glibc keeps the running value in an int32_t: a seed ≥ 2^31 starts negative, and the
            // step is computed in long but stored back truncated to 32 bits.
            int word = (int)seed;
            for (int i = 1; i < Degree; i++)
            {
                long high = word / SchrageQuotient;
                long low = word % SchrageQuotient;
                word = unchecked((int)(Multiplier * low - SchrageRemainder * high));
                if (word < 0)
                    word = unchecked(word + (int)Modulus);
                _state[i] = word;
            }
            _front = Separation;
            _rear = 0;
            _seeded = true;
            for (int i = 0; i < DiscardedOutputs; i++)
                Next();
        }

        /// <summary>rand/random: the next value in 0..2^31-1.</summary>
        public int Next()
        {
            if (!_seeded)
                Seed(1);
            uint sum = (uint)_state[_front] + (uint)_state[_rear];
            _state[_front] = (int)sum;
            _front = _front + 1 == Degree ? 0 : _front + 1;
            _rear = _rear + 1 == Degree ? 0 : _rear + 1;
            return (int)(sum >> 1);
        }

        /// <summary>rand_r: three rounds of the ANSI C example generator, 11 + 10 + 10 bits.</summary>
        public static int NextReentrant(uint* seed)
        {
            uint next = *seed;
            next = next * 1103515245 + 12345;
            int result = (int)((next / 65536) % 2048);
            next = next * 1103515245 + 12345;
            result = (result << 10) ^ (int)((next / 65536) % 1024);
            next = next * 1103515245 + 12345;
            result = (result << 10) ^ (int)((next / 65536) % 1024);
            *seed = next;
            return result;
        }
    }
}
