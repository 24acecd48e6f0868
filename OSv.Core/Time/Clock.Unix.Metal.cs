// The metal wall clock: the CMOS RTC read once, on first use, and carried forward by the
// monotonic clock, unix = unixAtAnchor + (NowNanoseconds - anchor). It never goes backwards and
// never drifts from the timers; its error is the RTC's (one-second resolution: the reading is
// truncated, so this clock runs up to 1 s behind the RTC) plus the TSC rate error since the
// anchor (the TSC rate is measured once over 2 ms against the PIT; its relative error becomes the
// wall clock's drift). It is not re-read or stepped, so it stays monotonic; nothing sets time.
//
// Once-initialisation: s_wallClockState goes Unread → Reading (one winner, by CAS) → Ready.
// The winner writes the anchor fields, then publishes Ready with a release store; readers check
// Ready with an acquire load before reading them. A thread that loses the CAS spins until Ready:
// the winner's work is bounded (RealTimeClock's bounded loops, one console line), and on one CPU
// preemption lets the winner finish. A reading the RTC does not give (no chip, battery failed,
// nonsense fields) falls back to the Unix epoch at boot (unix = uptime) with one warning line.
using System.Runtime.CompilerServices;
using System.Threading;
using OSv.Core.Arch.X64;

namespace OSv.Core.Time
{
    public static partial class Clock
    {
        private const int WallClockUnread = 0;
        private const int WallClockReading = 1;
        private const int WallClockReady = 2;

        private static int s_wallClockState;
        private static long s_unixNanosecondsAtAnchor;
        private static long s_anchorNanoseconds;
        private static bool s_wallClockFromRtc;

        public static long UnixTimeNanoseconds
        {
            get
            {
                if (Volatile.Read(ref s_wallClockState) != WallClockReady) // acquire: pairs with the release in AnchorWallClock
                    AnchorWallClock();
                return s_unixNanosecondsAtAnchor + (NowNanoseconds - s_anchorNanoseconds);
            }
        }

        // False when the RTC gave no valid time and the wall clock counts from the epoch at boot.
        public static bool IsWallClockFromRtc
        {
            get
            {
                if (Volatile.Read(ref s_wallClockState) != WallClockReady) // acquire, as above
                    AnchorWallClock();
                return s_wallClockFromRtc;
            }
        }

        [MethodImpl(MethodImplOptions.NoInlining)]
        private static void AnchorWallClock()
        {
            if (Interlocked.CompareExchange(ref s_wallClockState, WallClockReading, WallClockUnread) != WallClockUnread)
            {
                while (Volatile.Read(ref s_wallClockState) != WallClockReady) // acquire: the winner's anchor
                    Cpu.Pause();
                return;
            }
            EnsureCalibrated(); // before the RTC read, so the anchor is taken right after it
            long unixSeconds = 0;
            bool valid = RealTimeClock.TryRead(out CmosRtcReading reading) && reading.TryToUnixSeconds(out unixSeconds);
            long anchor = NowNanoseconds;
            if (!valid)
            {
                unixSeconds = 0;
                anchor = 0;
                System.Console.WriteLine("clock: warning: the CMOS RTC gave no valid time; the wall clock counts from 1970-01-01 at boot");
            }
            s_unixNanosecondsAtAnchor = unixSeconds * NanosecondsPerSecond;
            s_anchorNanoseconds = anchor;
            s_wallClockFromRtc = valid;
            Volatile.Write(ref s_wallClockState, WallClockReady); // release: the anchor fields first
        }
    }
}
