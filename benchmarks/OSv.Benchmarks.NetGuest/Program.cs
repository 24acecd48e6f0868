// The virtio-net benchmark image (NetBenchmark.Metal.cs). "transmit N SIZE": sends N frames of SIZE bytes as fast as the transmit queue takes them.
// "receive N SIZE": counts frames of SIZE bytes from the host until N arrived or the host went
// quiet. Either way it prints one "result" line the host side parses: frames, elapsed guest time,
// notifications sent to the device, interrupts taken.
return NetBenchmark.Run(args);
