// The options of `osv run` (System.CommandLine wiring) and how they become RunSettings.
using System;
using System.Collections.Generic;
using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;

namespace OSv.Tool
{
    internal sealed class RunOptions
    {
        private const int PortMax = 65535;
        private const string TapPrefix = "tap:";
        internal const int InterfaceNameLengthMax = 15;
        private const int MacLengthBytes = 6;

        private readonly Option<string> _configuration = Cli.ConfigurationOption();

        private readonly Option<string> _accelerator = CreateAcceleratorOption();

        private readonly Option<string> _memory = new Option<string>("--mem")
        {
            Description = "Guest memory, in QEMU -m syntax.",
            HelpName = "size",
            DefaultValueFactory = _ => QemuCommand.DefaultMemory,
        };

        private readonly Option<int> _cpuCount = CreateCpuCountOption();

        private readonly Option<int?> _gdbPort = CreateGdbOption();

        private readonly Option<string> _qemu = new Option<string>("--qemu")
        {
            Description = "The QEMU executable (a path, or a name looked up on PATH).",
            HelpName = "path",
            DefaultValueFactory = _ => QemuCommand.DefaultExecutable,
        };

        private readonly Option<string> _kernelOptions = new Option<string>("--kernel-args")
        {
            Description = "Kernel options, placed before the \"--\" of the kernel command line.",
            HelpName = "text",
        };

        private readonly Option<double?> _timeoutSeconds = CreateTimeoutOption();

        private readonly Option<string> _network = CreateNetworkOption();

        private readonly Option<string> _virtio = CreateVirtioOption();

        private readonly Option<string[]> _forwards = CreateForwardOption();

        private readonly Option<string> _mac = CreateMacOption();

        private readonly Option<string> _machine = CreateMachineOption();

        private readonly Option<bool> _entropy = new Option<bool>("--rng")
        {
            Description = "Attach a virtio-rng device fed from the host's /dev/urandom.",
        };

        private readonly Option<string[]> _environment = CreateEnvironmentOption();

        private readonly Option<bool> _verbose = new Option<bool>("--verbose")
        {
            Description = "Print the full QEMU command line to stderr.",
        };

        public void AddTo(Command command)
        {
            foreach (Option option in new Option[] { _configuration, _accelerator, _memory, _cpuCount, _gdbPort, _qemu, _kernelOptions, _timeoutSeconds, _network, _virtio, _forwards, _mac, _entropy, _machine, _environment, _verbose })
                command.Options.Add(option);
            command.Validators.Add(ValidateNetworkCombination);
        }

        // --forward only means something on user networking, and --mac needs a NIC: said at
        // parse time instead of ignoring the option.
        private void ValidateNetworkCombination(CommandResult result)
        {
            string network = result.GetValue(_network) ?? "none";
            string[] forwards = result.GetValue(_forwards) ?? Array.Empty<string>();
            if (forwards.Length > 0 && network != "user")
                result.AddError("--forward needs --net user (QEMU forwards ports only on its user-mode network), got --net " + network + ".");
            if (result.GetValue(_mac) is not null && network == "none")
                result.AddError("--mac needs a network device: add --net user, tap:IFNAME or udp:LOCAL:REMOTE.");
        }

        public RunSettings Read(ParseResult result, Argument<string> target, Argument<string[]> applicationArguments)
        {
            double? timeoutSeconds = result.GetValue(_timeoutSeconds);
            return new RunSettings(
                Target: result.GetValue(target)!,
                Configuration: result.GetValue(_configuration)!,
                Accelerator: Enum.Parse<AcceleratorRequest>(result.GetValue(_accelerator)!, ignoreCase: true),
                Memory: result.GetValue(_memory)!,
                CpuCount: result.GetValue(_cpuCount),
                GdbPort: result.GetValue(_gdbPort),
                QemuExecutable: result.GetValue(_qemu)!,
                KernelOptions: result.GetValue(_kernelOptions),
                Timeout: timeoutSeconds is double seconds ? TimeSpan.FromSeconds(seconds) : null,
                Verbose: result.GetValue(_verbose),
                ApplicationArguments: result.GetValue(applicationArguments) ?? Array.Empty<string>(),
                Network: ReadNetwork(result),
                Transport: Enum.Parse<VirtioTransportKind>(result.GetValue(_virtio)!, ignoreCase: true),
                EntropyDevice: result.GetValue(_entropy),
                Machine: Enum.Parse<MachineKind>(result.GetValue(_machine)!, ignoreCase: true),
                Environment: result.GetValue(_environment) ?? Array.Empty<string>());
        }

        private NetworkSettings? ReadNetwork(ParseResult result)
        {
            string network = result.GetValue(_network)!;
            string? mac = result.GetValue(_mac);
            if (ParseUdpLink(network) is UdpLink udp)
                return new NetworkSettings(Array.Empty<PortForward>(), udp, Mac: mac);
            if (ParseTapName(network) is string tap)
                return new NetworkSettings(Array.Empty<PortForward>(), TapName: tap, Mac: mac);
            if (network != "user")
                return null;
            List<PortForward> forwards = new List<PortForward>();
            foreach (string word in result.GetValue(_forwards) ?? Array.Empty<string>())
                forwards.Add(ParsePortForward(word)!.Value); // validated by the option
            return new NetworkSettings(forwards, Mac: mac);
        }

