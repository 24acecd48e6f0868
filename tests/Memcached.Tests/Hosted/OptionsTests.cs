// The hosted program's command line (HostCommandLine, bound through Microsoft.Extensions.Options):
// memcached's defaults, its flags in short, long and attached forms, and a clear one-line refusal
// with exit code 64 (EX_USAGE) for a bad value, also through the real program.
using System;
using System.Diagnostics;
using System.IO;
using Memcached.Hosting;
using Xunit;

namespace Memcached.Tests.Hosted
{
    public sealed class OptionsTests
    {
        private static HostOptions Parse(params string[] args)
        {
            HostOptions? options = HostCommandLine.TryParse(args, out string? error);
            Assert.True(options != null, error);
            return options!;
        }

        private static string Refuse(params string[] args)
        {
            HostOptions? options = HostCommandLine.TryParse(args, out string? error);
            Assert.Null(options);
            return error!;
        }

        [Fact]
        public void NoFlags_GiveMemcachedDefaults()
        {
            HostOptions options = Parse();
            Assert.Equal(11211, options.Settings.Port);
            Assert.Equal(0, options.Settings.UdpPort);
            Assert.Equal(64, options.Settings.MemoryMegabytes);
            Assert.Equal(1024, options.Settings.ConnectionsMax);
            Assert.Equal(4, options.Settings.Threads);
            Assert.Equal(1024 * 1024, options.Settings.ItemSizeMax);
            Assert.Equal(0, options.Settings.Verbosity);
            Assert.Equal("0.0.0.0", options.ListenAddress);
        }

        [Fact]
        public void ShortFlags_SetEverySetting()
        {
            HostOptions options = Parse("-p", "2000", "-U", "2001", "-m", "128", "-c", "50", "-t", "2", "-I", "512k", "-v", "-l", "127.0.0.1");
            Assert.Equal((2000, 2001, 128, 50, 2, 512 * 1024, 1, "127.0.0.1"),
                (options.Settings.Port, options.Settings.UdpPort, options.Settings.MemoryMegabytes, options.Settings.ConnectionsMax,
                 options.Settings.Threads, options.Settings.ItemSizeMax, options.Settings.Verbosity, options.ListenAddress));
        }

        [Fact]
        public void LongFlags_SetEverySetting()
        {
            HostOptions options = Parse("--port", "2000", "--udp-port", "2001", "--memory-limit", "128", "--conn-limit", "50",
                "--threads", "2", "--max-item-size", "2048", "--verbose", "--listen", "::1");
            Assert.Equal((2000, 2001, 128, 50, 2, 2048, 1, "::1"),
                (options.Settings.Port, options.Settings.UdpPort, options.Settings.MemoryMegabytes, options.Settings.ConnectionsMax,
                 options.Settings.Threads, options.Settings.ItemSizeMax, options.Settings.Verbosity, options.ListenAddress));
        }

        [Fact]
        public void AttachedValues_AreRead()
        {
            HostOptions options = Parse("-p11300", "--udp-port=11301", "-t:3");
            Assert.Equal((11300, 11301, 3), (options.Settings.Port, options.Settings.UdpPort, options.Settings.Threads));
        }

        [Fact]
        public void FlagGivenTwice_LastValueWins()
        {
            Assert.Equal(12000, Parse("-p", "11000", "-p", "12000").Settings.Port);
        }

        [Fact]
        public void FlagWithoutValue_Refused()
        {
            Assert.Equal("Required argument missing for option: '-t'.", Refuse("-t"));
        }

        [Fact]
        public void RepeatedVerbose_CountsEachV()
        {
            Assert.Equal(3, Parse("-vv", "-v").Settings.Verbosity);
        }

        [Fact]
        public void ItemSizeWithMegabyteSuffix_IsBytes()
        {
            Assert.Equal(1024 * 1024, Parse("-I", "1m").Settings.ItemSizeMax);
        }

        [Fact]
        public void ZeroThreads_RefusedWithMemcachedMessage()
        {
            Assert.Equal("-t: Number of threads must be greater than 0", Refuse("-t", "0"));
        }

        [Fact]
        public void ItemSizeBelow1024_RefusedWithMemcachedMessage()
        {
            Assert.Equal("-I: Item max size cannot be less than 1024 bytes.", Refuse("-I", "512"));
        }

        [Fact]
        public void ItemSizeAboveHalfTheMemory_RefusedWithMemcachedMessage()
        {
            Assert.Equal("-I: Cannot set item size limit higher than 1/2 of memory max.", Refuse("-m", "1", "-I", "1m"));
        }

        [Fact]
        public void PortNotANumber_Refused()
        {
            Assert.Equal("-p: port must be a number", Refuse("-p", "eleven"));
        }

        [Fact]
        public void PortOutOfRange_Refused()
        {
            Assert.Equal("-p: port must be 0..65535", Refuse("-p", "70000"));
        }

        [Fact]
        public void BothPortsOff_Refused()
        {
            Assert.Equal("-p/-U: at least one of TCP and UDP must be on", Refuse("-p", "0"));
        }

        [Fact]
        public void ListenAddressNotAnAddress_Refused()
        {
            Assert.Equal("-l: not an IP address: example", Refuse("-l", "example"));
        }

        [Fact]
        public void UnknownFlag_Refused()
        {
            Assert.Contains("-z", Refuse("-z"));
        }

        [Fact]
        public void Program_BadValue_PrintsOneLineAndExits64()
        {
            ProcessStartInfo start = new ProcessStartInfo("dotnet")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            foreach (string word in new[] { Path.Combine(AppContext.BaseDirectory, "Memcached.dll"), "-t", "0" })
                start.ArgumentList.Add(word);
            using Process process = Process.Start(start)!;
            string stderr = process.StandardError.ReadToEnd();
            string stdout = process.StandardOutput.ReadToEnd();
            Assert.True(process.WaitForExit(30_000));
            Assert.Equal(64, process.ExitCode);
            Assert.Equal("memcached: -t: Number of threads must be greater than 0" + Environment.NewLine, stderr);
            Assert.Equal("", stdout);
        }
    }
}
