// The exports of the time, environment, locale, signal and system areas, registered once into
// one table, so tests call them the way a loaded C program does: through their addresses.
using System;
using System.Runtime.InteropServices;
using OSv.Libc.Abi;

namespace OSv.Libc.Tests.Misc
{
    public static unsafe class PosixExports
    {
        private static readonly ExportTable s_table = TestExports.Build(
            OSv.Libc.Time.TimeExports.Register, OSv.Libc.Environ.EnvironmentExports.Register,
            OSv.Libc.Locale.LocaleExports.Register, OSv.Libc.Signals.SignalExports.Register,
            OSv.Libc.Posix.SystemExports.Register);

        public static ExportTable Table => s_table;

        /// <summary>The export's address; fails the test when it is missing.</summary>
        public static nint Address(string name) => TestExports.Require(s_table, name);

        /// <summary>A NUL-terminated copy of text in unmanaged memory (freed with Free).</summary>
        public static byte* CString(string text) => (byte*)Marshal.StringToHGlobalAnsi(text);

        public static void Free(byte* text) => Marshal.FreeHGlobal((nint)text);

        public static string? Read(byte* text) => text == null ? null : Marshal.PtrToStringAnsi((nint)text);

        public static int Errno => OSv.Libc.Errors.Errno.Get();

        public static void ClearErrno() => OSv.Libc.Errors.Errno.Set(0);
    }

    /// <summary>The host's glibc, to compare with.</summary>
    public static unsafe class HostLibc
    {
        [DllImport("libc", EntryPoint = "strftime")]
        public static extern nuint StrFTime(byte* destination, nuint capacity, byte* format, void* time);

        [DllImport("libc", EntryPoint = "gmtime_r")]
        public static extern void* GmTimeReentrant(long* time, void* result);

        [DllImport("libc", EntryPoint = "timegm", SetLastError = true)]
        public static extern long TimeGm(void* time);

        [DllImport("libc", EntryPoint = "mktime", SetLastError = true)]
        public static extern long MkTime(void* time);

        [DllImport("libc", EntryPoint = "asctime_r", SetLastError = true)]
        public static extern byte* AscTimeReentrant(void* time, byte* buffer);

        [DllImport("libc", EntryPoint = "setenv")]
        public static extern int SetEnv(string name, string value, int overwrite);

        [DllImport("libc", EntryPoint = "tzset")]
        public static extern void TzSet();

        [DllImport("libc", EntryPoint = "time")]
        public static extern long Time(long* result);

        [DllImport("libc", EntryPoint = "newlocale")]
        public static extern nint NewLocale(int mask, string name, nint baseLocale);

        [DllImport("libc", EntryPoint = "nl_langinfo_l")]
        public static extern byte* LanguageInfo(int item, nint locale);

        [DllImport("libc", EntryPoint = "sigemptyset")]
        public static extern int SigEmptySet(ulong* set);

        [DllImport("libc", EntryPoint = "sigfillset")]
        public static extern int SigFillSet(ulong* set);

        [DllImport("libc", EntryPoint = "sigaddset", SetLastError = true)]
        public static extern int SigAddSet(ulong* set, int signal);

        [DllImport("libc", EntryPoint = "sigdelset", SetLastError = true)]
        public static extern int SigDelSet(ulong* set, int signal);

        [DllImport("libc", EntryPoint = "sigismember", SetLastError = true)]
        public static extern int SigIsMember(ulong* set, int signal);

        [DllImport("libc", EntryPoint = "sysconf")]
        public static extern long SysConf(int name);

        private static int s_utc;

        /// <summary>The host's local time becomes UTC (for mktime and strftime's %s).</summary>
        public static void UseUtc()
        {
            if (System.Threading.Interlocked.Exchange(ref s_utc, 1) == 1)
                return;
            SetEnv("TZ", "UTC", 1);
            TzSet();
        }
    }
}