        private static Option<string> CreateNetworkOption()
        {
            Option<string> option = new Option<string>("--net")
            {
                Description = "Network: none; user (a virtio-net NIC on QEMU's user-mode network; gateway 10.0.2.2 answers ARP and DHCP); "
                    + "tap:IFNAME (an existing tap device, e.g. inside a network namespace QEMU runs in); "
                    + "or udp:LOCAL:REMOTE (raw frames as UDP datagrams: QEMU listens on 127.0.0.1:LOCAL and sends to 127.0.0.1:REMOTE).",
                DefaultValueFactory = _ => "none",
            };
            option.Validators.Add(result =>
            {
                string value = result.GetValueOrDefault<string>() ?? "";
                if (value.StartsWith(TapPrefix, StringComparison.Ordinal) && ParseTapName(value) is null)
                    result.AddError("--net tap:IFNAME wants a Linux interface name of 1 to " + InterfaceNameLengthMax + " letters, digits, '-', '_' or '.', got '" + value + "'.");
                else if (value != "none" && value != "user" && !value.StartsWith(TapPrefix, StringComparison.Ordinal) && ParseUdpLink(value) is null)
                    result.AddError("--net wants none, user, tap:IFNAME or udp:LOCAL:REMOTE (two ports between 1 and 65535), got '" + value + "'.");
            });
            return option;
        }

        private static Option<string> CreateMacOption()
        {
            Option<string> option = new Option<string>("--mac")
            {
                Description = "The NIC's MAC address, as six hex pairs XX:XX:XX:XX:XX:XX (unicast); QEMU's default is 52:54:00:12:34:56.",
                HelpName = "address",
            };
            option.Validators.Add(result =>
            {
                string value = result.GetValueOrDefault<string>() ?? "";
                if (ParseMac(value) is not byte[] octets)
                    result.AddError("--mac wants six hex pairs separated by ':' (52:54:00:12:34:56), got '" + value + "'.");
                else if ((octets[0] & 1) != 0)
                    result.AddError("--mac " + value + " is a multicast address (the first octet is odd); a NIC needs a unicast one.");
                else if (Array.TrueForAll(octets, octet => octet == 0))
                    result.AddError("--mac 00:00:00:00:00:00 is not a usable address.");
            });
            return option;
        }

        private static Option<string> CreateMachineOption()
        {
            Option<string> option = new Option<string>("--machine")
            {
                Description = "QEMU machine: microvm (boots in milliseconds) or q35 (a PC with SeaBIOS; virtio devices on PCI).",
                DefaultValueFactory = _ => "microvm",
            };
            option.AcceptOnlyFromAmong("microvm", "q35");
            return option;
        }

        private static Option<string> CreateVirtioOption()
        {
            Option<string> option = new Option<string>("--virtio")
            {
                Description = "How virtio devices are attached: mmio (microvm's virtio-mmio slots) or pci (microvm with a PCIe host bridge).",
                DefaultValueFactory = _ => "mmio",
            };
            option.AcceptOnlyFromAmong("mmio", "pci");
            return option;
        }

        private static Option<string[]> CreateEnvironmentOption()
        {
            Option<string[]> option = new Option<string[]>("--env")
            {
                Description = "Set an environment variable of the program (NAME=VALUE; the value may be empty); repeatable.",
                HelpName = "name=value",
                AllowMultipleArgumentsPerToken = false,
            };
            option.Validators.Add(result =>
            {
                foreach (string word in result.GetValueOrDefault<string[]>() ?? Array.Empty<string>())
                {
                    if (word.IndexOf('=') <= 0)
                        result.AddError("--env wants NAME=VALUE with a non-empty NAME, got '" + word + "'.");
                }
            });
            return option;
        }

        private static Option<string[]> CreateForwardOption()
        {
            Option<string[]> option = new Option<string[]>("--forward")
            {
                Description = "Forward a host port on 127.0.0.1 to a guest port (with --net user): HOST:GUEST or tcp:HOST:GUEST for TCP, udp:HOST:GUEST for UDP; repeatable.",
                HelpName = "[udp:]host:guest",
                AllowMultipleArgumentsPerToken = false,
            };
            option.Validators.Add(result =>
            {
                foreach (string word in result.GetValueOrDefault<string[]>() ?? Array.Empty<string>())
                {
                    if (ParsePortForward(word) is null)
                        result.AddError("--forward wants HOST:GUEST, tcp:HOST:GUEST or udp:HOST:GUEST with two ports between 1 and 65535, got '" + word + "'.");
                }
            });
            return option;
        }

