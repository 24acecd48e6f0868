// PLACEHOLDER: the hosted transport (System.Net.Sockets) lands here.
internal static partial class MemcachedHost
{
    public static int Run(string[] args)
    {
        System.Console.WriteLine("memcached: hosted transport not built yet");
        return 1;
    }
}
