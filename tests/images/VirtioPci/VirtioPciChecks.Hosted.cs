// Hosted there is no PCI bus: the transport's parsers are tested in tests/OSv.Drivers.Virtio.Tests.
internal static class VirtioPciChecks
{
    public static void Run(bool lineInterrupt) => System.Console.WriteLine("hosted: no PCI bus here");
}
