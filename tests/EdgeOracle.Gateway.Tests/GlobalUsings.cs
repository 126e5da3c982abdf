// TestDevice and SignedMessage live with the protocol library's tests (linked in by the project file).
global using EdgeOracle.Protocol.Tests.TestSupport;
