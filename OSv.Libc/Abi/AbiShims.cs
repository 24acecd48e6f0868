// The C# side of Abi/X64/libc.S: finds the assembly entry points through the blob's header,
// exports them by their C names, and fills the slot table the assembly calls C# through.
// Slots are filled from the export table by C name (vprintf, __vfprintf_chk, ...), so the
// areas that implement them need not know the assembly exists; the exit family's slots point
// at OSv.Libc.Process.ProgramExit.
namespace OSv.Libc.Abi
{
    using System;

    public static unsafe partial class AbiShims
    {
        private const uint HeaderMagic = 0x4F534C43;
        private const int HeaderBytes = 16;

        // Order of libc.S's header entries. Append only, in both files.
        public enum ShimEntry
        {
            Printf, Fprintf, Sprintf, Snprintf, Dprintf, Asprintf,
            PrintfChk, FprintfChk, SprintfChk, SnprintfChk, DprintfChk, AsprintfChk,
            Scanf, Isoc99Scanf, Fscanf, Isoc99Fscanf, Sscanf, Isoc99Sscanf,
            Setjmp, UnderscoreSetjmp, SigSetjmp, Longjmp, UnderscoreLongjmp, SigLongjmp, LongjmpChk,
            Exit, UnderscoreExit, Abort, LibcStartMain, StackCheckFail, PthreadExit,
            RunEntry, ThreadRun, MissingFunction, ChkFail, FortifyFail,
            Count,
        }

        // Order of libc.S's slot table (the SLOT_* constants).
        public enum ShimSlot
        {
            Vprintf, Vfprintf, Vsprintf, Vsnprintf, Vdprintf, Vasprintf,
            VprintfChk, VfprintfChk, VsprintfChk, VsnprintfChk, VdprintfChk, VasprintfChk,
            Vscanf, Vfscanf, Vsscanf,
            ExitPrepare, ExitImmediate, AbortPrepare, StartMain, StackCheckFailed, ThreadExitPrepare,
            MissingFunction, FortifyFailed,
            Count,
        }

        private static byte* s_header;

        public static bool IsInitialized => s_header != null;

        public static void Initialize()
        {
            if (s_header != null)
                return;
            byte* header = LocateHeader();
            OSv.Core.Diagnostics.Invariant.Assert(*(uint*)header == HeaderMagic, "libc.S: header magic");
            OSv.Core.Diagnostics.Invariant.Assert(*(int*)(header + 4) == (int)ShimEntry.Count, "libc.S: entry count differs from AbiShims.ShimEntry");
            OSv.Core.Diagnostics.Invariant.Assert(*(int*)(header + 12) >= (int)ShimSlot.Count, "libc.S: too few slots for AbiShims.ShimSlot");
            s_header = header;
        }

        public static nint Entry(ShimEntry entry)
        {
            byte* field = s_header + HeaderBytes + 4 * (int)entry;
            return (nint)(field + *(int*)field);
        }

        private static nint* Slots
        {
            get
            {
                byte* offsetField = s_header + 8;
                return (nint*)(offsetField + *(int*)offsetField);
            }
        }

        public static void SetSlot(ShimSlot slot, nint target) => Slots[(int)slot] = target;

        public static nint GetSlot(ShimSlot slot) => Slots[(int)slot];

        /// <summary>Runs a program's entry point on a copy of <paramref name="vector"/> (the
        /// initial process stack) until it leaves through exit; returns the exit status.</summary>
        public static long RunEntry(nint entry, byte* vector, long vectorBytes, long* context) =>
            ((delegate* unmanaged<nint, byte*, long, long*, long>)Entry(ShimEntry.RunEntry))(entry, vector, vectorBytes, context);

        /// <summary>Calls start(arg) so that pthread_exit can leave to <paramref name="context"/>.</summary>
        public static nint RunThread(nint start, nint arg, long* context) =>
            (nint)((delegate* unmanaged<nint, nint, long*, long>)Entry(ShimEntry.ThreadRun))(start, arg, context);

