// virtio-net against QEMU's user-mode network (slirp), a peer nobody here wrote: the gateway
// 10.0.2.2 answers ARP, and its DHCP server offers 10.0.2.15. Exits 42 when every check passed.
using System;
using OSv.Core;

if (!Machine.Platform.Equals("metal"))
{
    Console.WriteLine("this image talks to a virtio device: run it with osv run --net user");
    return 1;
}
NetChecks.Run();
Console.WriteLine("SUMMARY passed=" + Check.Passed + " failed=" + Check.Failed);
return Check.Failed == 0 ? 42 : Check.Failed;