        // "tap:osvtap0" -> "osvtap0"; null when not that shape. Linux names are at most 15 bytes
        // (IFNAMSIZ 16 with the NUL); the character set is narrower than the kernel's so that the
        // name never needs quoting in QEMU's comma-separated -netdev value.
        internal static string? ParseTapName(string word)
        {
            if (!word.StartsWith(TapPrefix, StringComparison.Ordinal))
                return null;
            string name = word.Substring(TapPrefix.Length);
            if (name.Length < 1 || name.Length > InterfaceNameLengthMax || name == "." || name == "..")
                return null;
            foreach (char c in name)
            {
                if (!(char.IsAsciiLetterOrDigit(c) || c == '-' || c == '_' || c == '.'))
                    return null;
            }
            return name;
        }

        // "52:54:00:12:34:56" -> its six octets; null when malformed.
        internal static byte[]? ParseMac(string word)
        {
            string[] pairs = word.Split(':');
            if (pairs.Length != MacLengthBytes)
                return null;
            byte[] octets = new byte[MacLengthBytes];
            for (int i = 0; i < MacLengthBytes; i++)
            {
                if (pairs[i].Length != 2 || !byte.TryParse(pairs[i], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out octets[i]))
                    return null;
            }
            return octets;
        }

        // "udp:5555:5556" -> (5555, 5556); null when not that shape.
        internal static UdpLink? ParseUdpLink(string word)
        {
            const string prefix = "udp:";
            if (!word.StartsWith(prefix, StringComparison.Ordinal) || ParsePortPair(word.Substring(prefix.Length)) is not PortForward ports)
                return null;
            return new UdpLink(ports.HostPort, ports.GuestPort);
        }

        // "8080:80" and "tcp:8080:80" -> TCP (8080, 80); "udp:5353:53" -> UDP; null when malformed.
        internal static PortForward? ParsePortForward(string word)
        {
            if (word.StartsWith("udp:", StringComparison.Ordinal))
                return ParsePortPair(word.Substring(4)) is PortForward udp ? udp with { Protocol = ForwardProtocol.Udp } : null;
            if (word.StartsWith("tcp:", StringComparison.Ordinal))
                return ParsePortPair(word.Substring(4));
            return ParsePortPair(word);
        }

        // "8080:80" -> (8080, 80) as TCP; null when malformed.
        private static PortForward? ParsePortPair(string word)
        {
            int colon = word.IndexOf(':');
            if (colon <= 0
                || !int.TryParse(word.AsSpan(0, colon), NumberStyles.None, CultureInfo.InvariantCulture, out int host)
                || !int.TryParse(word.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out int guest)
                || host < 1 || host > PortMax || guest < 1 || guest > PortMax)
                return null;
            return new PortForward(host, guest);
        }

        private static Option<string> CreateAcceleratorOption()
        {
            Option<string> option = new Option<string>("--accel")
            {
                Description = "QEMU accelerator: auto picks kvm only when the CPU shows vmx/svm and /dev/kvm opens read-write.",
                DefaultValueFactory = _ => "auto",
            };
            option.AcceptOnlyFromAmong("auto", "kvm", "tcg");
            return option;
        }

        private static Option<int> CreateCpuCountOption()
        {
            Option<int> option = new Option<int>("--cpus")
            {
                Description = "Number of virtual CPUs.",
            HelpName = "n",
                DefaultValueFactory = _ => QemuCommand.DefaultCpuCount,
            };
            option.Validators.Add(result =>
            {
                if (result.GetValueOrDefault<int>() < 1)
                    result.AddError("--cpus must be at least 1.");
            });
            return option;
        }

        // "--gdb" alone means the default port. The parser gives an option of arity 0..1 the next
        // word whatever it is, so "--gdb samples/Hello" cannot mean "default port, then the
        // project": the error says to reorder.
        private static Option<int?> CreateGdbOption() => new Option<int?>("--gdb")
        {
            Description = "Wait for gdb on this TCP port (default " + QemuCommand.DefaultGdbPort + ") before the guest starts.",
            Arity = ArgumentArity.ZeroOrOne,
            HelpName = "port",
            CustomParser = ParseGdbPort,
        };

        private static int? ParseGdbPort(ArgumentResult result)
        {
            if (result.Tokens.Count == 0)
                return QemuCommand.DefaultGdbPort;
            string word = result.Tokens[0].Value;
            if (!int.TryParse(word, NumberStyles.None, CultureInfo.InvariantCulture, out int port))
            {
                result.AddError("'" + word + "' is not a port for --gdb: write a port (--gdb " + QemuCommand.DefaultGdbPort + ") or put --gdb after the project.");
                return null;
            }
            if (port < 1 || port > PortMax)
                result.AddError("--gdb port must be between 1 and 65535.");
            return port;
        }

        private static Option<double?> CreateTimeoutOption()
        {
            Option<double?> option = new Option<double?>("--timeout")
            {
                Description = "Stop QEMU after this many seconds and exit with 124.",
                HelpName = "seconds",
            };
            option.Validators.Add(result =>
            {
                if (result.GetValueOrDefault<double?>() is double seconds && !(seconds > 0))
                    result.AddError("--timeout must be a positive number of seconds.");
            });
            return option;
        }
    }
}
