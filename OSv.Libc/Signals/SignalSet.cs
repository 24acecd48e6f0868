// sigset_t operations (POSIX.1-2017 sigsetops). glibc's sigset_t is 1024 bits (128 bytes) of
// which Linux uses the first 64: signal s is bit (s - 1) of the first 64-bit word. Like glibc,
// sigaddset/sigdelset refuse invalid signals and the two glibc reserves (EINVAL), sigfillset
// leaves those two out, sigismember accepts them. Every function takes the set by pointer as C
// does and refuses NULL (EINVAL) rather than fault.
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
            for (int i = 0; i < Words; i++)
                set[i] = 0;
            return 0;
        }

        public static int Fill(ulong* set)
        {
            if (set == null)
                return Fail(ErrnoCodes.EINVAL);
            for (int i = 0; i < Words; i++)
                set[i] = ulong.MaxValue;
            set[0] &= ~(SignalNumbers.Bit(SignalNumbers.GlibcCancel) | SignalNumbers.Bit(SignalNumbers.GlibcSetXid));
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

        /// <summary>Stores a 64-bit mask as a full sigset_t (the upper words zero).</summary>
        public static void Store(ulong* set, ulong mask)
        {
            set[0] = mask;
            for (int i = 1; i < Words; i++)
                set[i] = 0;
        }

        private static int Fail(int error)
        {
            Errno.Set(error);
            return -1;
        }
    }
}
