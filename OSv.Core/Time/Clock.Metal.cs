// The metal clock: the CPU's time-stamp counter, scaled by a frequency measured against the PIT.
// The measurement is started at boot (Initialize: the PIT counts down, the local APIC timer
// counts down, the TSC is noted) and finished on first use of the clock (or of a timer): boot
// keeps working meanwhile, so by then the minimum interval has usually passed and finishing
// costs no busy wait; before, boot spent 2 ms polling the PIT. The interval measured is
// everything between the two, at least CalibrationMicrosecondsMin (longer is more precise).
// If the first use comes after the PIT's countdown ran out (~54.9 ms), the measurement starts
// over and waits the minimum, as it always did.
using OSv.Core.Arch.X64;

namespace OSv.Core.Time
{
    public static partial class Clock
    {
        private const ulong CalibrationMicrosecondsMin = 2_000;
        private const ulong MicrosecondsPerSecond = 1_000_000;
        private const ulong CalibrationPitTicksMin = Pit.FrequencyHz * CalibrationMicrosecondsMin / MicrosecondsPerSecond;

        private static ulong s_bootTsc;
        private static ulong s_tscPerMicrosecond;
        private static ulong s_calibrationStartTsc;
        private static bool s_calibrationStarted;
        private static ulong s_calibrationMicroseconds;

        // The calibration's result and interval, for the boot chart.
        internal static ulong TscTicksPerMicrosecond
        {
            get
            {
                EnsureCalibrated();
                return s_tscPerMicrosecond;
            }
        }

        internal static ulong CalibrationMicroseconds => s_calibrationMicroseconds;

        public static long NowNanoseconds
        {
            get
            {
                if (s_tscPerMicrosecond == 0)
                    Calibrate();
                return TscToNanoseconds(Cpu.ReadTsc() - s_bootTsc);
            }
        }

        // Boot records the origin and starts measuring the rate (the local APIC is enabled).
        internal static void Initialize()
        {
            s_bootTsc = Cpu.ReadTsc();
            StartCalibration();
        }

        internal static void EnsureCalibrated()
        {
            if (s_tscPerMicrosecond == 0)
                Calibrate();
        }

        // The TSC, the local APIC timer and the PIT start counting together.
        private static void StartCalibration()
        {
            LocalApic.StartCalibration();
            Pit.StartCountdown();
            s_calibrationStartTsc = Cpu.ReadTsc();
            s_calibrationStarted = true;
        }

        // Measures the TSC and the local APIC timer over the PIT interval since StartCalibration
        // (restarted if it ran out). Interrupts must be off or no timer armed (none can be before
        // calibration: arming a timer calibrates first).
        private static void Calibrate()
        {
            if (!s_calibrationStarted)
                StartCalibration();
            if (!Pit.TryWaitCountdown(CalibrationPitTicksMin, out ulong pitTicks))
            {
                StartCalibration(); // the countdown ran out: measure again, from now
                if (!Pit.TryWaitCountdown(CalibrationPitTicksMin, out pitTicks))
                    Machine.Panic("clock: the PIT did not count; cannot calibrate the TSC and the APIC timer");
            }
            ulong tscTicks = Cpu.ReadTsc() - s_calibrationStartTsc;
            ulong elapsedMicroseconds = pitTicks * MicrosecondsPerSecond / Pit.FrequencyHz;
            LocalApic.FinishCalibration(elapsedMicroseconds);
            s_calibrationMicroseconds = elapsedMicroseconds;
            // pitTicks < 2^16 and tscTicks < 2^40 (~4.6 minutes at 4 GHz, far beyond the countdown): no overflow.
            ulong rate = tscTicks * Pit.FrequencyHz / (pitTicks * MicrosecondsPerSecond);
            s_tscPerMicrosecond = rate == 0 ? 1 : rate;
        }

        // A TSC count (not an interval from boot) in nanoseconds: the boot chart's times.
        internal static long TscTicksToNanoseconds(ulong ticks)
        {
            EnsureCalibrated();
            return TscToNanoseconds(ticks);
        }

        private static long TscToNanoseconds(ulong ticks) =>
            (long)(ticks / s_tscPerMicrosecond * 1000 + ticks % s_tscPerMicrosecond * 1000 / s_tscPerMicrosecond);
    }
}
