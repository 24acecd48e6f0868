namespace OSv.Libc.Process
{
    public static partial class ProgramThreadPointer
    {
        private const bool SupportsFsRelativeTlsCore = true;

        private static void InstallCore(ulong threadPointer) =>
            OSv.Core.Sched.Thread.SetCurrentThreadPointer(threadPointer);
    }
}
