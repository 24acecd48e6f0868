// The thread pointer of C code on the current thread: the address of its TLS control block,
// below which its static TLS blocks lie (psABI variant II). On metal it is also loaded into the
// FS base, so compiled code reads TLS variables and the stack-protector canary through %fs
// (ProgramThreadPointer.Metal.cs). Hosted, the FS base belongs to the host's C library and .NET,
// so only TLS reached through __tls_get_addr works (general- and local-dynamic models, as in
// shared objects); an executable with its own TLS is refused hosted (LinuxProgram).
namespace OSv.Libc.Process
{
    public static partial class ProgramThreadPointer
    {
        public static ulong Current() => OSv.Core.Sched.Thread.Current.ThreadPointer;

        /// <summary>True when compiled code can read TLS through %fs (images).</summary>
        public static bool SupportsFsRelativeTls => SupportsFsRelativeTlsCore;

        public static void Install(ulong threadPointer) => InstallCore(threadPointer);
    }
}
