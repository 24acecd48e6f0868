// virtio-net against QEMU's user-mode network (slirp), a peer nobody here wrote: the gateway
// 10.0.2.2 answers ARP, and its DHCP server offers 10.0.2.15. With "echo N", raw frames to a host
// process that echoes them (EchoChecks). Exits 42 when every check passed.
using System;
using OSv.Core;

if (!Machine.Platform.Equals("metal"))
{
    Console.WriteLine("this image talks to a virtio device: run it with osv run --net user");
    return 1;
}
if (args.Length == 2 && args[0] == "echo" && int.TryParse(args[1], out int frames))
    EchoChecks.Run(frames);
else
    NetChecks.Run();
Console.WriteLine("SUMMARY passed=" + Check.Passed + " failed=" + Check.Failed);
return Check.Failed == 0 ? 42 : Check.Failed;
