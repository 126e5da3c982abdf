using EdgeOracle.Gateway.Hosting;

// deploy, devices, --help: the command line; run (or no command): host the gateway with the rest as configuration.
return await GatewayHost.RunAsync(args);
