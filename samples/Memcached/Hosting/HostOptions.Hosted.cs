// What the hosted program runs with: memcached's settings (ServerSettings, shared with the
// image) plus what only a host has, the address to listen on (memcached's -l).
using System.Net;
using Memcached.Server;

namespace Memcached.Hosting
{
    public sealed class HostOptions
    {
        public const string ListenAddressDefault = "0.0.0.0";

        public ServerSettings Settings { get; set; } = new ServerSettings();
        public string ListenAddress { get; set; } = ListenAddressDefault;

        // The parsed -l address; validation has already refused one that does not parse.
        public IPAddress ListenIPAddress => IPAddress.Parse(ListenAddress);
    }
}
