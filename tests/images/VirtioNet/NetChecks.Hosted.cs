// Hosted, there is no virtio device: the image's checks exist only on metal.
internal static class NetChecks
{
    public static void Run()
    {
    }
}
