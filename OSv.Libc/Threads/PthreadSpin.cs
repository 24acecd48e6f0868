// pthread_spinlock_t: one int in the caller's memory (0 free, 1 held), driven by SpinLock.
// glibc's spin lock never sleeps; ours yields the processor after a bounded number of looks
// (SpinLock.cs says why). Unlock by a non-holder is not detected (glibc does not either).
using OSv.Libc.Errors;

namespace OSv.Libc.Threads
{
    public static unsafe class PthreadSpin
    {
        public static int Init(int* spin, int shared)
        {
            if (spin == null)
                return ErrnoCodes.EINVAL;
            *spin = SpinLock.Free;
            return 0;
        }

        public static int Destroy(int* spin) => spin == null ? ErrnoCodes.EINVAL : 0;

        public static int Lock(int* spin)
        {
            if (spin == null)
                return ErrnoCodes.EINVAL;
            SpinLock.Enter(ref *spin);
            return 0;
        }

        public static int TryLock(int* spin)
        {
            if (spin == null)
                return ErrnoCodes.EINVAL;
            return SpinLock.TryEnter(ref *spin) ? 0 : ErrnoCodes.EBUSY;
        }

        public static int Unlock(int* spin)
        {
            if (spin == null)
                return ErrnoCodes.EINVAL;
            SpinLock.Exit(ref *spin);
            return 0;
        }
    }
}
