// PLACEHOLDER: the image transport (OSv.Net over virtio-net) lands here.
internal static partial class MemcachedHost
{
    public static int Run(string[] args)
    {
        System.Console.WriteLine("memcached: image transport not built yet");
        return 1;
    }
}
