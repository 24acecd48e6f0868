// The metal clock: the CPU's time-stamp counter, scaled by a frequency measured against the PIT.
// Measuring takes a few milliseconds of busy waiting, so it happens on first use of the clock
// (or of a timer), not at boot: an application that never asks for time never pays for it.
using OSv.Core.Arch.X64;

namespace OSv.Core.Time
{
    public static partial class Clock
    {
        private const ulong CalibrationMicroseconds = 2_000;

        private static ulong s_bootTsc;
        private static ulong s_tscPerMicrosecond;

        public static long NowNanoseconds
        {
            get
            {
                if (s_tscPerMicrosecond == 0)
                    Calibrate();
                return TscToNanoseconds(Cpu.ReadTsc() - s_bootTsc);
            }
        }

        // Boot records the origin; the rate is measured later.
        internal static void Initialize() => s_bootTsc = Cpu.ReadTsc();

        internal static void EnsureCalibrated()
        {
            if (s_tscPerMicrosecond == 0)
                Calibrate();
        }

        // Measures the TSC and the local APIC timer over one PIT interval. Interrupts must be off
        // or no timer armed (none can be before calibration).
        private static void Calibrate()
        {
            ulong tscStart = Cpu.ReadTsc();
            LocalApic.StartCalibration();
            if (!Pit.Wait(CalibrationMicroseconds))
                Machine.Panic("clock: the PIT did not count; cannot calibrate the TSC and the APIC timer");
            LocalApic.FinishCalibration(CalibrationMicroseconds);
            ulong rate = (Cpu.ReadTsc() - tscStart) / CalibrationMicroseconds;
            s_tscPerMicrosecond = rate == 0 ? 1 : rate;
        }

        private static long TscToNanoseconds(ulong ticks) =>
            (long)(ticks / s_tscPerMicrosecond * 1000 + ticks % s_tscPerMicrosecond * 1000 / s_tscPerMicrosecond);
    }
}
