return await TraceBackend.Host.TraceBackendProgram.RunAsync(args);
