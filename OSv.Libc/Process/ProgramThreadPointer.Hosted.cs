namespace OSv.Libc.Process
{
    public static partial class ProgramThreadPointer
    {
        private const bool SupportsFsRelativeTlsCore = false;

        private static void InstallCore(ulong threadPointer) =>
            OSv.Core.Sched.Thread.Current.ThreadPointer = threadPointer;
    }
}
