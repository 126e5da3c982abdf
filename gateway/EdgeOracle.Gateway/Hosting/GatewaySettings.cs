using System;
using System.Collections.Generic;
using System.Globalization;
using System.Reflection;
using EdgeOracle.Gateway.Anchoring;
using EdgeOracle.Gateway.Keepers;
using EdgeOracle.Gateway.Options;
using EdgeOracle.Gateway.Registry;

namespace EdgeOracle.Gateway.Hosting;

/// <summary>All options of an in-process gateway, given in code (see <see cref="GatewayApp.StartAsync"/>).</summary>
public sealed class GatewaySettings
{
    /// <summary>The broker. Its port defaults to 1883; use 0 to let the OS pick.</summary>
    public MqttOptions Mqtt { get; init; } = new();

    /// <summary>The store.</summary>
    public StorageOptions Storage { get; init; } = new();

    /// <summary>The chain.</summary>
    public ChainOptions Chain { get; init; } = new();

    /// <summary>Merkle anchoring of stored readings (idle unless a contract is set).</summary>
    public AnchoringOptions Anchoring { get; init; } = new();

    /// <summary>The registry event follower (off unless enabled).</summary>
    public RegistryFollowerOptions RegistryFollower { get; init; } = new();

    /// <summary>The keepers (each off unless switched on).</summary>
    public KeeperOptions Keepers { get; init; } = new();

    /// <summary>Where the HTTP API listens. Default <c>http://127.0.0.1:0</c> (a port the OS picks).</summary>
    public string HttpUrls { get; init; } = "http://127.0.0.1:0";

    /// <summary>
    /// The settings as configuration keys (<c>Mqtt:Port</c>, <c>Chain:RpcUrl</c>, …), so that they go through the same
    /// binding and validation as appsettings.json.
    /// </summary>
    public IEnumerable<KeyValuePair<string, string?>> ToConfiguration()
    {
        foreach (var pair in Flatten(MqttOptions.SectionName, Mqtt))
        {
            yield return pair;
        }

        foreach (var pair in Flatten(StorageOptions.SectionName, Storage))
        {
            yield return pair;
        }

        foreach (var pair in Flatten(ChainOptions.SectionName, Chain))
        {
            yield return pair;
        }

        foreach (var pair in Flatten(AnchoringOptions.SectionName, Anchoring))
        {
            yield return pair;
        }

        foreach (var pair in Flatten(RegistryFollowerOptions.SectionName, RegistryFollower))
        {
            yield return pair;
        }

        foreach (var pair in Flatten(KeeperOptions.SectionName, Keepers))
        {
            yield return pair;
        }

        yield return new KeyValuePair<string, string?>("Urls", HttpUrls);
    }

    // Properties as configuration keys; a list becomes one key per element (Section:Property:0, …; an element with
    // properties of its own, Section:Property:0:Name), as the configuration binder reads lists.
    private static IEnumerable<KeyValuePair<string, string?>> Flatten(string section, object options)
    {
        foreach (var property in options.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (property.GetIndexParameters().Length != 0)
            {
                continue;
            }

            var key = $"{section}:{property.Name}";
            var value = property.GetValue(options);
            if (value is System.Collections.IList list and not Array { Rank: > 1 })
            {
                for (var i = 0; i < list.Count; i++)
                {
                    var element = list[i];
                    var elementKey = $"{key}:{i.ToString(CultureInfo.InvariantCulture)}";
                    if (element is null || IsScalar(element))
                    {
                        yield return new KeyValuePair<string, string?>(elementKey, Text(element));
                    }
                    else
                    {
                        foreach (var pair in Flatten(elementKey, element))
                        {
                            yield return pair;
                        }
                    }
                }

                continue;
            }

            yield return new KeyValuePair<string, string?>(key, Text(value));
        }
    }

    private static bool IsScalar(object value) => value is string or TimeSpan or IFormattable or bool or Uri;

    private static string? Text(object? value) => value switch
    {
        null => null,
        TimeSpan span => span.ToString("c", CultureInfo.InvariantCulture),
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString(),
    };
}
