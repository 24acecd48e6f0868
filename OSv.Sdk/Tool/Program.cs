// The `osv` command line: System.CommandLine wiring only. Each command's work lives in its own
// file (BuildCommand.cs, RunCommand.cs); the options of `osv run` are in RunOptions.cs.
using System;
using System.CommandLine;
using OSv.Tool;

RootCommand root = new RootCommand("OSv.NET: build C# applications into VM images and boot them under QEMU.");
root.Subcommands.Add(Cli.CreateBuildCommand());
root.Subcommands.Add(Cli.CreateRunCommand());
// No response files: an application argument such as "@notes" must reach the guest unchanged.
ParserConfiguration configuration = new ParserConfiguration { ResponseFileTokenReplacer = null };
return root.Parse(args, configuration).Invoke();

namespace OSv.Tool
{
    internal static class Cli
    {
        public static Command CreateBuildCommand()
        {
            Argument<string> project = ProjectArgument("The application: a .csproj file or a folder holding exactly one.");
            Option<string> configuration = ConfigurationOption();
            Command command = new Command("build", "Build an application's VM image and print its path.") { project, configuration };
            command.SetAction(result => BuildCommand.Execute(result.GetValue(project)!, result.GetValue(configuration)!));
            return command;
        }

        // execute is RunCommand.Execute; tests pass their own to see the settings parsed.
        public static Command CreateRunCommand(Func<RunSettings, int>? execute = null)
        {
            execute ??= RunCommand.Execute;
            Argument<string> target = ProjectArgument("The application (a .csproj file or a folder holding one), or a built image (.elf).");
            Argument<string[]> applicationArguments = new Argument<string[]>("app-args")
            {
                Description = "Arguments for the application, after \"--\".",
                Arity = ArgumentArity.ZeroOrMore,
            };
            RunOptions options = new RunOptions();
            Command command = new Command("run", "Boot an application under QEMU (building it first when given a project) and return its exit code.");
            command.Arguments.Add(target);
            command.Arguments.Add(applicationArguments);
            options.AddTo(command);
            command.SetAction(result => execute(options.Read(result, target, applicationArguments)));
            return command;
        }

        public static Argument<string> ProjectArgument(string description) =>
            new Argument<string>("project") { Description = description };

        public static Option<string> ConfigurationOption()
        {
            Option<string> option = new Option<string>("--configuration", "-c")
            {
                Description = "The build configuration.",
                DefaultValueFactory = _ => ImageBuilder.DefaultConfiguration,
            };
            option.AcceptOnlyFromAmong("Debug", "Release");
            return option;
        }
    }
}
