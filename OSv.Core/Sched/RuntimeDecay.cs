// The arithmetic of the scheduler's fairness measure, in integers: an exponentially decaying
// runtime kept, as in OSv (core/sched.cc and include/osv/sched.hh, class thread_runtime, after
// Nadav Har'El's scheduler design document), in a normalized frame where it never has to be
// decayed explicitly.
//
// The measure. With p the thread's priority value and H the half-life, a thread's decayed
// runtime at time T is
//     R(T) = p · ln2/H · ∫ running(s) · 2^(-(T - s)/H) ds          (running(s) is 1 or 0)
// Recent running counts fully, running one half-life ago half, and so on; a thread that runs
// forever converges to R = p. The run queue runs the thread with the smallest R, so CPU time is
// shared in inverse proportion to p: two busy threads with p and p/2 settle where their R are
// equal, the second running twice as much.
//
// The frame. Decaying every thread's R as time passes would touch every thread at every step.
// Instead each thread stores its key
//     K = R(T) · S(T),   S(T) = 2^ScaleShift · 2^((T - E)/H)
// for a frame origin E. Multiplying by S cancels the decay: K does not change while the thread
// does not run, and running from T1 to T2 adds exactly p · (S(T2) - S(T1)) (because
// S' = S · ln2/H, the integrand of R·S is p·S'). At any one time every thread's R is multiplied
// by the same S(T), so comparing keys compares decayed runtimes: a sleeping thread's fixed key
// falls behind the keys of threads that run, which is its R decaying. OSv stores the same key
// (_Rtt) with a float normalization c per CPU.
//
// Generations. S grows without bound, so the origin moves: generation g has origin
// E_g = g · GenerationNs, with GenerationNs = GenerationShift · H, hence
// S_(g+1)(T) = S_g(T) / 2^GenerationShift and moving a key to the next generation is a right
// shift. A key carries the generation it is expressed in and is shifted when next touched; the
// run queue shifts all its keys when its generation advances (OSv's renormalization). Departure
// from OSv: generations are a function of the global monotonic clock (g = T / GenerationNs), the
// same on every CPU, so keys compare across CPUs and migration needs no conversion (OSv's
// export_runtime/update_after_sleep).
//
// Bounds. Within generation g, T - E_g lies in [0, GenerationNs), so S lies in
// [2^24, 2^40); the preemption search looks at most PreemptionLookaheadMaxNs (one half-life)
// beyond, where S < 2^41. A key is an integral of p·S' up to T, so K ≤ PriorityMax · S(T)
// < 2^20 · 2^41 = 2^61 and key plus increment < 2^62: no overflow (adds still saturate, as a
// guard against a caller charging the same interval twice). The idle priority is infinite: its
// key is IdleKey and never moves.
//
// Precision. At the origin S' ≈ 2^24 · ln2 / 140 ms ≈ 0.083 per ns: one microsecond at the
// smallest priority value (1) adds about 83 to a key, at the default (1024) about 85,000. The
// fractional power of two is a degree-8 Taylor polynomial of e^y, y = r·ln2 < 0.7, relative
// error below 2e-7; every Horner step multiplies nondecreasing non-negative values and floors,
// so S is nondecreasing in T and a charge is never negative. Shifting a key to the next
// generation rounds down by less than one unit.
using OSv.Core.Diagnostics;

namespace OSv.Core.Sched
{
    public static class RuntimeDecay
    {
        // OSv's tau (200 ms) times ln 2: a thread waking after a long sleep next to a thread that
        // has been hogging the CPU runs for one half-life before the hog gets the CPU back.
        public const long HalfLifeNs = 140_000_000;

        // Keys shift right by this many bits when the generation advances (every 2.24 s).
        public const int GenerationShift = 16;
        public const long GenerationNs = GenerationShift * HalfLifeNs;

        // S at a generation's origin is 2^ScaleShift.
        public const int ScaleShift = 24;

        // The key of an idle-priority entity: larger than any finite key, never charged.
        public const long IdleKey = long.MaxValue;

        // The farthest into the future Scale is asked about (the run queue's preemption search).
        public const long PreemptionLookaheadMaxNs = HalfLifeNs;

        private const int FractionBits = 30;
        private const long FractionOne = 1L << FractionBits;
        private const long Ln2Q30 = 744_261_118; // ln 2 · 2^30, rounded

