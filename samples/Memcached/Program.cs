// The memcached appliance: memcached's text, meta and binary protocols over TCP and its UDP
// protocol, served from one item store (Store/) by the transport-independent engine (Server/).
// Two targets from this one project:
//   hosted  `dotnet run --project samples/Memcached -- -p 11211 -U 11211 -m 64 -t 4` serves on the
//           host's sockets (Hosting/MemcachedHost.Hosted.cs);
//   image   `./osv run samples/Memcached --net user --forward 11211:11211 --kernel-args "-m 64"`
//           serves over virtio-net with OSv.Net (Hosting/MemcachedHost.Metal.cs).
// Flags are memcached's own: -p -U -m -c -t -I -v (Server/ServerSettings.cs).
return MemcachedHost.Run(args);
