internal static class EchoChecks
{
    public static void Run(int frames)
    {
    }
}
