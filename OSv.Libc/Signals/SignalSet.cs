// sigset_t operations (POSIX.1-2017 sigsetops). glibc's sigset_t is 1024 bits (128 bytes) of
// which Linux uses the first 64: signal s is bit (s - 1) of the first 64-bit word. Like glibc,
// sigaddset/sigdelset refuse invalid signals and the two glibc reserves (EINVAL), sigfillset
// leaves those two out, sigismember accepts them. Every function takes the set by pointer as C
// does and refuses NULL (EINVAL) rather than fault. Like glibc 2.36, every function reads and
// writes only the first word (the kernel's sigset); the other fifteen are left as they are.
namespace OSv.Libc.Signals
{
    using OSv.Libc.Errors;

    public static unsafe class SignalSet
    {
        public const int SizeBytes = 128;
        public const int Words = SizeBytes / sizeof(ulong);

        public static int Empty(ulong* set)
        {
            if (set == null)
                return Fail(ErrnoCodes.EINVAL);
            set[0] = 0;
            return 0;
        }

        public static int Fill(ulong* set)
        {
            if (set == null)
                return Fail(ErrnoCodes.EINVAL);
            set[0] = ulong.MaxValue & ~(SignalNumbers.Bit(SignalNumbers.GlibcCancel) | SignalNumbers.Bit(SignalNumbers.GlibcSetXid));
            return 0;
        }

        public static int Add(ulong* set, int signal)
        {
            if (set == null || !SignalNumbers.IsValid(signal) || SignalNumbers.IsReservedByGlibc(signal))
                return Fail(ErrnoCodes.EINVAL);
            set[0] |= SignalNumbers.Bit(signal);
            return 0;
        }

        public static int Delete(ulong* set, int signal)
        {
            if (set == null || !SignalNumbers.IsValid(signal) || SignalNumbers.IsReservedByGlibc(signal))
                return Fail(ErrnoCodes.EINVAL);
            set[0] &= ~SignalNumbers.Bit(signal);
            return 0;
        }

        public static int IsMember(ulong* set, int signal)
        {
            if (set == null || !SignalNumbers.IsValid(signal))
                return Fail(ErrnoCodes.EINVAL);
            return (set[0] & SignalNumbers.Bit(signal)) != 0 ? 1 : 0;
        }

        /// <summary>Stores a 64-bit mask into a sigset_t's first word.</summary>
        public static void Store(ulong* set, ulong mask) => set[0] = mask;

        private static int Fail(int error)
        {
            Errno.Set(error);
            return -1;
        }
    }
}