        // Compile-time relations: the frame's largest scale (origin, plus a generation, plus the
        // look-ahead) times the largest priority stays below 2^62 (see Bounds).
        private const byte ScaleFitsWithPriority =
            ScaleShift + GenerationShift + 1 + 20 <= 62 && PreemptionLookaheadMaxNs <= HalfLifeNs ? 0 : 256;

        public static long GenerationOf(long timeNs)
        {
            Invariant.Assert(timeNs >= 0, "RuntimeDecay: time is before the clock's origin");
            return timeNs / GenerationNs;
        }

        // S_generation(time), floored. Times before the generation's origin give smaller values
        // (zero far enough back); at most one generation and the look-ahead beyond it.
        public static long Scale(long timeNs, long generation)
        {
            long offsetNs = timeNs - generation * GenerationNs;
            long halfLives = offsetNs / HalfLifeNs;
            long restNs = offsetNs % HalfLifeNs;
            if (restNs < 0)
            {
                restNs += HalfLifeNs;
                halfLives--;
            }
            Invariant.Assert(halfLives <= GenerationShift + 1, "RuntimeDecay: time is beyond the frame");
            long fraction = Exp2FractionQ30(restNs);
            long shift = ScaleShift + halfLives - FractionBits;
            if (shift >= 0)
                return fraction << (int)shift;
            return shift <= -63 ? 0 : fraction >> (int)-shift;
        }

        // 2^(restNs / H) in Q30, for restNs in [0, H): a value in [2^30, 2^31).
        public static long Exp2FractionQ30(long restNs)
        {
            Invariant.Assert(restNs >= 0 && restNs < HalfLifeNs, "RuntimeDecay: fraction out of range");
            long ratioQ30 = (restNs << FractionBits) / HalfLifeNs; // restNs < 2^28: no overflow
            long y = (ratioQ30 * Ln2Q30) >> FractionBits;           // y = ratio · ln 2 < 0.7
            // e^y = 1 + y(1 + y/2(1 + y/3(... (1 + y/8)))), innermost first; unrolled so that
            // each division is by a constant (a multiply).
            long sum = FractionOne + y / 8;
            sum = FractionOne + ((sum * y) >> FractionBits) / 7;
            sum = FractionOne + ((sum * y) >> FractionBits) / 6;
            sum = FractionOne + ((sum * y) >> FractionBits) / 5;
            sum = FractionOne + ((sum * y) >> FractionBits) / 4;
            sum = FractionOne + ((sum * y) >> FractionBits) / 3;
            sum = FractionOne + ((sum * y) >> FractionBits) / 2;
            sum = FractionOne + ((sum * y) >> FractionBits);
            Invariant.Assert(sum >= FractionOne && sum < 2 * FractionOne, "RuntimeDecay: 2^x out of [1, 2)");
            return sum;
        }

        // What running from fromNs to toNs adds to the key of an entity with this priority value.
        public static long Increment(int priority, long fromNs, long toNs, long generation)
        {
            Invariant.Assert(fromNs <= toNs, "RuntimeDecay: interval ends before it starts");
            return IncrementBetween(priority, Scale(fromNs, generation), Scale(toNs, generation));
        }

        // Increment from the two ends' scales, for callers that already have them (RunQueue keeps
        // the last few: a switch asks about the same "now" several times).
        [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
        public static long IncrementBetween(int priority, long scaleFrom, long scaleTo)
        {
            long delta = scaleTo - scaleFrom;
            Invariant.Assert(delta >= 0, "RuntimeDecay: scale decreased with time");
            return MultiplySaturating(delta, priority);
        }

        // A key expressed in keyGeneration, re-expressed in a later generation.
        public static long ToGeneration(long key, long keyGeneration, long generation)
        {
            Invariant.Assert(keyGeneration <= generation, "RuntimeDecay: key is from a later generation");
            if (key == IdleKey)
                return IdleKey;
            long shift = (generation - keyGeneration) * GenerationShift;
            return shift >= 63 ? 0 : key >> (int)shift;
        }

        [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
        public static long AddSaturating(long key, long increment)
        {
            Invariant.Assert(key >= 0 && increment >= 0, "RuntimeDecay: negative key or increment");
            long sum = key + increment;
            return sum < key || key == IdleKey ? IdleKey : sum;
        }

        [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
        private static long MultiplySaturating(long value, int factor)
        {
            if (value != 0 && value > (IdleKey - 1) / factor)
                return IdleKey - 1;
            return value * factor;
        }
    }
}
