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

        private readonly Option<string> _machine = CreateMachineOption();

        private readonly Option<bool> _entropy = new Option<bool>("--rng")
        {
            Description = "Attach a virtio-rng device fed from the host's /dev/urandom.",
        };

        private readonly Option<bool> _verbose = new Option<bool>("--verbose")
        {
            Description = "Print the full QEMU command line to stderr.",
        };

        public void AddTo(Command command)
        {
            foreach (Option option in new Option[] { _configuration, _accelerator, _memory, _cpuCount, _gdbPort, _qemu, _kernelOptions, _timeoutSeconds, _network, _virtio, _forwards, _entropy, _machine, _verbose })
                command.Options.Add(option);
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
                Machine: Enum.Parse<MachineKind>(result.GetValue(_machine)!, ignoreCase: true));
        }

        private NetworkSettings? ReadNetwork(ParseResult result)
        {
            string network = result.GetValue(_network)!;
            if (ParseUdpLink(network) is UdpLink udp)
                return new NetworkSettings(Array.Empty<PortForward>(), udp);
            if (network != "user")
                return null;
            List<PortForward> forwards = new List<PortForward>();
            foreach (string word in result.GetValue(_forwards) ?? Array.Empty<string>())
                forwards.Add(ParsePortForward(word)!.Value); // validated by the option
            return new NetworkSettings(forwards);
        }

        private static Option<string> CreateNetworkOption()
        {
            Option<string> option = new Option<string>("--net")
            {
                Description = "Network: none; user (a virtio-net NIC on QEMU's user-mode network; gateway 10.0.2.2 answers ARP and DHCP); "
                    + "or udp:LOCAL:REMOTE (raw frames as UDP datagrams: QEMU listens on 127.0.0.1:LOCAL and sends to 127.0.0.1:REMOTE).",
                DefaultValueFactory = _ => "none",
            };
            option.Validators.Add(result =>
            {
                string value = result.GetValueOrDefault<string>() ?? "";
                if (value != "none" && value != "user" && ParseUdpLink(value) is null)
                    result.AddError("--net wants none, user or udp:LOCAL:REMOTE (two ports between 1 and 65535), got '" + value + "'.");
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

        private static Option<string[]> CreateForwardOption()
        {
            Option<string[]> option = new Option<string[]>("--forward")
            {
                Description = "Forward a host TCP port on 127.0.0.1 to a guest port (with --net user), as HOST:GUEST; repeatable.",
                HelpName = "host:guest",
                AllowMultipleArgumentsPerToken = false,
            };
            option.Validators.Add(result =>
            {
                foreach (string word in result.GetValueOrDefault<string[]>() ?? Array.Empty<string>())
                {
                    if (ParsePortForward(word) is null)
                        result.AddError("--forward wants HOST:GUEST with two ports between 1 and 65535, got '" + word + "'.");
                }
            });
            return option;
        }

        // "udp:5555:5556" -> (5555, 5556); null when not that shape.
        internal static UdpLink? ParseUdpLink(string word)
        {
            const string prefix = "udp:";
            if (!word.StartsWith(prefix, StringComparison.Ordinal) || ParsePortForward(word.Substring(prefix.Length)) is not PortForward ports)
                return null;
            return new UdpLink(ports.HostPort, ports.GuestPort);
        }

        // "8080:80" -> (8080, 80); null when malformed.
        internal static PortForward? ParsePortForward(string word)
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
