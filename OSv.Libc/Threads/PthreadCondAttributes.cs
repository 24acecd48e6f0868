// pthread_condattr_t (4 bytes, one int): bit 0 process-shared (accepted: one address space),
// bits 1-2 the clock of timed waits (CLOCK_REALTIME 0, CLOCK_MONOTONIC 1). Zero after init.
using OSv.Libc.Errors;

namespace OSv.Libc.Threads
{
    public static unsafe class PthreadCondAttributes
    {
        private const int SharedBit = 1;
        private const int ClockShift = 1, ClockMask = 3 << ClockShift;

        public static int ClockOf(int attributes) => (attributes & ClockMask) >> ClockShift;

        public static int Init(int* attributes)
        {
            if (attributes == null)
                return ErrnoCodes.EINVAL;
            *attributes = 0;
            return 0;
        }

        public static int Destroy(int* attributes) => attributes == null ? ErrnoCodes.EINVAL : 0;

        public static int SetClock(int* attributes, int clockId)
        {
            if (attributes == null || !AbsoluteTimeout.IsSupportedClock(clockId))
                return ErrnoCodes.EINVAL;
            *attributes = (*attributes & ~ClockMask) | (clockId << ClockShift);
            return 0;
        }

        public static int GetClock(int* attributes, int* clockId)
        {
            if (attributes == null || clockId == null)
                return ErrnoCodes.EINVAL;
            *clockId = ClockOf(*attributes);
            return 0;
        }

        public static int SetShared(int* attributes, int shared)
        {
            if (attributes == null || (shared != 0 && shared != 1))
                return ErrnoCodes.EINVAL;
            *attributes = shared != 0 ? *attributes | SharedBit : *attributes & ~SharedBit;
            return 0;
        }

        public static int GetShared(int* attributes, int* shared)
        {
            if (attributes == null || shared == null)
                return ErrnoCodes.EINVAL;
            *shared = *attributes & SharedBit;
            return 0;
        }
    }
}
