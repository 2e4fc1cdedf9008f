using BenchmarkDotNet.Running;
using PathwayHub.Benchmarks;

// `startup` times the web app from process start to its first 200 response; anything else goes to BenchmarkDotNet.
if (args.Length > 0 && args[0] == "startup") return await StartupTiming.RunAsync(args.Skip(1).ToArray());
BenchmarkSwitcher.FromAssembly(typeof(MemberListRender).Assembly).Run(args);
return 0;
