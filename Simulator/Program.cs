using Sim.Cli;

return SimCli.Run(args, Console.Out, Console.Error);