        /// <summary>Adds the assembly entry points under their C names.</summary>
        public static void Register(ExportTable table)
        {
            table.Add("printf"u8, Entry(ShimEntry.Printf));
            table.Add("fprintf"u8, Entry(ShimEntry.Fprintf));
            table.Add("sprintf"u8, Entry(ShimEntry.Sprintf));
            table.Add("snprintf"u8, Entry(ShimEntry.Snprintf));
            table.Add("dprintf"u8, Entry(ShimEntry.Dprintf));
            table.Add("asprintf"u8, Entry(ShimEntry.Asprintf));
            table.Add("__printf_chk"u8, Entry(ShimEntry.PrintfChk));
            table.Add("__fprintf_chk"u8, Entry(ShimEntry.FprintfChk));
            table.Add("__sprintf_chk"u8, Entry(ShimEntry.SprintfChk));
            table.Add("__snprintf_chk"u8, Entry(ShimEntry.SnprintfChk));
            table.Add("__dprintf_chk"u8, Entry(ShimEntry.DprintfChk));
            table.Add("__asprintf_chk"u8, Entry(ShimEntry.AsprintfChk));
            table.Add("scanf"u8, Entry(ShimEntry.Scanf));
            table.Add("__isoc99_scanf"u8, Entry(ShimEntry.Isoc99Scanf));
            table.Add("fscanf"u8, Entry(ShimEntry.Fscanf));
            table.Add("__isoc99_fscanf"u8, Entry(ShimEntry.Isoc99Fscanf));
            table.Add("sscanf"u8, Entry(ShimEntry.Sscanf));
            table.Add("__isoc99_sscanf"u8, Entry(ShimEntry.Isoc99Sscanf));
            table.Add("setjmp"u8, Entry(ShimEntry.Setjmp));
            table.Add("_setjmp"u8, Entry(ShimEntry.UnderscoreSetjmp));
            table.Add("__sigsetjmp"u8, Entry(ShimEntry.SigSetjmp));
            table.Add("sigsetjmp"u8, Entry(ShimEntry.SigSetjmp));
            table.Add("longjmp"u8, Entry(ShimEntry.Longjmp));
            table.Add("_longjmp"u8, Entry(ShimEntry.UnderscoreLongjmp));
            table.Add("siglongjmp"u8, Entry(ShimEntry.SigLongjmp));
            table.Add("__longjmp_chk"u8, Entry(ShimEntry.LongjmpChk));
            table.Add("exit"u8, Entry(ShimEntry.Exit));
            table.Add("_exit"u8, Entry(ShimEntry.UnderscoreExit));
            table.Add("_Exit"u8, Entry(ShimEntry.UnderscoreExit));
            table.Add("quick_exit"u8, Entry(ShimEntry.UnderscoreExit));
            table.Add("abort"u8, Entry(ShimEntry.Abort));
            table.Add("__libc_start_main"u8, Entry(ShimEntry.LibcStartMain));
            table.Add("__stack_chk_fail"u8, Entry(ShimEntry.StackCheckFail));
            table.Add("__stack_chk_fail_local"u8, Entry(ShimEntry.StackCheckFail));
            table.Add("pthread_exit"u8, Entry(ShimEntry.PthreadExit));
            table.Add("thrd_exit"u8, Entry(ShimEntry.PthreadExit));
            table.Add("__chk_fail"u8, Entry(ShimEntry.ChkFail));
            table.Add("__fortify_fail"u8, Entry(ShimEntry.FortifyFail));
        }

        /// <summary>Points the variadic shims at the v* functions other areas registered; a
        /// name no area provides leaves its slot at the missing-function path.</summary>
        public static void BindVariadicSlots(ExportTable table)
        {
            BindSlot(table, ShimSlot.Vprintf, "vprintf"u8);
            BindSlot(table, ShimSlot.Vfprintf, "vfprintf"u8);
            BindSlot(table, ShimSlot.Vsprintf, "vsprintf"u8);
            BindSlot(table, ShimSlot.Vsnprintf, "vsnprintf"u8);
            BindSlot(table, ShimSlot.Vdprintf, "vdprintf"u8);
            BindSlot(table, ShimSlot.Vasprintf, "vasprintf"u8);
            BindSlot(table, ShimSlot.VprintfChk, "__vprintf_chk"u8);
            BindSlot(table, ShimSlot.VfprintfChk, "__vfprintf_chk"u8);
            BindSlot(table, ShimSlot.VsprintfChk, "__vsprintf_chk"u8);
            BindSlot(table, ShimSlot.VsnprintfChk, "__vsnprintf_chk"u8);
            BindSlot(table, ShimSlot.VdprintfChk, "__vdprintf_chk"u8);
            BindSlot(table, ShimSlot.VasprintfChk, "__vasprintf_chk"u8);
            BindSlot(table, ShimSlot.Vscanf, "vscanf"u8);
            BindSlot(table, ShimSlot.Vfscanf, "vfscanf"u8);
            BindSlot(table, ShimSlot.Vsscanf, "vsscanf"u8);
        }

        private static void BindSlot(ExportTable table, ShimSlot slot, ReadOnlySpan<byte> name)
        {
            nint target = table.Lookup(name);
            SetSlot(slot, target != 0 ? target : OSv.Libc.Process.MissingFunctions.StubFor(name));
        }
    }
}
