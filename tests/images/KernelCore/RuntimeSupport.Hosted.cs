// The runtime's kernel services are image-only; the hosted build of this test app has no checks here.
internal static class RuntimeSupport
{
    public static void ExceptionChainSlotIsPerThread()
    {
    }

    public static void RegistryListsLiveThreads()
    {
    }

    public static void StopAndResumeTheWorld()
    {
    }

    public static void HardwareRandom()
    {
    }

    public static void ManagedFaultHook()
    {
    }
}
