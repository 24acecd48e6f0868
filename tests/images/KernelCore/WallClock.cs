// The wall clock in the guest (Clock.Unix.Metal.cs): the CMOS RTC, read once and carried forward
// by the monotonic clock. Prints the Unix time it read so that the host can compare it with its
// own (QEMU's RTC starts at the host's UTC time); the checks here need no host.
using System;
using OSv.Core.Sched;
using OSv.Core.Time;

internal static class WallClock
{
    // 2024-01-01T00:00:00Z: any RTC reading before it is a wrong clock, not today.
    private const long PlausibleUnixSecondsMin = 1_704_067_200;

    private const long SleepNanoseconds = 200 * Clock.NanosecondsPerMillisecond;

    // Under TCG on a shared machine a sleep can overshoot by far more than a timer's precision.
    private const long SleepOvershootMaxNanoseconds = 2 * Clock.NanosecondsPerSecond;

    public static void Report()
    {
        long unixSeconds = Clock.UnixTimeSeconds;
        Console.WriteLine("unix time: " + unixSeconds);
        Check.That("clock.unix.from.rtc", Clock.IsWallClockFromRtc);
        Check.That("clock.unix.plausible", unixSeconds >= PlausibleUnixSecondsMin);
    }

    // The wall clock advances with the monotonic clock: a sleep moves both by the same amount.
    public static void AdvancesWithSleep()
    {
        long unixBefore = Clock.UnixTimeNanoseconds;
        Thread.Sleep(SleepNanoseconds);
        long advanced = Clock.UnixTimeNanoseconds - unixBefore;
        Check.That("clock.unix.advances.with.sleep", advanced >= SleepNanoseconds && advanced <= SleepNanoseconds + SleepOvershootMaxNanoseconds);
    }
}
