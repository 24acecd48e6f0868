// The virtio PCI transport inside the guest, under QEMU microvm,pcie=on with a virtio-net-pci
// device on user networking: discovery (ECAM, enumeration, BAR placement, capabilities), the
// device's features and MAC address, then MSI-X and both queues end to end (an ARP request for
// the gateway goes out, its reply comes in, each signalled by an MSI-X interrupt).
// With the argument "intx", the line interrupt is used instead of MSI-X (routed from the host
// bridge's _PRT). Reports "PASS <name>" / "FAIL <name>" lines and exits with 42 when every check
// passed.
using System;
using OSv.Core;

bool lineInterrupt = args.Length > 0 && args[0] == "intx";
Console.WriteLine("virtio-pci on " + Machine.Platform + (lineInterrupt ? ", line interrupt" : ", msi-x"));
VirtioPciChecks.Run(lineInterrupt);
Console.WriteLine("SUMMARY passed=" + Check.Passed + " failed=" + Check.Failed);
return Check.Failed == 0 ? 42 : Check.Failed;
