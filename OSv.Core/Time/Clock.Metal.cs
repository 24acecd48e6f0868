// The metal clock: the CPU's time-stamp counter, scaled by a frequency measured at boot.
using OSv.Core.Arch.X64;

namespace OSv.Core.Time
{
    public static partial class Clock
    {
        private static ulong s_bootTsc;
        private static ulong s_tscPerMicrosecond = 1;

        public static long NowNanoseconds => TscToNanoseconds(Cpu.ReadTsc() - s_bootTsc);

        internal static void Initialize(ulong tscPerMicrosecond)
        {
            s_tscPerMicrosecond = tscPerMicrosecond == 0 ? 1 : tscPerMicrosecond;
            s_bootTsc = Cpu.ReadTsc();
        }

        internal static ulong TscPerMicrosecond => s_tscPerMicrosecond;

        private static long TscToNanoseconds(ulong ticks) =>
            (long)(ticks / s_tscPerMicrosecond * 1000 + ticks % s_tscPerMicrosecond * 1000 / s_tscPerMicrosecond);
    }
}
