using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Running;
using PathwayHub.Benchmarks;

// `startup` times the web app from process start to its first 200 response; anything else goes to BenchmarkDotNet.
if (args.Length > 0 && args[0] == "startup") return await StartupTiming.RunAsync(args.Skip(1).ToArray());
// `load circuits|api ...` drives a deployment it starts on loopback with real circuits or API clients (see Load/LoadRun.cs).
if (args.Length > 0 && args[0] == "load") return await PathwayHub.Benchmarks.Load.LoadRun.RunAsync(args.Skip(1).ToArray());
// BenchmarkDotNet rebuilds the project per job; with other builds sharing two cores that can pass its default two minutes.
BenchmarkSwitcher.FromAssembly(typeof(MemberListRender).Assembly).Run(args, ManualConfig.Create(DefaultConfig.Instance).WithBuildTimeout(TimeSpan.FromMinutes(10)));
return 0;
