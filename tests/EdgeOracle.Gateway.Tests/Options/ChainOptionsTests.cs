using System;
using System.Collections.Generic;
using System.ComponentModel.DataAnnotations;
using System.Linq;
using EdgeOracle.Gateway.Options;
using EdgeOracle.Gateway.Tests.TestSupport;
using Xunit;

namespace EdgeOracle.Gateway.Tests.Options;

public sealed class ChainOptionsTests
{
    [Fact]
    public void RelayerDefaults_AreValid()
    {
        var options = TestChain.Options(relayEnabled: true);

        Assert.Empty(Validate(options));
        Assert.Equal((16, TimeSpan.FromSeconds(30), 200m), (options.MaxInFlight, options.BumpAfter, options.MaxFeePerGasGwei));
    }

    [Theory]
    [InlineData(nameof(ChainOptions.MaxInFlight))]
    [InlineData(nameof(ChainOptions.BumpAfter))]
    [InlineData(nameof(ChainOptions.MaxFeePerGasGwei))]
    public void RelayerOptions_OutOfRange_AreRefused(string property)
    {
        var options = TestChain.Options(relayEnabled: true);
        switch (property)
        {
            case nameof(ChainOptions.MaxInFlight):
                options.MaxInFlight = 0;
                break;
            case nameof(ChainOptions.BumpAfter):
                options.BumpAfter = TimeSpan.FromMilliseconds(10);
                break;
            default:
                options.MaxFeePerGasGwei = 0m;
                break;
        }

        Assert.Equal([property], Validate(options).SelectMany(r => r.MemberNames));
    }

    private static List<ValidationResult> Validate(ChainOptions options)
    {
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true);
        return results;
    }
}
