// Entry point: options (System.CommandLine), then one guest boot per (direction, frame size,
// event index) and a Markdown table on stdout; progress on stderr.
using System;
using System.Collections.Generic;
using System.CommandLine;
using System.Linq;
using OSv.Benchmarks.Net;

Option<int> frames = new Option<int>("--frames")
{
    Description = "Frames per run.",
    DefaultValueFactory = _ => 20_000,
};
frames.Validators.Add(result =>
{
    if (result.GetValueOrDefault<int>() < 100)
        result.AddError("--frames must be at least 100.");
});
Option<int[]> sizes = new Option<int[]>("--sizes")
{
    Description = "Frame sizes in bytes (60..1518).",
    DefaultValueFactory = _ => new[] { 64, 1514 },
    AllowMultipleArgumentsPerToken = true,
};
sizes.Validators.Add(result =>
{
    foreach (int size in result.GetValueOrDefault<int[]>() ?? Array.Empty<int>())
    {
        if (size < 60 || size > 1518)
            result.AddError("--sizes must be between 60 and 1518 bytes.");
    }
});

RootCommand root = new RootCommand("Measures virtio-net frames per second between the guest and a host process; prints Markdown.")
{
    frames, sizes,
};
root.SetAction(result =>
{
    string repository = Runner.FindRepositoryRoot();
    string image = Runner.BuildImage(repository);
    var rows = new List<RunResult>();
    foreach (Direction direction in new[] { Direction.GuestToHost, Direction.HostToGuest })
    {
        foreach (int size in result.GetValue(sizes)!)
        {
            foreach (bool eventIndex in new[] { true, false })
                rows.Add(Runner.Run(repository, image, direction, result.GetValue(frames), size, eventIndex));
        }
    }
    Report.Print(rows, result.GetValue(frames));
    return rows.All(row => row.Succeeded) ? 0 : 1;
});
return root.Parse(args).Invoke();
